/** `packport import`: the engine, headless, for CI and scripts. */
import path from 'node:path';
import {runImport} from '../engine/run-import.js';
import type {ImportPlan} from '../engine/plan.js';
import type {ImportResult} from '../engine/result.js';
import {PackportError, isPackportError, usageError} from '../errors.js';
import {createPlainPrinter} from '../output/plain-printer.js';
import {formatError, formatSummary} from '../output/summary.js';
import {resolveSecret, resultWithSecretSource, secretEnvChoices, secretFromStdin, secretNoun, secretStdinFlag} from '../config/secrets.js';
import {stripControl} from '../http/redact.js';
import {counted, withArticle} from '../output/words.js';
import {checkUndoOut} from '../vendors/mstr/undo-path.js';
import {countActions} from '../vendors/mstr/actions.js';
import {getVendor} from '../vendors/registry.js';
import {vendorNames, type VendorId} from '../vendors/vendor-id.js';
import type {Choices, Review, VendorOptions} from '../vendors/vendor.js';
import type {Profile} from '../config/profile-types.js';
import type {CommandContext} from './context.js';
import {failureResult} from './failure-result.js';
import {parseAction, parseActionPairs, parseMinutes, parseOnInterrupt, parseRequestTimeout, parseSeconds} from './parse-flags.js';
import {parseSubstitutePairs, readSubstitutions} from './substitutions.js';
import {expandHomeFlag} from '../packages/expand-home.js';
import {checkHistoryFolder, createHistoryRecorder} from './record-history.js';
import {loadProfile} from './load-profile.js';

export type ImportFlags = {
	profile?: string;
	package?: string;
	yes: boolean;
	json: boolean;
	jsonStream: boolean;
	progress: boolean;
	timeout?: string;
	pollInterval?: string;
	requestTimeout?: string;
	onInterrupt?: string;
	passwordStdin: boolean;
	clientSecretStdin: boolean;
	defaultAction?: string;
	action: string[];
	undo: boolean;
	undoOut?: string;
	allowDelete?: boolean;
	validateOnly: boolean;
	deploy: boolean;
	targetSandbox?: string;
	substitutions?: string;
	substitute: string[];
};

/** Flags that only one vendor understands; given with another vendor's profile they are a mistake. */
const vendorOnlyFlags = (flags: ImportFlags): Array<[VendorId, string]> => [
	...(flags.defaultAction === undefined ? [] : [['mstr', '--default-action'] as [VendorId, string]]),
	...(flags.action.length === 0 ? [] : [['mstr', '--action'] as [VendorId, string]]),
	...(flags.undo ? [] : [['mstr', '--no-undo'] as [VendorId, string]]),
	...(flags.undoOut === undefined ? [] : [['mstr', '--undo-out'] as [VendorId, string]]),
	...(flags.allowDelete ? [['mstr', '--allow-delete'] as [VendorId, string]] : []),
	...(flags.validateOnly ? [['vault', '--validate-only'] as [VendorId, string]] : []),
	...(flags.deploy ? [['vault', '--deploy'] as [VendorId, string]] : []),
	...(flags.targetSandbox === undefined ? [] : [['aep', '--target-sandbox'] as [VendorId, string]]),
	...(flags.substitutions === undefined ? [] : [['aep', '--substitutions'] as [VendorId, string]]),
	...(flags.substitute.length === 0 ? [] : [['aep', '--substitute'] as [VendorId, string]]),
];

