/**
 * `packport promote --from SRC --to DST --package REF [import options] [--keep FILE]`: the package
 * taken from a source environment (exported, built or published there) and imported into a target
 * of the same vendor, in one run. Everything is checked before anything is sent: both profiles, the
 * import options (the same parsing as `packport import`), --keep, both secrets. Then it asks (or
 * --yes), runs the first half, and runs the import exactly as `packport import` does, with the same
 * review, exit codes and JSON, plus a `source` section.
 */
import {randomUUID} from 'node:crypto';
import path from 'node:path';
import {runPromote, type PromotePlan, type PromoteResult, type SourceReport} from '../engine/promote.js';
import {PackportError, isPackportError, usageError} from '../errors.js';
import {createPlainPrinter} from '../output/plain-printer.js';
import {formatError, formatSummary} from '../output/summary.js';
import {resolveSecret, resultWithSecretSource, secretEnvChoices, secretFromStdin, secretNoun, secretStdinFlag} from '../config/secrets.js';
import type {HistoryStore} from '../config/history.js';
import type {Profile} from '../config/profile-types.js';
import {stripControl} from '../http/redact.js';
import {checkWritableFolder, pathExists as exists} from '../packages/download-to-file.js';
import {expandHomeFlag} from '../packages/expand-home.js';
import {getVendor} from '../vendors/registry.js';
import {vendorNames} from '../vendors/vendor-id.js';
import type {VendorOptions} from '../vendors/vendor.js';
import type {CommandContext} from './context.js';
import {failureResult} from './failure-result.js';
import {askToConfirm, vendorOptions, type ImportFlags} from './import.js';
import {loadProfile} from './load-profile.js';
import {parseMinutes, parseOnInterrupt, parseRequestTimeout, parseSeconds} from './parse-flags.js';
import {checkHistoryFolder, createHistoryRecorder} from './record-history.js';

export type PromoteFlags = ImportFlags & {from?: string; to?: string; keep?: string};

const profileFor = (context: CommandContext, name: string, flag: '--from' | '--to'): Profile => {
	try {
		return loadProfile(context.store, name);
	} catch (error) {
		if (isPackportError(error) && error.kind === 'usage') throw usageError(`${flag}: ${error.message}`, error.hint);
		throw error;
	}
};


/** --keep: a new file (never one that is there), in a folder that exists, with the vendor's extension. */
const checkKeep = (keep: string, extension: string | undefined, vendorName: string): string => {
	if (!extension) {
		throw usageError(`--keep is for packages that come as a file; ${vendorName} packages stay on the server.`, 'Drop --keep.');
	}

	const file = path.resolve(keep);
	if (path.extname(file).toLowerCase() !== extension) {
		throw usageError(`--keep ${stripControl(keep)}: ${vendorName} packages are ${extension} files.`, `Name the file NAME${extension}.`);
	}

	if (exists(file)) throw usageError(`${stripControl(keep)} already exists; packport never overwrites a file (--keep).`, 'Choose another --keep path or move the old file.');
	const folder = path.dirname(file);
	const problem = checkWritableFolder(folder);
	if (problem) {
		throw usageError(`The folder of --keep (${folder}) ${problem}.`, problem === 'does not exist' ? 'Create it or choose another path.' : 'Choose another --keep path.');
	}

	return file;
};

/** A name for files made from REF (a temp package, a log folder): no folders, no odd characters. */
export const fileBase = (ref: string): string =>
	path
		.basename(ref, path.extname(ref))
		.replaceAll(/[^\w.-]+/g, '_')
		.replace(/^[._]+/, '')
		.slice(0, 80) || 'package';

