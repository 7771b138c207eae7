/**
 * Promote: one package from a source environment to a target of the same vendor, in one run. The
 * first half is the vendor's PromoteSource (export, build or publish on the source); the second
 * half is runImport itself, given what the first half produced, so the import behaves exactly as
 * `packport import` does. A first half that fails, runs out of time or is interrupted sends nothing
 * to the target. A package file made for the run lives in a temp folder removed on every path,
 * unless the user keeps it (plan.keep).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PackportError, isPackportError} from '../errors.js';
import {createRedactor, stripControl} from '../http/redact.js';
import type {Profile} from '../config/profile-types.js';
import type {Redactor} from '../http/redact.js';
import type {Vendor, VendorOptions} from '../vendors/vendor.js';
import type {EngineEvent, OnEvent} from './events.js';
import type {ImportPlan, RunOptions} from './plan.js';
import type {ImportResult} from './result.js';
import {runImport} from './run-import.js';
import {timeoutSignal} from './timeout-signal.js';

export type PromoteSourceContext = {
	profile: Profile;
	secret: string;
	signal: AbortSignal;
	onEvent: OnEvent;
	/** Floor between status polls: --poll-interval, or undefined for the vendor's default. */
	pollIntervalMs?: number;
	/** Epoch ms after which the half must stop waiting. */
	deadline: number;
	redactor: Redactor;
	requestTimeoutMs?: number;
	/** Where the package file goes, for a vendor that makes one: a name no file has yet. */
	file: string;
	/** Called as soon as the source names a job (export job, publish job…), so a failure still reports it. */
	onJob(id: string): void;
	/** The import options, parsed as `packport import` parses them (MicroStrategy's actions shape the build). */
	options: VendorOptions;
	/** The signal a cleanup on the source uses: its own budget, cut to a couple of seconds when the user insists. */
	cleanupSignal(budgetMs: number): AbortSignal;
};

export type SourceOutcome = {
	/** What the import half takes as its --package: the file written, or a package id on the server. */
	packageRef: string;
	/** What was exported, in the vendor's words (names, ids, counts), for the JSON `source.exported`. */
	exported: Record<string, unknown>;
	/** The file written, when the half wrote one (it may be the next free name beside ctx.file). */
	file: string | null;
};

/** The first half of `packport promote` for one vendor (Vendor.promote). */
export type PromoteSource = {
	/** The extension of the file the half writes ('.mmp', '.vpk'); undefined when the package stays on the server. */
	fileExtension?: string;
	/** Local checks of REF before anything is sent; throws usage errors (exit 2). Returns REF as the half takes it. */
	check(ref: string, local: {cwd: string; options: VendorOptions}): string | Promise<string>;
	/** What the half will do, for the confirmation: "build a package from year.json". */
	describe(ref: string): string;
	run(ctx: PromoteSourceContext, ref: string): Promise<SourceOutcome>;
};

export type PromotePlan = {
	source: {profile: Profile; secret: string; secretSource?: string};
	/** The import half's plan; its packageRef is replaced by what the first half produced. */
	target: ImportPlan;
	/** REF as checked by the source's `check`. */
	ref: string;
	/** --keep: where the package file goes (checked: absent, its folder writable). */
	keep?: string;
	/** A name for the temp package file, without extension. */
	fileBase: string;
	/** Where files the import leaves beside a temp package (an undo package) are moved. */
	outFolder: string;
};

export type SourceReport = {
	profile: string;
	/** REF as given. */
	package: string;
	exported: Record<string, unknown> | null;
	jobIds: string[];
	/** The package file kept (--keep), or null. */
	file: string | null;
	status: string;
	/** 0 once the package was taken; the failure's exit code otherwise. */
	exitCode: number;
	startedAt: string;
	finishedAt: string;
	steps: Array<{name: string; status: string; ms: number}>;
	error: {code: string; message: string; hint: string | null} | null;
};

export type PromoteResult = ImportResult & {source: SourceReport};

export type PromoteOptions = RunOptions & {
	/** Events of the first half (the second half's go to `onEvent`, as in runImport). */
	onSourceEvent?: OnEvent;
	/** Called once the first half ended, before the import starts (history records it). */
	onSourceDone?(source: SourceReport): void;
};

const statusWord = (error: PackportError): string =>
	({usage: 'invalid', connect: 'unreachable', auth: 'unauthorized', server: 'failed', 'unknown-outcome': 'unknown', interrupted: 'interrupted'})[error.kind];