export const vendorOptions = (profile: Profile, flags: ImportFlags): VendorOptions => {
	const foreign = vendorOnlyFlags(flags).find(([vendor]) => vendor !== profile.vendor);
	if (foreign) {
		const owner = withArticle(vendorNames[foreign[0]]);
		throw usageError(`${foreign[1]} is ${owner} option, and profile '${profile.name}' is ${vendorNames[profile.vendor]}.`, `Drop ${foreign[1]}, or pick ${owner} profile.`);
	}

	if (profile.vendor === 'vault') {
		if (flags.validateOnly && flags.deploy) throw usageError('--validate-only and --deploy exclude each other.', 'Validate first, then import with --deploy.');
		return {vault: {validateOnly: flags.validateOnly, deploy: flags.deploy}};
	}

	if (profile.vendor === 'aep') {
		const targetSandbox = (flags.targetSandbox ?? profile.targetSandbox)?.toLowerCase();
		if (!targetSandbox) throw usageError('No target sandbox.', 'Pass --target-sandbox NAME or add --target-sandbox to the profile.');
		return {aep: {targetSandbox, alternatives: flags.substitutions ? readSubstitutions(flags.substitutions) : {}, substitute: parseSubstitutePairs(flags.substitute)}};
	}

	if (profile.vendor !== 'mstr') return {};
	if (flags.undoOut) checkUndoOut(flags.undoOut);
	const actions = parseActionPairs(flags.action);
	// Object ids are 32 hex digits; a typo is caught here, before the sign-in and the upload.
	const malformed = Object.keys(actions).find(id => !/^[\dA-F]{32}$/i.test(id));
	if (malformed !== undefined) {
		throw usageError(
			`--action names "${stripControl(malformed)}", which is not a MicroStrategy object id (32 hexadecimal digits).`,
			'Copy the id from the wizard\'s review or from MicroStrategy, e.g. --action 8D679D5111D3E4981000E787EC6DE8A4=replace.',
		);
	}
	return {
		mstr: {
			defaultAction: flags.defaultAction === undefined ? undefined : parseAction(flags.defaultAction, '--default-action'),
			actions,
			generateUndo: flags.undo,
			undoOut: flags.undoOut,
			allowDelete: flags.allowDelete,
		},
	};
};

/** Everything checked before a byte goes to the server. Throws usage errors (exit 2). */
const buildPlan = async ({io, store}: CommandContext, flags: ImportFlags): Promise<ImportPlan> => {
	if (!flags.profile) throw usageError('--profile is required.', 'List your profiles with `packport profiles list`.');
	if (!flags.package) throw usageError('--package is required.', 'Pass --package PATH (a .mmp or .vpk file) or, for Adobe, a package id or name.');
	const profile = loadProfile(store, flags.profile);
	checkHistoryFolder(store.configDir);
	getVendor(profile.vendor);
	const timeoutMs = parseMinutes(flags.timeout, 60) * 60_000;
	const pollSeconds = parseSeconds(flags.pollInterval);
	const requestTimeoutMs = parseRequestTimeout(flags.requestTimeout);
	const onInterrupt = parseOnInterrupt(flags.onInterrupt);
	const options = vendorOptions(profile, flags);
	if (!flags.yes && !io.stdinIsTty) {
		throw usageError('stdin is not a terminal, so packport cannot ask for confirmation.', 'Pass --yes to import without confirmation.');
	}

	const wantsStdin = flags.passwordStdin || flags.clientSecretStdin;
	const stdinSecret = wantsStdin ? secretFromStdin(await io.readStdin()) : undefined;
	const secret = resolveSecret(profile, {env: io.env, stdinSecret, store: store.secrets});
	if (!secret) {
		throw usageError(
			`No ${secretNoun(profile)} for profile '${profile.name}'.`,
			`Set ${secretEnvChoices(profile)}, pass ${secretStdinFlag(profile.vendor)}, or save one with \`packport profiles add ${profile.name} … ${secretStdinFlag(profile.vendor)}\`.`,
		);
	}

	const pollIntervalMs = pollSeconds === undefined ? undefined : pollSeconds * 1000;
	return {profile, secret: secret.secret, secretSource: secret.words, packageRef: flags.package, options, timeoutMs, pollIntervalMs, requestTimeoutMs, onInterrupt};
};

/** Interactive confirmation on a terminal when --yes is not given. */
export const askToConfirm = (context: CommandContext) => async (review: Review, defaults: Choices): Promise<Choices | null> => {
	const {io} = context;
	if (review.vendor === 'mstr' && defaults.vendor === 'mstr') {
		const counts = countActions(review, defaults);
		const summary = Object.entries(counts).map(([action, count]) => `${count} ${action}`).join(', ');
		io.writeError(`\nThe package holds ${counted(review.objects.length, 'object')} (${summary}); undo package: ${defaults.generateUndo ? 'yes' : 'no'}.\n`);
	} else if (review.vendor === 'aep') {
		io.writeError(`\n${review.packageName}: ${counted(review.artifacts, 'artifact')}, ${counted(review.conflicts.length, 'conflict')} in sandbox ${review.targetSandbox}.\n`);
	} else if (review.vendor === 'vault') {
		io.writeError(`\n${review.packageName}: ${review.packageStatus}, ${counted(review.steps.length, 'step')}, ${review.blockedSteps} blocked.\n`);
		// The import already happened; only a deploy needs a yes.
		if (defaults.vendor !== 'vault' || !defaults.deploy) return defaults;
	}

	const answer = await io.ask(review.vendor === 'vault' ? 'Deploy it now? Vault does not roll back a deploy. [y/N] ' : 'Import it now? [y/N] ');
	return /^y(es)?$/i.test(answer.trim()) ? defaults : null;
};

