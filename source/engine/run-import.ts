/**
 * The import runner. The wizard, `--json`, `--json-stream` and the plain printer all call this one
 * function; it never throws and never imports React. It asks first (review), then runs, and cleans
 * up on every path — failure, deadline, Ctrl-C — before it returns the result of design.md §4.
 */
import {timeoutSignal} from './timeout-signal.js';
import {isTransient} from './poll.js';
import {PackportError, isPackportError} from '../errors.js';
import {createRedactor, stripControl} from '../http/redact.js';
// A local package's sha256 is computed while it is sent, not by the inspection before.
import {settledSha256} from '../packages/sent-digest.js';
import type {CleanupReport, Choices, PackageInfo, Vendor, VendorFlow} from '../vendors/vendor.js';
import type {EngineEvent} from './events.js';
import type {ImportPlan, RunOptions} from './plan.js';
import type {ImportResult} from './result.js';

class DeadlineReached extends Error {
	constructor(readonly minutes: number) {
		super(`deadline of ${minutes} min reached`);
	}
}

class UserInterrupt extends Error {}

/** Server text that is one line on screen: control sequences and line breaks gone. */
const oneLine = (text: string) => stripControl(text).replaceAll(/[\r\n\t]+/g, ' ');

/** Every string in a vendor's details (ids, names, statuses the server sent), without control sequences. */
const deepClean = (value: unknown): unknown => {
	if (typeof value === 'string') return stripControl(value);
	if (Array.isArray(value)) return value.map(item => deepClean(item));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripControl(key), deepClean(item)]));
	return value;
};

/** After the user insists (another signal), cleanup gets this long, then gives up. */
const hurryMs = 2000;

const statusWord = (error: PackportError): string =>
	({usage: 'invalid', connect: 'unreachable', auth: 'unauthorized', server: 'failed', 'unknown-outcome': 'unknown', interrupted: 'interrupted'})[
		error.kind
	];

/** Turns whatever ended the run into the error the user sees, given how far the run got. */
const explain = (error: unknown, signal: AbortSignal, flow: VendorFlow | undefined, plan: ImportPlan, vendor: Vendor): PackportError => {
	const jobId = flow?.jobId;
	// A job kept only in its session cannot be re-attached to: the vendor says what happens instead.
	const lost = jobId && vendor.sessionBoundJob ? vendor.sessionBoundJob(jobId) : undefined;
	const reattach = jobId && !lost ? `packport status --profile ${plan.profile.name} --job ${jobId} --watch` : undefined;
	if (signal.aborted) {
		const reason: unknown = signal.reason;
		if (reason instanceof DeadlineReached && !flow?.submitted) {
			// Nothing was sent that changes anything: the run simply stopped (exit 130, not "unknown").
			return new PackportError('interrupted', `Stopped after ${reason.minutes} min (--timeout) before the import started; nothing was imported.`, {
				hint: 'Raise --timeout if the server is slow, and try again.',
			});
		}

		if (reason instanceof DeadlineReached) {
			return new PackportError('unknown-outcome', `Stopped waiting after ${reason.minutes} min (--timeout)${jobId ? `; job ${jobId} may still be running on the server` : ''}.`, {
				hint: reattach ? `Check it later with: ${reattach}` : (lost ?? 'Raise --timeout if the server is slow, and try again.'),
			});
		}

		if (flow?.submitted) {
			return new PackportError('unknown-outcome', `Interrupted while the import was running${jobId ? ` (job ${jobId})` : ''}; its outcome is unknown.`, {
				hint: reattach ? `Check it with: ${reattach}` : (lost ?? 'Check the target system before importing again.'),
			});
		}

		return new PackportError('interrupted', 'Interrupted before the import started; nothing was imported.');
	}

	if (isPackportError(error)) {
		// After the submit, losing the connection or the session, answers that cannot be read, or a
		// server too busy to answer the status (5xx, 429 until the poller gave up) do not stop the
		// server's job: its outcome is unknown, not failed.
		// A redirect is an answer that turned the call away: whatever it asked was not done.
		const turnedAway = error.vendorCode === 'REDIRECT_REFUSED' && !flow?.jobId;
		if (flow?.submitted && !turnedAway && (error.kind === 'auth' || error.kind === 'connect' || isTransient(error))) {
			return new PackportError('unknown-outcome', `${error.message} The import was already submitted; its outcome is unknown.`, {
				vendor: error.vendor,
				status: error.status,
				vendorCode: error.vendorCode,
				requestId: error.requestId,
				hint: reattach ? `Check it with: ${reattach}` : (lost ?? error.hint),
			});
		}

		return error;
	}

	// Not a failure anyone anticipated: say so, without a stack trace and without secrets.
	const message = error instanceof Error ? error.message : String(error);
	return new PackportError('server', `packport hit an internal error: ${message}`, {
		hint: 'This is a packport bug; please report it with the command you ran.',
	});
};

