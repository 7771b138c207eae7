/**
 * `packport packages list|show|create|add|remove|update|delete|publish --profile P`: Adobe's
 * package authoring in the profile's source sandbox (the packages page, vendor-apis.md 3.4.1).
 * Everything the user gives is checked before a call is sent; writes ask first on a terminal and
 * need --yes without one, as import does.
 */
import {timeoutSignal} from '../engine/timeout-signal.js';
import {PackportError, isPackportError, usageError} from '../errors.js';
import {resolveSecret, secretEnvChoices, secretFromStdin, secretNoun, withSecretSource} from '../config/secrets.js';
import {stripControl} from '../http/redact.js';
import {createPlainPrinter} from '../output/plain-printer.js';
import {counted} from '../output/words.js';
import {artifactLabel} from '../vendors/aep/labels.js';
import {aepPackageStatuses, parseArtifactFlags, parseExpiry, readPackageFile, type ArtifactRef} from '../vendors/aep/package-input.js';
import {createPackagesClient, type AepPackageInfo, type PackagesClient, type TreeNode} from '../vendors/aep/packages-client.js';
import {suggestCommand} from './argv-check.js';
import type {CommandContext} from './context.js';
import {commandFailure} from './failure-result.js';
import {loadProfile} from './load-profile.js';
import {parseMinutes, parseRequestTimeout, parseSeconds} from './parse-flags.js';

export type PackagesFlags = {
	profile?: string;
	json: boolean;
	yes: boolean;
	progress: boolean;
	timeout?: string;
	pollInterval?: string;
	requestTimeout?: string;
	clientSecretStdin: boolean;
	name?: string;
	description?: string;
	expiry?: string;
	artifact: string[];
	from?: string;
	full: boolean;
	status: string[];
};

const subcommands = ['list', 'show', 'create', 'add', 'remove', 'update', 'delete', 'publish'] as const;
type Sub = (typeof subcommands)[number];
const writes = new Set<Sub>(['create', 'add', 'remove', 'update', 'delete', 'publish']);

/** The flags each subcommand takes beyond --profile, --json, --client-secret-stdin, --request-timeout. */
const accepted: Record<Sub, Array<keyof PackagesFlags>> = {
	list: ['status'],
	show: [],
	create: ['name', 'description', 'expiry', 'artifact', 'from', 'full', 'yes'],
	add: ['artifact', 'expiry', 'yes'],
	remove: ['artifact', 'expiry', 'yes'],
	update: ['name', 'description', 'expiry', 'yes'],
	delete: ['yes'],
	publish: ['yes', 'timeout', 'pollInterval', 'progress', 'expiry'],
};

const flagName = (key: string) => `--${onByDefault.has(key) ? 'no-' : ''}${key.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`;
/** Flags every subcommand takes (--yes too: a script may pass it to reads as well). */
const common = new Set(['profile', 'json', 'clientSecretStdin', 'requestTimeout', 'yes']);
/** Boolean flags that are on unless turned off (`--no-progress`, `--no-undo`). */
const onByDefault = new Set(['progress', 'undo']);

/** Whether the user gave a flag (cli.tsx hands over every flag packport has, most at their defaults). */
const given = (flags: Record<string, unknown>, key: string) => {
	const value = flags[key];
	if (onByDefault.has(key)) return value === false;
	return Array.isArray(value) ? value.length > 0 : typeof value === 'boolean' ? value : value !== undefined;
};

type Plan =
	| {sub: 'list'; statuses: string[]}
	| {sub: 'show' | 'delete'; ref: string}
	| {sub: 'publish'; ref: string; expiry?: string}
	| {sub: 'create'; name?: string; description?: string; expiry?: string; packageType: 'PARTIAL' | 'FULL'; artifacts: ArtifactRef[]; notes: string[]}
	| {sub: 'add' | 'remove'; ref: string; artifacts: ArtifactRef[]; expiry?: string}
	| {sub: 'update'; ref: string; name?: string; description?: string; expiry?: string};