/** The secret of one side; the error names the profile and its flag. */
const secretFor = (context: CommandContext, profile: Profile, flag: '--from' | '--to', stdinSecret: string | undefined) => {
	const secret = resolveSecret(profile, {env: context.io.env, stdinSecret, store: context.store.secrets});
	if (!secret) {
		throw usageError(
			`No ${secretNoun(profile)} for profile '${profile.name}' (${flag}).`,
			`Set ${secretEnvChoices(profile)}, pass ${secretStdinFlag(profile.vendor)}, or save one with \`packport profiles add ${profile.name} … ${secretStdinFlag(profile.vendor)}\`.`,
		);
	}

	return secret;
};

type Planned = {plan: PromotePlan; words: string};

/** Everything checked before a byte goes to either server. Throws usage errors (exit 2). */
const buildPlan = async (context: CommandContext, flags: PromoteFlags): Promise<Planned> => {
	const {io} = context;
	if (flags.profile !== undefined) throw usageError('promote takes --from and --to, not --profile.', 'E.g. `packport promote --from dev --to prod --package REF`.');
	if (!flags.from) throw usageError('--from is required: the profile of the source environment.', 'List your profiles with `packport profiles list`.');
	if (!flags.to) throw usageError('--to is required: the profile of the target environment.', 'List your profiles with `packport profiles list`.');
	if (!flags.package) throw usageError('--package is required: what to take from the source.', 'See `packport --help` for what each vendor takes.');
	const from = profileFor(context, flags.from, '--from');
	const to = profileFor(context, flags.to, '--to');
	if (from.vendor !== to.vendor) {
		throw usageError(
			`--from '${from.name}' is ${vendorNames[from.vendor]} and --to '${to.name}' is ${vendorNames[to.vendor]}; promote moves a package between two environments of one vendor.`,
			'Pick two profiles of the same vendor.',
		);
	}

	if (from.name === to.name) {
		throw usageError(`--from and --to are both '${from.name}'; promote moves a package from one environment to another.`, 'Pick the target environment\'s profile for --to.');
	}

	checkHistoryFolder(context.store.configDir);
	const timeoutMs = parseMinutes(flags.timeout, 60) * 60_000;
	const pollSeconds = parseSeconds(flags.pollInterval);
	const requestTimeoutMs = parseRequestTimeout(flags.requestTimeout);
	const onInterrupt = parseOnInterrupt(flags.onInterrupt);
	let options: VendorOptions = vendorOptions(to, flags);
	const vendor = getVendor(to.vendor);
	const source = vendor.promote;
	if (!source) throw usageError(`promote for ${vendorNames[to.vendor]} is not available yet.`, `Take the package from '${from.name}' by hand, then run \`packport import --profile ${to.name}\`.`);
	const ref = await source.check(flags.package, {cwd: io.cwd, options});
	const keep = flags.keep === undefined ? undefined : checkKeep(flags.keep, source.fileExtension, vendorNames[to.vendor]);
	// Files an import saves beside its package (an undo package, deploy logs) must outlive a temp package.
	if (!keep && source.fileExtension) {
		if (options.mstr?.generateUndo && !options.mstr.undoOut) {
			const problem = checkWritableFolder(io.cwd);
			if (problem) throw usageError(`The undo package would go to the current folder, but ${io.cwd} ${problem}.`, 'Pass --undo-out PATH or --keep FILE, or --no-undo.');
		}

		if (options.vault) options = {vault: {...options.vault, logDir: path.join(io.cwd, `${fileBase(flags.package)}-vault-logs`)}};
	}

	if (!flags.yes && !io.stdinIsTty) {
		throw usageError('stdin is not a terminal, so packport cannot ask for confirmation.', 'Pass --yes to promote without confirmation.');
	}

	const wantsStdin = flags.passwordStdin || flags.clientSecretStdin;
	// One secret on stdin serves both sides; PACKPORT_PASSWORD_<PROFILE> (or _CLIENT_SECRET_) tells them apart.
	const stdinSecret = wantsStdin ? secretFromStdin(await io.readStdin()) : undefined;
	const sourceSecret = secretFor(context, from, '--from', stdinSecret);
	const targetSecret = secretFor(context, to, '--to', stdinSecret);
	const pollIntervalMs = pollSeconds === undefined ? undefined : pollSeconds * 1000;
	return {
		plan: {
			source: {profile: from, secret: sourceSecret.secret, secretSource: sourceSecret.words},
			target: {profile: to, secret: targetSecret.secret, secretSource: targetSecret.words, packageRef: ref, options, timeoutMs, pollIntervalMs, requestTimeoutMs, onInterrupt},
			ref,
			keep,
			fileBase: fileBase(flags.package),
			outFolder: io.cwd,
		},
		words: source.describe(ref),
	};
};

