/**
 * Local inspection of a Vault .vpk (vendor-apis.md 1.6) before any network call: the zip's
 * directory and vaultpackage.xml only, plus each .mdl against its .md5. Anything that would make
 * Vault refuse the package, or that is hostile, is refused here with one line (exit 2).
 */
import {createHash} from 'node:crypto';
import {usageError} from '../errors.js';
import {checkLocalPackage, formatBytes} from './local-file.js';
import {openZip, ZipError, ZipLimitError, type ZipEntry, type ZipLimits, type ZipReader} from './zip-directory.js';

export type VpkManifest = {
	name: string;
	sourceVault: string;
	author: string;
	packageType: string;
	summary: string;
	description: string;
	javaSdkDeploymentOption: string | null;
};

/** A row of a component's .dep file: what it needs in the target Vault. */
export type VpkDependency = {inPackage: boolean; blocking: boolean; name: string; type: string};
export type VpkComponent = {type: string; name: string; file: string; dependencies: VpkDependency[]};
export type VpkStep = {step: string; components: VpkComponent[]; dataFiles: string[]};

export type VpkInspection = {
	manifest: VpkManifest;
	steps: VpkStep[];
	hasJavaSdk: boolean;
	/** One line per .mdl whose .md5 is missing or does not match. */
	checksumProblems: string[];
	entries: number;
};

/** Vault's generic upload limit (EXCEEDS_FILE_MAX_SIZE); Validate Package takes at most 2 GB. */
export const vpkMaxBytes = 4 * 1024 ** 3;
export const vpkValidateMaxBytes = 2 * 1024 ** 3;
/**
 * What packport inflates of a package: vaultpackage.xml, each .mdl (streamed into its md5), .md5
 * and .dep; never a data file, Java or Web SDK code, nor an archive stored inside the package.
 * The caps stand far above real packages: 52 public .vpk files (veeva/vault-api-library test
 * resources, the veeva/vsdk-* samples, Vault-Custom-Pages, Vault-Kanban-Board, Vault-Holiday-VPK)
 * hold at most 313 entries, a 1.9 KB manifest, a 10.6 KB .mdl, a 255 B .md5, a 1.5 KB .dep, 85
 * dependency rows and 63 KB read in all, inflating at most 8 times (35 for any entry, a
 * .DS_Store). They also keep memory bounded: a package just under every cap peaks at ~100-110 MiB
 * inspected (Node's own ~45 MiB included); every bomb tried is refused within 90 MiB.
 */
const maxManifestBytes = 1024 * 1024;
const maxMdlBytes = 16 * 1024 * 1024;
const maxMd5Bytes = 1024;
const maxDepBytes = 1024 * 1024;
/** Every .dep together, in bytes and rows: what they list is kept in memory and in the JSON result. */
const maxDependencyBytes = 2 * 1024 * 1024;
const maxDependencies = 20_000;
export const vpkLimits: ZipLimits = {
	entries: 10_000,
	// 10,000 entries with long paths take ~2 MB.
	directoryBytes: 4 * 1024 * 1024,
	totalBytes: 32 * 1024 * 1024,
	// Deflate tops out near 1,032; checked once an entry passes 1 MiB, so small repetitive files pass.
	ratio: 100,
	ratioFromBytes: 1024 * 1024,
	timeMs: 20_000,
};
const namespace = 'https://veevavault.com/';

const decodeXml = (text: string) =>
	text
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&apos;', "'")
		.replaceAll('&amp;', '&')
		.trim();

/** Comments out, by search rather than a pattern: a million unclosed `<!--` cost one pass, not minutes. */
const withoutComments = (text: string): string => {
	let kept = '';
	let at = 0;
	for (;;) {
		const open = text.indexOf('<!--', at);
		if (open === -1) return kept + text.slice(at);
		const close = text.indexOf('-->', open + 4);
		// An unclosed comment stays, as it would in the text: no later one can close either.
		if (close === -1) return kept + text.slice(at);
		kept += text.slice(at, open);
		at = close + 3;
	}
};

/**
 * What the first `<name …>…</name>` or `<name/>` in scope holds. A search that only moves forward:
 * a backtracking pattern took minutes over a 1 MB manifest of `<name <name …` (issue 14).
 */