/** Every local check, before the secret is read or a call is sent. */
const planOf = (sub: Sub, refs: string[], flags: PackagesFlags): Plan => {
	// Another command's flag (--package, --deploy, another subcommand's --full) is a mistake, not something to ignore.
	const stray = Object.keys(flags).find(key => !common.has(key) && !(accepted[sub] as string[]).includes(key) && given(flags, key));
	if (stray) throw usageError(`${flagName(stray)} is not an option of \`packport packages ${sub}\`.`, `Run \`packport --help\` for what ${sub} takes.`);
	if (refs.length > 1) throw usageError(`One package at a time; got ${refs.map(ref => `"${stripControl(ref)}"`).join(', ')}.`, 'Quote a name with spaces: "Spring release".');
	const ref = refs[0]?.trim() ?? '';
	if (sub === 'list') {
		const statuses = flags.status.flatMap(value => value.split(',')).map(value => value.trim().toUpperCase()).filter(Boolean);
		const wrong = statuses.find(value => !(aepPackageStatuses as readonly string[]).includes(value));
		if (wrong) throw usageError(`--status ${stripControl(wrong)} is not a package status.`, `Use ${aepPackageStatuses.join(', ')} (repeatable or comma-separated).`);
		return {sub, statuses};
	}

	if (sub === 'create') return createPlan(flags);
	if (!ref) throw usageError(`packport packages ${sub} needs a package id or exact name.`, `E.g. packport packages ${sub} --profile P 8f585fad94d042cd82dbcba594108a41.`);
	const expiry = flags.expiry === undefined ? undefined : parseExpiry(flags.expiry);
	if (sub === 'add' || sub === 'remove') {
		if (flags.artifact.length === 0) throw usageError(`packport packages ${sub} needs --artifact TYPE:ID (repeatable).`, 'E.g. --artifact JOURNEY:d8d8ed6d-696a-40bd-b4fe-ca053ec94e29.');
		return {sub, ref, artifacts: parseArtifactFlags(flags.artifact), expiry};
	}

	if (sub === 'update') {
		if (flags.name === undefined && flags.description === undefined && expiry === undefined)
			throw usageError('Nothing to update.', 'Pass --name, --description and/or --expiry.');
		if (flags.name !== undefined && !flags.name.trim()) throw usageError('--name is empty.', 'Give the package a name.');
		return {sub, ref, name: flags.name?.trim(), description: flags.description, expiry};
	}

	if (sub === 'publish') return {sub, ref, expiry};
	return {sub, ref};
};

const createPlan = (flags: PackagesFlags): Plan => {
	const sources = [flags.artifact.length > 0 ? '--artifact' : '', flags.from ? '--from' : '', flags.full ? '--full' : ''].filter(Boolean);
	if (sources.length !== 1)
		throw usageError(
			sources.length === 0 ? 'packport packages create needs what to put in the package.' : `${sources.join(' and ')} exclude each other.`,
			'Pass --artifact TYPE:ID (repeatable), --from FILE.json, or --full for the whole sandbox.',
		);
	const expiry = flags.expiry === undefined ? undefined : parseExpiry(flags.expiry);
	if (flags.name !== undefined && !flags.name.trim()) throw usageError('--name is empty.', 'Give the package a name.');
	const name = flags.name?.trim();
	if (flags.from) {
		const file = readPackageFile(flags.from);
		if (!name && !file.name) throw usageError(`${stripControl(flags.from)} names no package.`, 'Pass --name, or put "name" in the file.');
		const packageType = file.packageType ?? 'PARTIAL';
		if (packageType === 'PARTIAL' && file.artifacts.length === 0)
			throw usageError(`${stripControl(flags.from)} lists no artifact.`, 'A PARTIAL package needs at least one; use --full for the whole sandbox.');
		// A file written from `packages show --json` (or the page's own example) may carry an expiry that has passed.
		const fileExpiry = file.expiry && Date.parse(file.expiry) > Date.now() ? `${new Date(Date.parse(file.expiry)).toISOString().slice(0, 19)}Z` : undefined;
		const notes = !expiry && file.expiry && !fileExpiry ? [`The file's expiry ${stripControl(file.expiry)} has passed; Adobe's default (90 days) applies.`] : [];
		return {sub: 'create', name: name ?? file.name, description: flags.description ?? file.description, expiry: expiry ?? fileExpiry, packageType, artifacts: file.artifacts, notes};
	}

	if (!name) throw usageError('packport packages create needs --name.', 'E.g. --name "Spring release".');
	return {sub: 'create', name, description: flags.description, expiry, packageType: flags.full ? 'FULL' : 'PARTIAL', artifacts: flags.full ? [] : parseArtifactFlags(flags.artifact), notes: []};
};