export const runImport = async (vendor: Vendor, plan: ImportPlan, options: RunOptions = {}): Promise<ImportResult> => {
	const startedAt = new Date();
	const redactor = createRedactor();
	redactor.add(plan.secret);
	const steps = new Map<string, {status: string; started: number; ms: number}>();
	const onEvent = (event: EngineEvent) => {
		if (event.type === 'step') {
			const known = steps.get(event.name);
			const started = known?.started ?? Date.now();
			steps.set(event.name, {status: event.status, started, ms: event.ms ?? Date.now() - started});
		}

		// Every word that may have come from a server leaves here without secrets or terminal control
		// sequences (a status word or job id that clears the screen or sets the window title).
		const safe: EngineEvent =
			event.type === 'log'
				? {...event, message: stripControl(redactor.redact(event.message))}
				: event.type === 'step'
					? {...event, label: oneLine(redactor.redact(event.label))}
					: {...event, ...(event.serverStatus === undefined ? {} : {serverStatus: oneLine(event.serverStatus)}), ...(event.jobId === undefined ? {} : {jobId: oneLine(event.jobId)})};
		// What listens (a screen, stdout, the history file) must never change the import: a full
		// disk or a closed pipe there is reported, not thrown into the vendor's flow.
		try {
			options.onEvent?.(safe);
		} catch (error) {
			listenerFailure ??= error instanceof Error ? error.message : String(error);
		}
	};
	let listenerFailure: string | undefined;
	const hurried = new AbortController();
	const onHurry = () => setTimeout(() => hurried.abort(new Error('hurry')), hurryMs).unref();
	if (options.hurrySignal?.aborted) onHurry();
	else options.hurrySignal?.addEventListener('abort', onHurry, {once: true});
	const cleanupSignal = (budgetMs: number) => AbortSignal.any([timeoutSignal(budgetMs), hurried.signal]);

	let pkg: PackageInfo | undefined;
	let flow: VendorFlow | undefined;
	const controller = new AbortController();
	const minutes = Math.round((plan.timeoutMs / 60_000) * 100) / 100;
	const deadline = Date.now() + plan.timeoutMs;
	const timer = setTimeout(() => controller.abort(new DeadlineReached(minutes)), plan.timeoutMs);
	const detach = () => controller.abort(new UserInterrupt('interrupted'));
	// --on-interrupt wait: once the job runs on the server, the first signal only says so; the
	// outcome is worth waiting for (a CI job's cancel). The next signal detaches after all.
	const onAbort = () => {
		if (plan.onInterrupt !== 'wait' || !flow?.submitted || !options.detachSignal) return detach();
		onEvent({type: 'log', level: 'warn', message: `Interrupted: waiting for job ${flow.jobId ?? ''} to end (--on-interrupt wait). Interrupt again to stop waiting.`.replace('job  ', 'the job ')});
		if (options.detachSignal.aborted) detach();
		else options.detachSignal.addEventListener('abort', detach, {once: true});
	};

	if (options.signal?.aborted) onAbort();
	options.signal?.addEventListener('abort', onAbort, {once: true});

	let status = 'failed';
	let exitCode = 1;
	let undoPackage: string | undefined;
	let details: Record<string, unknown> = {};
	const warnings: string[] = [];
	let failure: PackportError | undefined;
	let cleanup: CleanupReport = {done: [], left: []};

	try {
		pkg = await vendor.inspectPackage(plan.packageRef);
		warnings.push(...pkg.warnings);
		if (controller.signal.aborted) throw controller.signal.reason;
		flow = vendor.open(
			{
				profile: plan.profile,
				secret: plan.secret,
				signal: controller.signal,
				onEvent,
				pollIntervalMs: plan.pollIntervalMs ?? vendor.defaultPollSeconds * 1000,
				deadline,
				redactor,
				options: plan.options,
				requestTimeoutMs: plan.requestTimeoutMs,
				cleanupSignal,
			},
			pkg,
		);
		const review = await flow.prepare();
		const defaults = flow.choicesFromOptions(review);
		let choices: Choices | null = options.review ? await options.review(review, defaults) : defaults;
		// Where the import ran before the review (a flow that imports, then asks about what follows),
		// declining (n, Esc, Ctrl-C) cannot undo it: the run goes no further and reports what the import did.
		if (choices === null && flow.submitted && flow.declinedChoices) choices = flow.declinedChoices();
		if (choices === null) {
			status = 'cancelled';
			exitCode = 130;
			failure = new PackportError('interrupted', 'Import cancelled at the review; nothing was imported.');
		} else {
			try {
				await flow.apply(choices);
			} catch (error) {
				// A refusal the vendor lets a person decide on: the wizard shows what the server holds and
				// offers to go on with it; headless runs stop, since the flags asked for something else.
				const again = flow.reviewAfterRefusal?.(error);
				if (!again || !options.review) throw error;
				choices = await options.review(again.review, again.choices);
				if (choices) choices = again.settle(choices);
			}

			if (choices === null) {
				status = 'cancelled';
				exitCode = 130;
				failure = new PackportError('interrupted', 'Import cancelled at the review; nothing was imported.');
			} else {
				if (controller.signal.aborted) throw controller.signal.reason;
				const outcome = await flow.execute(choices);
				status = outcome.status;
				exitCode = outcome.exitCode;
				undoPackage = outcome.undoPackage;
				details = outcome.details;
				warnings.push(...outcome.warnings);
				failure = outcome.error;
			}
		}
	} catch (error) {
		failure = explain(error, controller.signal, flow, plan, vendor);
		status = statusWord(failure);
		exitCode = failure.exitCode;
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
		options.detachSignal?.removeEventListener('abort', detach);
		if (flow) {
			try {
				cleanup = await flow.cleanup();
			} catch (error) {
				cleanup.left.push(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
			}
		}

		// A package made for this run (a folder zipped on the fly) goes with it.
		pkg?.dispose?.();
	}

	if (flow && Object.keys(details).length === 0) details = flow.details();
	for (const left of cleanup.left) warnings.push(left);
	if (listenerFailure) warnings.push(`Progress could not be written everywhere (${listenerFailure}); the import itself was not affected.`);
	// A big package's hash may still be finishing on its worker (it ran beside the upload and the job).
	const sha256 = pkg ? (pkg.sha256 ?? (await settledSha256(pkg.path))) : undefined;
	const error = failure ? {...failure.toJSON(), message: stripControl(redactor.redact(failure.message)), hint: failure.hint ? stripControl(redactor.redact(failure.hint)) : null} : null;
	return {
		ok: exitCode === 0,
		exitCode,
		vendor: vendor.id,
		profile: plan.profile.name,
		package: pkg
			? {
					// A package folder (zipped on the fly) is named as the user gave it, not by its temp file.
					path: (pkg.summary?.folder as {path?: string} | undefined)?.path ?? pkg.path,
					id: pkg.id,
					name: pkg.name,
					bytes: pkg.bytes,
					sha256,
				}
			: {path: plan.packageRef},
		jobId: flow?.jobId === undefined ? null : oneLine(flow.jobId),
		status: oneLine(status),
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		undoPackage: undoPackage ?? null,
		steps: [...steps].map(([name, step]) => ({name, status: step.status, ms: step.ms})),
		details: deepClean({...details, cleanup}) as Record<string, unknown>,
		warnings: warnings.map(warning => stripControl(redactor.redact(warning))),
		error,
	};
};