const firstElement = (scope: string, name: string): string | undefined => {
	const closing = `</${name}>`;
	const lastClosing = scope.lastIndexOf(closing);
	let at = 0;
	let end = -1;
	for (;;) {
		const open = scope.indexOf(`<${name}`, at);
		if (open === -1) return undefined;
		const after = open + name.length + 1;
		const next = scope[after] ?? '';
		at = after;
		if (next === '/' && scope[after + 1] === '>') return '';
		if (next !== '>' && !/\s/.test(next)) continue;
		// Opens before one '>' share it: searched once, so `<name <name …>` stays linear.
		if (end < after) end = scope.indexOf('>', after);
		if (end === -1) return undefined;
		if (/^\s*\/$/.test(scope.slice(after, end))) return '';
		// A closing tag after this one, or none after any later one either.
		if (end < lastClosing) return scope.slice(end + 1, scope.indexOf(closing, end + 1));
	}
};

/** The manifest is a flat, known document; anchored patterns and forward searches read it without an XML library. */
export const parseManifest = (xml: string): VpkManifest | string => {
	const body = withoutComments(xml.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '')).trim();
	const root = /^<vaultpackage\b([^>]*)>([\s\S]*)<\/vaultpackage>$/.exec(body);
	if (!root) return 'vaultpackage.xml does not parse: it has no <vaultpackage> root element';
	const attributes = root[1] ?? '';
	const content = root[2] ?? '';
	if (!new RegExp(`xmlns\\s*=\\s*["']${namespace.replaceAll('/', '\\/').replaceAll('.', '\\.')}["']`).test(attributes)) {
		return `vaultpackage.xml lacks the ${namespace} namespace`;
	}

	const element = (path: string[]): string | undefined => {
		let scope: string | undefined = content;
		for (const name of path) scope = scope === undefined ? undefined : firstElement(scope, name);
		return scope === undefined ? undefined : decodeXml(scope);
	};

	const name = element(['name']);
	if (!name) return 'vaultpackage.xml has no <name>';
	if (/<[a-z]/i.test(name)) return 'vaultpackage.xml does not parse: <name> holds markup';
	return {
		name,
		sourceVault: element(['source', 'vault']) ?? '',
		author: element(['source', 'author']) ?? '',
		packageType: element(['packagetype']) ?? '',
		summary: element(['summary']) ?? '',
		description: element(['description']) ?? '',
		javaSdkDeploymentOption: element(['javasdk', 'deployment_option']) || null,
	};
};

const unsafeName = (name: string) => name.startsWith('/') || name.includes('\\') || /^[a-z]:/i.test(name) || name.split('/').includes('..');

const componentPattern = /^components\/(\d{5})\/([^/]+)$/;

export const inspectVpk = async (file: string, {maxBytes = vpkMaxBytes, limits = vpkLimits}: {maxBytes?: number; limits?: ZipLimits} = {}): Promise<VpkInspection & {bytes: number}> => {
	const local = await checkLocalPackage(file, {extension: '.vpk', maxBytes, what: 'Vault package'});
	const refuse = (reason: string) => usageError(`${file} is not a usable Vault package: ${reason}.`, 'Export the package from the source Vault again, or check you picked the right file.');
	const refuseBomb = (reason: string) => usageError(`${file} is not a usable Vault package: ${reason}.`, 'A package Vault exports stays far below this; export it again from the source Vault. Nothing was sent.');
	let zip;
	try {
		zip = await openZip(file, limits);
	} catch (error) {
		if (error instanceof ZipLimitError) throw refuseBomb(error.message);
		throw refuse(error instanceof ZipError ? error.message : 'it cannot be read as a zip archive');
	}

	try {
		const unsafe = zip.entries.find(entry => unsafeName(entry.name));
		if (unsafe) throw refuse(`it holds an entry with an unsafe path (${JSON.stringify(unsafe.name.slice(0, 80))})`);
		const manifestEntry = zip.entries.find(entry => entry.name === 'vaultpackage.xml');
		if (!manifestEntry) throw refuse('it has no vaultpackage.xml at its root');
		const manifestText = await zip.read(manifestEntry, maxManifestBytes).catch((error: unknown) => {
			if (error instanceof ZipLimitError) throw error;
			throw refuse(error instanceof ZipError ? error.message : 'vaultpackage.xml cannot be read');
		});
		const manifest = parseManifest(manifestText.toString('utf8'));
		if (typeof manifest === 'string') throw refuse(manifest);

		const byName = new Map(zip.entries.map(entry => [entry.name, entry]));
		const steps = new Map<string, VpkStep>();
		const checksumProblems: string[] = [];
		let dependencyBytes = 0;
		let dependencyRows = 0;
		for (const entry of zip.entries) {
			const match = componentPattern.exec(entry.name);
			if (!match) continue;
			const [, stepNumber = '', base = ''] = match;
			const step = steps.get(stepNumber) ?? {step: stepNumber, components: [], dataFiles: []};
			steps.set(stepNumber, step);
			if (base.endsWith('.csv')) step.dataFiles.push(base);
			if (!base.endsWith('.mdl')) continue;
			const [type = '', ...rest] = base.slice(0, -'.mdl'.length).split('.');
			const dependencyFile = byName.get(entry.name.replace(/\.mdl$/, '.dep'));
			// A damaged .dep reads as no dependencies, as before; a .dep over a cap refuses the package.
			const csv = dependencyFile ? await zip.read(dependencyFile, maxDepBytes).catch(keepLimitErrors(Buffer.alloc(0))) : Buffer.alloc(0);
			// Counted before parsing: every row becomes an object here and in the JSON result.
			dependencyBytes += csv.length;
			dependencyRows += countLines(csv);
			if (dependencyBytes > maxDependencyBytes) throw new ZipLimitError(`its .dep files hold more than ${formatBytes(maxDependencyBytes)}`);
			if (dependencyRows > maxDependencies) throw new ZipLimitError(`its .dep files list more than ${maxDependencies.toLocaleString('en-US')} dependencies`);
			step.components.push({type, name: rest.join('.'), file: entry.name, dependencies: parseDependencies(csv.toString('utf8'))});
			checksumProblems.push(...(await checkMdl(zip, entry, byName.get(entry.name.replace(/\.mdl$/, '.md5')))));
		}

		return {
			manifest,
			steps: [...steps.values()].sort((a, b) => a.step.localeCompare(b.step)),
			hasJavaSdk: zip.entries.some(entry => entry.name.startsWith('javasdk/')),
			checksumProblems,
			entries: zip.entries.length,
			bytes: local.bytes,
		};
	} catch (error) {
		if (error instanceof ZipLimitError) throw refuseBomb(error.message);
		throw error;
	} finally {
		await zip.close();
	}
};