class DeadlineReached extends Error {}

/** What ended the first half, in words that say the target was not touched. */
const explain = (error: unknown, signal: AbortSignal, plan: PromotePlan, jobIds: string[], minutes: number): PackportError => {
	const from = `'${plan.source.profile.name}'`;
	const to = `'${plan.target.profile.name}'`;
	const jobs = jobIds.length > 0 ? ` (job ${jobIds.join(', ')} on ${from})` : '';
	if (signal.aborted) {
		const reason: unknown = signal.reason;
		if (reason instanceof DeadlineReached) {
			return new PackportError('interrupted', `Stopped after ${minutes} min (--timeout) while taking the package from ${from}${jobs}; nothing was sent to ${to}.`, {
				hint: 'Raise --timeout if the source is slow, and try again.',
			});
		}

		return new PackportError('interrupted', `Interrupted while taking the package from ${from}${jobs}; nothing was sent to ${to}.`);
	}

	if (isPackportError(error)) {
		const said = error.message.trimEnd();
		return new PackportError(error.kind, `${said}${/[.!?]$/.test(said) ? '' : '.'} Nothing was sent to ${to}.`, {
			vendor: error.vendor,
			status: error.status,
			vendorCode: error.vendorCode,
			requestId: error.requestId,
			hint: error.hint,
			url: error.url,
		});
	}

	const message = error instanceof Error ? error.message : String(error);
	return new PackportError('server', `packport hit an internal error while taking the package from ${from}: ${message}. Nothing was sent to ${to}.`, {
		hint: 'This is a packport bug; please report it with the command you ran.',
	});
};