/** What `undo` and `deploy` change in an import run. */
export type RunVariant = {rollbackOf?: string; deployPackageId?: string};

export const runImportCommand = async (context: CommandContext, given: ImportFlags, extra: RunVariant = {}): Promise<number> => {
	const {io} = context;
	// `--package=~/x.mmp` (or a quoted ~) reaches us unexpanded: a path option means the home folder.
	const flags = {...given, package: expandHomeFlag(given.package, io.env), undoOut: expandHomeFlag(given.undoOut, io.env), substitutions: expandHomeFlag(given.substitutions, io.env)};
	let plan: ImportPlan;
	try {
		plan = await buildPlan(context, flags);
	} catch (error) {
		if (!isPackportError(error)) throw error;
		return reportEarlyFailure(context, flags, error);
	}

	if (plan.onInterrupt === 'wait') io.allowSecondSignal();
	const live = flags.progress && io.stdoutIsTty && !io.env.CI;
	const printer = flags.json || flags.jsonStream ? undefined : createPlainPrinter(io.writeError, {live});
	const recorder = createHistoryRecorder(context.history, plan.profile, plan.packageRef);
	let vendor = getVendor(plan.profile.vendor);
	if (extra.deployPackageId) {
		// Deploy later: the package is on the server already; there is no file to inspect.
		vendor = {...vendor, inspectPackage: async ref => ({id: ref, name: ref, warnings: []})};
		plan = {...plan, options: {vault: {deploy: true, deployPackageId: extra.deployPackageId, logDir: path.join(io.cwd, `${extra.deployPackageId}-vault-logs`)}}};
	}

	const confirm = flags.yes ? undefined : askToConfirm(context);
	let result: ImportResult = await runImport(vendor, plan, {
		signal: io.signal,
		detachSignal: io.secondSignal,
		hurrySignal: io.hurrySignal,
		onEvent(event) {
			// From the moment the server runs a job, dying at once leaves its outcome unknown.
			if (event.type === 'progress' && event.jobId) io.setKilledExitCode(5);
			recorder.onEvent(event);
			if (flags.jsonStream) io.write(`${JSON.stringify(event)}\n`);
			printer?.(event);
		},
		review: confirm,
	});
	// An authentication failure says where the secret came from (env var, stdin, saved).
	result = resultWithSecretSource(result, plan.profile, plan.secretSource);
	result = {...recorder.finish(result), ...(extra.rollbackOf ? {rollbackOf: extra.rollbackOf} : {})};
	if (flags.jsonStream) io.write(`${JSON.stringify({type: 'result', ...result})}\n`);
	else if (flags.json) io.write(`${JSON.stringify(result, null, 2)}\n`);
	else io.write(formatSummary(result));
	// The error also goes to stderr in JSON modes: a CI log shows why without parsing stdout.
	io.writeError(formatError(result));
	return result.exitCode;
};

export const reportEarlyFailure = (context: CommandContext, flags: ImportFlags, error: PackportError): number => {
	const {io} = context;
	const result = failureResult(error, {profile: flags.profile, packageRef: flags.package, vendor: context.store.get(flags.profile ?? '')?.vendor});
	if (flags.jsonStream) io.write(`${JSON.stringify({type: 'result', ...result})}\n`);
	else if (flags.json) io.write(`${JSON.stringify(result, null, 2)}\n`);
	io.writeError(`Error: ${error.message}\n${error.hint ? `Hint: ${error.hint}\n` : ''}`);
	return error.exitCode;
};

export {PackportError};