/** A read that may fail for damage (the fallback) but never past a cap. */
const keepLimitErrors = <T>(fallback: T) => (error: unknown): T => {
	if (error instanceof ZipLimitError) throw error;
	return fallback;
};

const countLines = (buffer: Buffer): number => {
	if (buffer.length === 0) return 0;
	let lines = 0;
	for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines++;
	return lines + 1;
};

/** A .dep has 10 columns; a row of a million commas must not become a million strings. */
const maxColumns = 64;

/** The first `limit` cells of a CSV row. */
const csvRow = (line: string, limit = maxColumns): string[] => {
	const cells: string[] = [];
	if (limit <= 0) return cells;
	for (const match of line.matchAll(/"((?:[^"]|"")*)"|([^,]+)|(?<=,|^)(?=,|$)/g)) {
		cells.push((match[1] ?? match[2] ?? '').replaceAll('""', '"'));
		if (cells.length >= limit) break;
	}

	return cells;
};

/** The .dep CSV (vendor-apis.md 1.6): header names, then one row per dependency. */
export const parseDependencies = (csv: string): VpkDependency[] => {
	const [header, ...rows] = csv.split(/\r?\n/).filter(line => line.trim() !== '');
	if (!header) return [];
	const columns = csvRow(header);
	// Looked up once: per row, a header of many columns made this rows × columns.
	const wanted = ['In Package', 'Blocking Type', 'Target Component Name', 'Target Component Type'].map(column => columns.indexOf(column));
	const [inPackage, blocking, name, type] = wanted;
	const width = Math.max(...wanted) + 1;
	return rows.map(line => {
		const cells = csvRow(line, width);
		const cell = (index = -1) => cells[index] ?? '';
		return {
			inPackage: /^(true|yes|1)$/i.test(cell(inPackage)),
			blocking: /block/i.test(cell(blocking)),
			name: cell(name),
			type: cell(type),
		};
	});
};

/** The .mdl is streamed into its hash: a large one costs 64 KiB of memory, not its size. */
const checkMdl = async (zip: ZipReader, mdl: ZipEntry, md5: ZipEntry | undefined): Promise<string[]> => {
	if (!md5) return [`${mdl.name} has no .md5 checksum file`];
	try {
		const expected = (await zip.read(md5, maxMd5Bytes)).toString('utf8').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
		const hash = createHash('md5');
		await zip.stream(mdl, maxMdlBytes, piece => hash.update(piece));
		const actual = hash.digest('hex');
		return expected === actual ? [] : [`${mdl.name} does not match its checksum (${expected.slice(0, 8)}… expected, ${actual.slice(0, 8)}… found)`];
	} catch (error) {
		if (error instanceof ZipLimitError) throw error;
		return [`${mdl.name} could not be checked: ${error instanceof Error ? error.message : String(error)}`];
	}
};