const earlySource = (flags: PromoteFlags, error: PackportError): SourceReport => {
	const now = new Date().toISOString();
	return {
		profile: flags.from ?? '',
		package: flags.package ?? '',
		exported: null,
		jobIds: [],
		file: null,
		status: error.kind === 'usage' ? 'invalid' : 'interrupted',
		exitCode: error.exitCode,
		startedAt: now,
		finishedAt: now,
		steps: [],
		error: error.toJSON(),
	};
};

/** A run that ended before either half started (bad input, declined): exit code, JSON, one line on stderr. */
const reportEarly = (context: CommandContext, flags: PromoteFlags, error: PackportError): number => {
	const {io} = context;
	const result = {
		...failureResult(error, {profile: flags.to, packageRef: flags.package, vendor: context.store.get(flags.to ?? '')?.vendor}),
		source: earlySource(flags, error),
	};
	if (flags.jsonStream) io.write(`${JSON.stringify({type: 'result', ...result})}\n`);
	else if (flags.json) io.write(`${JSON.stringify(result, null, 2)}\n`);
	if (error.exitCode === 130) io.writeError(`${error.message}\n`);
	else io.writeError(`Error: ${error.message}\n${error.hint ? `Hint: ${error.hint}\n` : ''}`);
	return error.exitCode;
};

