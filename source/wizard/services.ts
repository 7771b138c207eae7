import type {PackageCandidate} from '../commands/find-packages.js';
import type {ImportPlan, RunOptions} from '../engine/plan.js';
import type {ImportResult} from '../engine/result.js';
import type {PromoteOptions, PromotePlan, PromoteResult} from '../engine/promote.js';
import type {Profile} from '../config/profile-types.js';
import type {Choices, PackageInfo} from '../vendors/vendor.js';
import type {MstrReview} from '../vendors/mstr/types.js';

import type {ServerPackage, TreeNode} from '../vendors/aep/list-packages.js';
import type {AepTarget} from '../vendors/aep/types.js';

export type {PackageCandidate} from '../commands/find-packages.js';
export type {ServerPackage, TreeNode} from '../vendors/aep/list-packages.js';

/** Everything the wizard needs from the outside world; the App sees nothing else. */
export type WizardServices = {
	listProfiles(): Profile[];
	/** A saved secret or the env var is there. */
	hasSecret(profile: Profile): boolean;
	/** Signs in with these values; rejects with a PackportError (message + hint). */
	testConnection(profile: Profile, secret: string): Promise<void>;
	/** Saves the profile and, if given, the secret. */
	/** Returns a one-time note for the user (secrets fell back to the 0600 file), if any. */
	saveProfile(profile: Profile, secret?: string): string | undefined;
	/** Imports whose process died while their job ran (history "started" lines without an end). */
	interruptedRuns(): Array<{profile: string; vendor?: string; jobId: string; package: string | null; at: string}>;
	findPackages(profile: Profile): Promise<PackageCandidate[]>;
	/** Local inspection; rejects with a usage PackportError for bad input. */
	inspectPackage(profile: Profile, path: string): Promise<PackageInfo>;
	/** The secret from env or the saved profile, or undefined when the wizard must ask. */
	resolveSecret(profile: Profile): string | undefined;
	/**
	 * Where that secret comes from, in words ("PACKPORT_PASSWORD from the environment; profile 'prod'
	 * also has a saved password (…)"), or undefined when the wizard must ask.
	 */
	secretSource?(profile: Profile): {words: string; fromEnvironment: boolean} | undefined;
	runImport(plan: ImportPlan, options: RunOptions): Promise<ImportResult>;
	/** Adobe: one page of the org's packages from `start` (the package lives on the server, not on disk). */
	listServerPackages(profile: Profile, secret: string, start: number): Promise<{packages: ServerPackage[]; hasNextPage: boolean}>;
	/** Adobe: what an artifact depends on, for the conflict review. */
	dependencyTree(profile: Profile, secret: string, packageId: string, artifact: {id: string; type: string}): Promise<TreeNode[]>;
	/** Adobe: writes the substitutions file `--substitutions` reads; returns its path. */
	saveSubstitutions(name: string, alternatives: Record<string, AepTarget>): string;
	/**
	 * Promote into `target`: the other profiles of its vendor to take a package from, and what the
	 * wizard asks for (the REF of `packport promote`); undefined when the vendor cannot promote.
	 */
	promoteSources?(target: Profile): Promise<{profiles: Profile[]; prompt: string; fileBase(ref: string): string} | undefined>;
	/** The source's local checks of REF (a file that reads, a name); rejects with a usage PackportError. */
	checkPromoteRef?(target: Profile, ref: string, options: PromotePlan['target']['options']): Promise<string>;
	/**
	 * Adobe: publishes a draft of the profile's source sandbox and waits until Adobe says PUBLISHED
	 * (PUBLISH_FAILED rejects with the reason); `onStatus` gets the package's status while it waits.
	 */
	publishServerPackage?(profile: Profile, secret: string, id: string, onStatus?: (status: string) => void): Promise<void>;
	/** The folder the wizard was started in (files a promote makes beside a temp package go there). */
	workingFolder?(): string;
	/**
	 * MicroStrategy promote: the definition REF holds, as a review (objects, settings, actions), so
	 * the user sets the actions before the build: the package then carries them and the target
	 * applies them (a documented server takes no action change on an uploaded package).
	 */
	promoteDefinition?(target: Profile, ref: string): Promise<MstrReview | undefined>;
	/** What the source offers to take, when it can list it (Vault: its outbound packages' names). */
	promoteChoices?(from: Profile, secret: string): Promise<string[] | undefined>;
	/** Both halves of a promote, recorded in history as `packport promote` records them. */
	runPromote?(plan: PromotePlan, options: PromoteOptions): Promise<PromoteResult>;
	/** The equivalent headless command line, for the summary. */
	headlessCommand(plan: ImportPlan, choices: Choices | undefined): string;
};