/** Moves a file the import left in the temp folder (an undo package) to `folder`, under a free name. */
const moveOut = (file: string, folder: string): string => {
	const extension = file.endsWith('.undo.mmp') ? '.undo.mmp' : path.extname(file);
	const base = path.basename(file, extension);
	for (let counter = 1; counter < 1000; counter++) {
		const destination = path.join(folder, `${base}${counter === 1 ? '' : `-${counter}`}${extension}`);
		try {
			// COPYFILE_EXCL: never replaces a file that is there (the temp folder may be on another disk).
			fs.copyFileSync(file, destination, fs.constants.COPYFILE_EXCL);
			return destination;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}

	throw new Error(`no free name for ${base}${extension} in ${folder}`);
};

/**
 * Moves a file the source half wrote (in a temp folder of its own) to `to`, never replacing a file
 * there: a hard link (same disk) or an exclusive copy (another disk), then the original goes.
 */
export const placeFile = (from: string, to: string): string => {
	try {
		try {
			fs.linkSync(from, to);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
			fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'EEXIST' ? 'a file of that name appeared meanwhile, and packport never overwrites one' : (error as Error).message;
		throw new PackportError('usage', `The package could not be saved as ${to}: ${why}.`, {hint: 'Choose another --keep path, or free some space.', cause: error});
	} finally {
		fs.rmSync(from, {force: true});
	}

	return to;
};

const inside = (file: string, folder: string) => path.resolve(file).startsWith(`${path.resolve(folder)}${path.sep}`);

export const runPromote = async (vendor: Vendor, plan: PromotePlan, options: PromoteOptions = {}): Promise<PromoteResult> => {
	const source = vendor.promote!;
	const startedAt = new Date();
	const redactor = createRedactor();
	redactor.add(plan.source.secret);
	redactor.add(plan.target.secret);
	const jobIds: string[] = [];
	const steps = new Map<string, {status: string; started: number; ms: number}>();
	const onSourceEvent = (event: EngineEvent) => {
		if (event.type === 'step') {
			const known = steps.get(event.name);
			const started = known?.started ?? Date.now();
			steps.set(event.name, {status: event.status, started, ms: event.ms ?? Date.now() - started});
		}

		if (event.type === 'progress' && event.jobId && !jobIds.includes(event.jobId)) jobIds.push(event.jobId);
		const safe: EngineEvent = event.type === 'log' ? {...event, message: stripControl(redactor.redact(event.message))} : event;
		try {
			options.onSourceEvent?.(safe);
		} catch {
			// A listener (screen, stdout) never changes the run; runImport reports such failures for the import half.
		}
	};

	// Made for this run only; removed on every path below (success, failure, Ctrl-C).
	const tempFolder = plan.keep || !source.fileExtension ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'packport-promote-'));
	const file = plan.keep ?? (tempFolder ? path.join(tempFolder, `${plan.fileBase}${source.fileExtension}`) : '');
	const controller = new AbortController();
	const minutes = Math.round((plan.target.timeoutMs / 60_000) * 100) / 100;
	const deadline = Date.now() + plan.target.timeoutMs;
	const timer = setTimeout(() => controller.abort(new DeadlineReached()), plan.target.timeoutMs);
	const onAbort = () => controller.abort(options.signal?.reason);
	const hurried = new AbortController();
	const onHurry = () => setTimeout(() => hurried.abort(new Error('hurry')), 2000).unref();
	if (options.hurrySignal?.aborted) onHurry();
	else options.hurrySignal?.addEventListener('abort', onHurry, {once: true});
	if (options.signal?.aborted) onAbort();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	const report = (fields: Partial<SourceReport>): SourceReport => ({
		profile: plan.source.profile.name,
		package: plan.ref,
		exported: null,
		jobIds: [...jobIds],
		file: null,
		status: 'failed',
		exitCode: 0,
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		steps: [...steps].map(([name, step]) => ({name, status: step.status, ms: step.ms})),
		error: null,
		...fields,
	});

	try {
		let outcome: SourceOutcome;
		try {
			outcome = await source.run(
				{
					profile: plan.source.profile,
					secret: plan.source.secret,
					signal: controller.signal,
					onEvent: onSourceEvent,
					pollIntervalMs: plan.target.pollIntervalMs,
					deadline,
					redactor,
					requestTimeoutMs: plan.target.requestTimeoutMs,
					file,
					options: plan.target.options,
					cleanupSignal: budgetMs => AbortSignal.any([timeoutSignal(budgetMs), hurried.signal]),
					onJob(id) {
						if (!jobIds.includes(id)) jobIds.push(id);
					},
				},
				plan.ref,
			);
			if (controller.signal.aborted) throw controller.signal.reason;
		} catch (error) {
			const failure = explain(error, controller.signal, plan, jobIds, minutes);
			const json = {...failure.toJSON(), message: stripControl(redactor.redact(failure.message)), hint: failure.hint ? stripControl(redactor.redact(failure.hint)) : null};
			// A file the half wrote before it failed is not a package anyone asked to keep half-made.
			const sourceReport = report({status: statusWord(failure), exitCode: failure.exitCode, error: json, file: null});
			options.onSourceDone?.(sourceReport);
			const now = new Date().toISOString();
			return {
				ok: false,
				exitCode: failure.exitCode,
				vendor: vendor.id,
				profile: plan.target.profile.name,
				package: null,
				jobId: null,
				status: statusWord(failure),
				startedAt: startedAt.toISOString(),
				finishedAt: now,
				undoPackage: null,
				steps: [],
				details: {},
				warnings: [],
				error: json,
				source: sourceReport,
			};
		} finally {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			options.hurrySignal?.removeEventListener('abort', onHurry);
		}

		const kept = plan.keep ? outcome.file : null;
		const sourceReport = report({status: 'exported', exported: outcome.exported, file: kept});
		options.onSourceDone?.(sourceReport);
		// The import half gets what is left of the deadline (--timeout is for the whole promote).
		const timeoutMs = Math.max(deadline - Date.now(), 1000);
		const result = await runImport(vendor, {...plan.target, packageRef: outcome.packageRef, timeoutMs}, options);
		let {undoPackage, warnings} = result;
		if (tempFolder && undoPackage && inside(undoPackage, tempFolder)) {
			try {
				undoPackage = moveOut(undoPackage, plan.outFolder);
				options.onEvent?.({type: 'log', level: 'info', message: `Undo package moved to ${undoPackage} (the package itself was a temp file).`});
			} catch (error) {
				warnings = [...warnings, `The undo package could not be moved to ${plan.outFolder} (${error instanceof Error ? error.message : String(error)}); it is lost with the temp folder.`];
				undoPackage = null;
			}
		}

		// A temp package is gone when the run ends: the JSON names no path that will not exist.
		const temporary = result.package && tempFolder && result.package.path && inside(result.package.path, tempFolder);
		const pkg = temporary ? {...result.package!, path: undefined, name: result.package!.name ?? path.basename(result.package!.path!)} : result.package;
		return {...result, package: pkg, undoPackage, warnings, source: sourceReport};
	} finally {
		if (tempFolder) fs.rmSync(tempFolder, {recursive: true, force: true});
	}
};