/** The first half's line in history: the source profile, REF, its job and outcome, tied to the run. */
export const recordSource = (history: HistoryStore, plan: PromotePlan, promote: Record<string, string>, source: SourceReport): string | undefined => {
	// Refused before the source was asked anything: not an attempt, as with imports.
	if (source.status === 'invalid' && source.jobIds.length === 0) return undefined;
	const line = {
		runId: promote.sourceRunId!,
		phase: 'finished' as const,
		at: source.finishedAt,
		profile: source.profile,
		vendor: plan.source.profile.vendor,
		package: source.file ?? source.package,
		sha256: null,
		jobId: source.jobIds.at(-1) ?? null,
		outcome: source.status,
		exitCode: source.exitCode,
		undoPackage: null,
		promote: {runId: promote.runId, from: promote.from, to: promote.to, half: 'source'},
	};
	try {
		history.append(line);
		return undefined;
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
};

const sourceLine = (result: PromoteResult): string => {
	const {source} = result;
	// An interruption's message is not repeated on stderr (as with import): it is the headline.
	if (source.error && source.exitCode === 130) return `- ${source.error.message}\n`;
	if (source.error) return `✖ Nothing sent to '${result.profile}': taking ${source.package} from '${source.profile}' failed (the error says why).\n`;
	const jobs = source.jobIds.length > 0 ? ` (job ${source.jobIds.join(', ')})` : '';
	return `✔ Taken from '${source.profile}'${jobs}${source.file ? `, kept at ${source.file}` : ''}.\n`;
};

export const runPromoteCommand = async (context: CommandContext, given: PromoteFlags): Promise<number> => {
	const {io} = context;
	const flags = {
		...given,
		package: expandHomeFlag(given.package, io.env),
		keep: expandHomeFlag(given.keep, io.env),
		undoOut: expandHomeFlag(given.undoOut, io.env),
		substitutions: expandHomeFlag(given.substitutions, io.env),
	};
	let planned: Planned;
	try {
		planned = await buildPlan(context, flags);
	} catch (error) {
		if (!isPackportError(error)) throw error;
		return reportEarly(context, flags, error);
	}

	const {plan} = planned;
	const {profile: from} = plan.source;
	const {profile: to} = plan.target;
	if (!flags.yes) {
		const answer = await io.ask(`\nPromote: ${planned.words} on '${from.name}' (${vendorNames[from.vendor]}), then import it into '${to.name}'. Go on? [y/N] `);
		if (!/^y(es)?$/i.test(answer.trim())) return reportEarly(context, flags, new PackportError('interrupted', 'Promote cancelled; nothing was done on either side.'));
	}

	if (plan.target.onInterrupt === 'wait') io.allowSecondSignal();
	const live = flags.progress && io.stdoutIsTty && !io.env.CI;
	const plain = !flags.json && !flags.jsonStream;
	const sourcePrinter = plain ? createPlainPrinter(io.writeError, {live}) : undefined;
	const printer = plain ? createPlainPrinter(io.writeError, {live}) : undefined;
	// Both halves' lines carry the same promote id, so `packport history --json` pairs them.
	const promote = {runId: randomUUID(), sourceRunId: randomUUID(), from: from.name, to: to.name};
	const linked: HistoryStore = {
		...context.history,
		append: entry => context.history.append({...entry, promote: {runId: promote.runId, from: promote.from, to: promote.to, half: 'target'}} as typeof entry),
	};
	const recorder = createHistoryRecorder(linked, to, plan.keep ?? plan.ref);
	let historyFailure: string | undefined;
	const vendor = getVendor(to.vendor);
	let result = await runPromote(vendor, plan, {
		signal: io.signal,
		detachSignal: io.secondSignal,
		hurrySignal: io.hurrySignal,
		onSourceEvent(event) {
			if (flags.jsonStream) io.write(`${JSON.stringify({...event, half: 'source'})}\n`);
			sourcePrinter?.(event);
		},
		onSourceDone(source) {
			historyFailure = recordSource(context.history, plan, {runId: promote.runId, sourceRunId: promote.sourceRunId, from: promote.from, to: promote.to}, source);
			if (plain && !source.error) io.writeError(`Taken from '${from.name}'; importing into '${to.name}'.\n`);
		},
		onEvent(event) {
			// From the moment the target runs a job, dying at once leaves its outcome unknown.
			if (event.type === 'progress' && event.jobId) io.setKilledExitCode(5);
			recorder.onEvent(event);
			if (flags.jsonStream) io.write(`${JSON.stringify(event)}\n`);
			printer?.(event);
		},
		review: flags.yes ? undefined : askToConfirm(context),
	});
	if (result.source.error) {
		// The import half never ran: its recorder has nothing to write.
		if (historyFailure) result = {...result, warnings: [...result.warnings, `This promote was not recorded in packport's history (${historyFailure}).`]};
	} else {
		const {source} = result;
		result = {...resultWithSecretSource(result, to, plan.target.secretSource), source};
		result = {...recorder.finish(result), source};
		if (historyFailure) {
			const warning = `The source half was not recorded in packport's history (${historyFailure}).`;
			result = {...result, exitCode: result.exitCode === 0 ? 4 : result.exitCode, ok: false, warnings: [...result.warnings, warning]};
		}
	}

	if (result.source.error && result.status === 'unauthorized') {
		const hint = resultWithSecretSource(result, from, plan.source.secretSource).error?.hint ?? null;
		result = {...result, error: result.error && {...result.error, hint}, source: {...result.source, error: result.source.error && {...result.source.error, hint}}};
	}

	if (flags.jsonStream) io.write(`${JSON.stringify({type: 'result', ...result})}\n`);
	else if (flags.json) io.write(`${JSON.stringify(result, null, 2)}\n`);
	else io.write(sourceLine(result) + (result.source.error ? '' : formatSummary(result)));
	io.writeError(formatError(result));
	return result.exitCode;
};