const day = (ms: number | null) => (ms ? new Date(ms).toISOString().slice(0, 10) : '—');

const listView = (packages: AepPackageInfo[]): string => {
	if (packages.length === 0) return 'No packages.\n';
	const rows = packages.map(pkg => [pkg.id, pkg.status || '—', pkg.packageType || '—', String(pkg.artifacts.length), day(pkg.expiry), pkg.name]);
	const head = ['ID', 'STATUS', 'TYPE', 'ARTIFACTS', 'EXPIRES', 'NAME'];
	const widths = head.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
	return [head, ...rows].map(row => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
};

const treeLines = (nodes: TreeNode[], depth = 1): string[] =>
	nodes.flatMap(node => [`${'  '.repeat(depth)}${artifactLabel({id: node.id, type: node.type, title: node.title === node.id ? '' : node.title})}`, ...treeLines(node.children, depth + 1)]);

const packageView = (pkg: AepPackageInfo, dependents?: TreeNode[] | string): string => {
	const lines = [
		`${pkg.name} (${pkg.id})`,
		`  Status       ${pkg.status || '—'}${pkg.publishDate ? `, published ${day(pkg.publishDate)}` : ''}`,
		`  Type         ${pkg.packageType || '—'}, ${counted(pkg.artifacts.length, 'artifact')}, expires ${day(pkg.expiry)}`,
		`  Sandbox      ${pkg.sourceSandbox || '—'}`,
		...(pkg.description ? [`  Description  ${pkg.description}`] : []),
	];
	if (pkg.artifacts.length > 0) lines.push('Artifacts', ...pkg.artifacts.map(artifact => `  ${artifact.type.padEnd(20)} ${artifact.id}${artifact.title ? `  "${artifact.title}"` : ''}`));
	if (typeof dependents === 'string') lines.push(`Dependents: ${dependents}`);
	else if (dependents) lines.push('Dependents', ...(dependents.length > 0 ? treeLines(dependents) : ['  none']));
	return `${lines.join('\n')}\n`;
};

export const runPackagesCommand = async (context: CommandContext, subcommand: string | undefined, refs: string[], flags: PackagesFlags): Promise<number> => {
	const {io} = context;
	let profileName = flags.profile ?? null;
	const started = Date.now();
	const fail = (error: PackportError, extra: Record<string, unknown> = {}): number => {
		if (flags.json) io.write(`${JSON.stringify(commandFailure(error, {vendor: 'aep', profile: profileName, command: `packages${subcommand ? ` ${subcommand}` : ''}`, ...extra}), null, 2)}\n`);
		io.writeError(`Error: ${error.message}\n${error.hint ? `Hint: ${error.hint}\n` : ''}`);
		return error.exitCode;
	};

	let sub: Sub;
	let plan: Plan;
	let client: PackagesClient;
	let secretWords = '';
	const state = {confirmed: false};
	const deadline = timeoutSignal(parseMinutesSafe(flags.timeout) * 60_000);
	const signal = AbortSignal.any([io.signal, deadline]);
	try {
		if (!subcommand || !(subcommands as readonly string[]).includes(subcommand)) {
			const meant = subcommand ? suggestCommand(subcommand, subcommands) : undefined;
			throw usageError(
				subcommand ? `Unknown packages command "${stripControl(subcommand).slice(0, 40)}".` : 'packport packages needs a command.',
				`${meant ? `Did you mean \`packport packages ${meant}\`? ` : ''}Commands: ${subcommands.join(', ')}.`,
			);
		}

		sub = subcommand as Sub;
		if (!flags.profile) throw usageError('--profile is required.', 'Name an Adobe profile; list them with `packport profiles list`.');
		const profile = loadProfile(context.store, flags.profile);
		profileName = profile.name;
		if (profile.vendor !== 'aep') throw usageError(`Profile '${profile.name}' is not an Adobe profile; packport packages works on Adobe's packages.`, 'Pick a profile made with --vendor aep.');
		plan = planOf(sub, refs, flags);
		parseMinutes(flags.timeout, 60);
		const pollSeconds = parseSeconds(flags.pollInterval);
		const requestTimeoutMs = parseRequestTimeout(flags.requestTimeout);
		if (writes.has(sub) && !flags.yes && !io.stdinIsTty)
			throw usageError('stdin is not a terminal, so packport cannot ask for confirmation.', `Pass --yes to ${sub} without confirmation.`);
		const stdinSecret = flags.clientSecretStdin ? secretFromStdin(await io.readStdin()) : undefined;
		const secret = resolveSecret(profile, {env: io.env, stdinSecret, store: context.store.secrets});
		if (!secret) throw usageError(`No ${secretNoun(profile)} for profile '${profile.name}'.`, `Set ${secretEnvChoices(profile)} or pass --client-secret-stdin.`);
		secretWords = secret.words;
		client = createPackagesClient({profile, secret: secret.secret, signal, requestTimeoutMs});
		const pollIntervalMs = (pollSeconds ?? 5) * 1000;
		const outcome = await perform(context, client, plan, flags, pollIntervalMs, state);
		if (outcome === 'declined') throw new PackportError('interrupted', `Cancelled; nothing was sent to ${client.sandbox}.`);

		const warnings = outcome.warnings;
		const exitCode = warnings.length > 0 ? 4 : 0;
		if (flags.json) {
			const result = {ok: exitCode === 0, exitCode, vendor: 'aep', profile: profile.name, command: `packages ${sub}`, sandbox: client.sandbox, ...outcome.json, warnings, error: null};
			io.write(`${JSON.stringify(result, null, 2)}\n`);
		} else {
			io.write(outcome.text);
			for (const warning of warnings) io.writeError(`Warning: ${warning}\n`);
		}

		return exitCode;
	} catch (error) {
		if (!isPackportError(error)) {
			if (!signal.aborted) throw error;
			// The deadline or a signal: a publish may go on on the server.
			const waited = Math.round((Date.now() - started) / 1000);
			const shown = stripControl(refs[0] ?? '');
			const where = shown ? ` Look again with: packport packages show --profile ${profileName} ${/^[\w.:@-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`}` : '';
			// Once the user said yes, the change may have reached Adobe: its outcome is unknown, never "nothing sent".
			const sent = state.confirmed;
			const what = !sent ? '; nothing was changed' : subcommand === 'publish' ? '; the publish goes on on the server' : `; whether Adobe did the ${subcommand} is unknown`;
			return fail(
				new PackportError(sent ? 'unknown-outcome' : 'interrupted', `${deadline.aborted && !io.signal.aborted ? `--timeout passed after ${waited} s` : 'Interrupted'}${what}.`, {
					vendor: 'aep',
					hint: where.trim() || (sent ? `Look with: packport packages list --profile ${profileName}` : undefined),
				}),
			);
		}

		const flagged = secretWords ? withSecretSource(error, {vendor: 'aep'}, secretWords) : error;
		return fail(flagged);
	}
};

const parseMinutesSafe = (value: string | undefined) => {
	try {
		return parseMinutes(value, 60);
	} catch {
		// The same check runs in the try block, where its error is reported.
		return 60;
	}
};

type Outcome = {text: string; json: Record<string, unknown>; warnings: string[]};

const ask = async ({io}: CommandContext, flags: PackagesFlags, question: string): Promise<boolean> => {
	if (flags.yes) return true;
	return /^y(es)?$/i.test((await io.ask(`${question} [y/N] `)).trim());
};

const perform = async (context: CommandContext, client: PackagesClient, plan: Plan, flags: PackagesFlags, pollIntervalMs: number, state: {confirmed: boolean}): Promise<Outcome | 'declined'> => {
	const confirm = async (question: string) => (state.confirmed = await ask(context, flags, question));
	const {io} = context;
	const where = `sandbox ${client.sandbox}`;
	switch (plan.sub) {
		case 'list': {
			const packages = await client.list({statuses: plan.statuses});
			return {text: listView(packages), json: {packages}, warnings: []};
		}

		case 'show': {
			const pkg = await client.resolve(plan.ref);
			// Adobe lists dependents of published packages only (the spec refuses DRAFT ones).
			if (pkg.status !== 'PUBLISHED' || pkg.artifacts.length === 0) {
				const why = pkg.artifacts.length === 0 ? 'none (no artifacts)' : `Adobe lists them once the package is published (it is ${pkg.status || 'without a status'}).`;
				return {text: packageView(pkg, why), json: {package: pkg, dependents: null}, warnings: []};
			}

			try {
				const dependents = await client.dependents(pkg);
				return {text: packageView(pkg, dependents), json: {package: pkg, dependents}, warnings: []};
			} catch (error) {
				if (!isPackportError(error) || error.kind === 'connect' || error.kind === 'auth') throw error;
				return {text: packageView(pkg), json: {package: pkg, dependents: null}, warnings: [`The dependent objects could not be read: ${error.message}`]};
			}
		}

		case 'create': {
			const what = plan.packageType === 'FULL' ? 'the whole sandbox (FULL)' : counted(plan.artifacts.length, 'artifact');
			if (!(await confirm(`Create package "${plan.name}" with ${what} in ${where}?`))) return 'declined';
			const {package: pkg, warnings} = await client.create({name: plan.name!, description: plan.description, expiry: plan.expiry, packageType: plan.packageType, artifacts: plan.artifacts});
			const text = `Package created: ${pkg.name} (${pkg.id}), ${pkg.status || 'no status'}, ${counted(pkg.artifacts.length, 'artifact')}.\n`;
			return {text, json: {package: pkg}, warnings: [...plan.notes, ...warnings]};
		}

		case 'add':
		case 'remove': {
			const pkg = await client.resolve(plan.ref);
			const verb = plan.sub === 'add' ? 'Add' : 'Remove';
			if (!(await confirm(`${verb} ${counted(plan.artifacts.length, 'artifact')} ${plan.sub === 'add' ? 'to' : 'from'} package "${pkg.name}" in ${where}?`))) return 'declined';
			const changed = plan.sub === 'add' ? await client.addArtifacts(pkg, plan.artifacts, plan.expiry) : await client.removeArtifacts(pkg, plan.artifacts, plan.expiry);
			const after = changed.package;
			return {
				text: `Package ${plan.sub === 'add' ? 'extended' : 'trimmed'}: ${after.name} (${after.id}) now holds ${counted(after.artifacts.length, 'artifact')}.\n`,
				json: {package: after},
				warnings: changed.warnings,
			};
		}

		case 'update': {
			const pkg = await client.resolve(plan.ref);
			const changes = [plan.name === undefined ? '' : `name "${plan.name}"`, plan.description === undefined ? '' : 'description', plan.expiry ? `expiry ${plan.expiry}` : ''].filter(Boolean).join(', ');
			if (!(await confirm(`Update package "${pkg.name}" (${changes}) in ${where}?`))) return 'declined';
			const changed = await client.updateMetadata(pkg, {name: plan.name, description: plan.description, expiry: plan.expiry});
			return {text: `Package updated: ${changed.package.name} (${changed.package.id}), expires ${day(changed.package.expiry)}.\n`, json: {package: changed.package}, warnings: changed.warnings};
		}

		case 'delete': {
			const pkg = await client.resolve(plan.ref);
			if (!(await confirm(`Delete package "${pkg.name}" (${pkg.id}, ${pkg.status}) from ${where}? This cannot be undone.`))) return 'declined';
			const {reason, readBack} = await client.remove(pkg);
			const said = readBack ? `The answer was lost: ${reason}` : `Adobe: ${reason}`;
			return {text: `Package deleted: ${pkg.name} (${pkg.id}). ${said}\n`, json: {deleted: {id: pkg.id, name: pkg.name}, reason, readBack}, warnings: []};
		}

		case 'publish': {
			const pkg = await client.resolve(plan.ref);
			if (pkg.status !== 'PUBLISHED' && !(await confirm(`Publish package "${pkg.name}" (${counted(pkg.artifacts.length, 'artifact')}) from ${where}? A published package cannot be changed.`)))
				return 'declined';
			const live = flags.progress && io.stdoutIsTty && !io.env.CI;
			const printer = flags.json ? undefined : createPlainPrinter(io.writeError, {live});
			// Without expiryPeriod Adobe sets the expiry to 90 days from the publish (the page); --expiry asks for a date.
			const expiryPeriodDays = plan.expiry ? Math.max(1, Math.ceil((Date.parse(plan.expiry) - Date.now()) / 86_400_000)) : undefined;
			const published = await client.publish(pkg, {onEvent: event => printer?.(event), pollIntervalMs, expiryPeriodDays});
			return {text: `Package published: ${published.name} (${published.id}), expires ${day(published.expiry)}.\n`, json: {package: published}, warnings: []};
		}
	}
};
