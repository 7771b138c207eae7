/**
 * The one interface every vendor implements. The engine (engine/run-import.ts) drives it:
 *
 *   inspectPackage (local, may throw usage errors: nothing sent)
 *   -> open(ctx).prepare()   login, upload, read what will change; nothing applied yet
 *   -> review                the wizard asks the user; headless uses flow.choicesFromOptions()
 *   -> execute(choices)      the point of no return: the import itself, polled to the end
 *   -> cleanup()             always, exactly once, on every path (failure, deadline, Ctrl-C)
 */
import type {OnEvent} from '../engine/events.js';
import type {PromoteSource} from '../engine/promote.js';
import type {PackportError} from '../errors.js';
import type {Profile} from '../config/profile-types.js';
import type {Redactor} from '../http/redact.js';
import type {VendorId} from './vendor-id.js';
import type {MstrChoices, MstrOptions, MstrReview} from './mstr/types.js';
import type {VaultChoices, VaultOptions, VaultReview} from './vault/types.js';
import type {AepChoices, AepOptions, AepReview} from './aep/types.js';

export type {VendorId} from './vendor-id.js';

/** What we know of the package before talking to the server. */
export type PackageInfo = {
	/** Local file, for vault and mstr. */
	path?: string;
	bytes?: number;
	/** Known before sending only for a folder zipped here; a file's is computed by its upload (packages/sent-digest.ts). */
	sha256?: string;
	/** Server-side package (aep). */
	id?: string;
	name?: string;
	/** Vendor specifics shown before upload (e.g. the vpk manifest). */
	summary?: Record<string, unknown>;
	warnings: string[];
	/**
	 * Removes what the inspection made on the side (a Vault package folder zipped to a temp .vpk,
	 * which `path` then names). Call once the run is over, on every path; safe to call twice.
	 */
	dispose?: () => void;
};

export type VendorOptions = {mstr?: MstrOptions; vault?: VaultOptions; aep?: AepOptions};

export type Review = MstrReview | VaultReview | AepReview;
export type Choices = MstrChoices | VaultChoices | AepChoices;

export type VendorContext = {
	profile: Profile;
	secret: string;
	signal: AbortSignal;
	onEvent: OnEvent;
	/** Floor between status polls, already resolved from flag or vendor default. */
	pollIntervalMs: number;
	/** Epoch ms after which the flow must stop waiting. */
	deadline: number;
	redactor: Redactor;
	options: VendorOptions;
	/** --request-timeout: how long one call may wait for an answer (vendor default when undefined). */
	requestTimeoutMs?: number;
	/** The signal a cleanup uses: its own budget, cut to a couple of seconds when the user insists. */
	cleanupSignal(budgetMs: number): AbortSignal;
};

export type Outcome = {
	/** The vendor's final status word, lower case (e.g. "imported", "failed"). */
	status: string;
	/** 0 imported, 1 failed on the server, 4 with warnings / partly. */
	exitCode: 0 | 1 | 4 | 5;
	undoPackage?: string;
	details: Record<string, unknown>;
	warnings: string[];
	error?: PackportError;
};

export type CleanupReport = {
	/** Things removed from the server, for the summary ("import process deleted"). */
	done: string[];
	/** Things that could not be removed, said plainly. */
	left: string[];
};

/** What a vendor's flow offers after a refused apply (see VendorFlow.reviewAfterRefusal). */
export type RefusalReview = {review: Review; choices: Choices; settle(choices: Choices): Choices};

export interface VendorFlow {
	/** Set as soon as the server names the job; reported on every path. */
	readonly jobId: string | undefined;
	/** True once the irreversible call was sent: an interruption after it is "outcome unknown". */
	readonly submitted: boolean;
	prepare(): Promise<Review>;
	/** Choices from the command-line options (headless); throws a usage error for unknown ids. */
	choicesFromOptions(review: Review): Choices;
	/** Applies the choices on the server before the point of no return (e.g. MicroStrategy actions). */
	apply(choices: Choices): Promise<void>;
	/**
	 * apply() was refused in a way a person can decide on (the server keeps its own choices): the
	 * review to show again, read-only, with the choices it stands for, and `settle` to make whatever
	 * the review answers go on with what the server holds. Undefined (or no method): the refusal
	 * stops the run. Only the wizard asks; headless runs always stop, as their flags asked otherwise.
	 */
	reviewAfterRefusal?(error: unknown): RefusalReview | undefined;
	/**
	 * For a flow whose import ran before the review (submitted is true by then): the choices that go
	 * no further, used when the review is declined, so the result reports what the import did instead
	 * of "nothing was imported".
	 */
	declinedChoices?(): Choices;
	execute(choices: Choices): Promise<Outcome>;
	cleanup(): Promise<CleanupReport>;
	/** Review data for the JSON `details`, when the run ends before execute. */
	details(): Record<string, unknown>;
}

export interface Vendor {
	id: VendorId;
	/** Seconds between polls when no --poll-interval is given (design.md section 2). */
	defaultPollSeconds: number;
	/**
	 * For systems that keep a job only in the session that started it (no later command can follow
	 * it): what to tell the user when the run stops while the job runs. Absent: `packport status`
	 * re-attaches.
	 */
	sessionBoundJob?: (jobId: string) => string;
	/** Signs in and out again, so a new profile is known to work before it is saved. */
	testConnection(profile: Profile, secret: string, signal: AbortSignal): Promise<void>;
	/** Local checks only. Throws a usage PackportError (exit 2) for bad input. */
	inspectPackage(ref: string): Promise<PackageInfo>;
	open(ctx: VendorContext, pkg: PackageInfo): VendorFlow;
	/** `packport promote`'s first half: export, build or publish the package on a source environment. */
	promote?: PromoteSource;
}
