/**
 * Local inspection of a Vault .vpk (vendor-apis.md 1.6) before any network call: the zip's
 * directory and vaultpackage.xml, each .mdl against its .md5 (or its .xml step header), the .dep
 * files and the data steps' headers. Anything that would make Vault refuse the package, or that is
 * hostile, is refused here with one line (exit 2).
 *
 * Read as real packages are written (issue 13; 102 public .vpk files, every one read): the root
 * `<vaultpackage>` or `<VaultPackage>`; manifests without `<packagetype>` or with an empty
 * `<vault>`; data files `*.csv` in any case beside their `<stepheader>`; components as `.mdl` or
 * `.json` (Workflow); multi-command MDL checked against an `.xml` step header where Veeva's tools
 * write one instead of an `.md5`; `__MACOSX/`, `.DS_Store` and `._*` entries ignored; `websdk/`
 * distributions listed; zips with data descriptors (sizes come from the central directory).
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
/**
 * A component of a step: MDL (`Object.claim__c.mdl`) or, for some types Vault exports as JSON
 * (Workflow), `Workflow.lifecycle__c.workflow__c.json`. The type is the file name up to its first dot.
 */
export type VpkComponent = {type: string; name: string; file: string; format: 'mdl' | 'json'; dependencies: VpkDependency[]};
/**
 * A data step's CSV (`DSET-00002-Bicycle Store.CSV`, any case) and what its `<stepheader>` (the
 * `.xml` beside it) says: the object, the action, the record count. Fields the header lacks are
 * absent; `records` is counted from the CSV when the header has no count and the file is small.
 */
export type VpkDataFile = {file: string; bytes: number; label?: string; object?: string; action?: string; records?: number};
export type VpkStep = {
	step: string;
	/** What the step holds: components, data (CSV files), both, or nothing packport recognises. */
	kind: 'components' | 'data' | 'mixed' | 'empty';
	components: VpkComponent[];
	/** The step's CSV file names, as stored. */
	dataFiles: string[];
	data: VpkDataFile[];
};

export type VpkInspection = {
	manifest: VpkManifest;
	steps: VpkStep[];
	hasJavaSdk: boolean;
	/** Web SDK distributions (`websdk/<name>/…`): Custom Pages code. */
	webSdk: string[];
	/**
	 * One line per component or data file whose checksum is missing or does not match: an .mdl
	 * against its .md5 or, for multi-command MDL, the `<checksum>` of its .xml step header; a CSV
	 * against its step header's `<checksum>` (small files only). Warnings: Vault decides.
	 */
	checksumProblems: string[];
	entries: number;
	/** `__MACOSX/`, `.DS_Store` and `._*` entries: left alone (still uploaded, as Vault ignores them). */
	ignoredEntries: number;
};

/** Vault's generic upload limit (EXCEEDS_FILE_MAX_SIZE); Validate Package takes at most 2 GB. */
export const vpkMaxBytes = 4 * 1024 ** 3;
export const vpkValidateMaxBytes = 2 * 1024 ** 3;
/**
 * What packport inflates of a package: vaultpackage.xml, each .mdl (streamed into its md5), .md5,
 * .dep and step-header .xml, and CSVs up to 1 MiB (4 MiB in all); never a larger data file, a JSON
 * component, Java or Web SDK code, nor an archive stored inside the package.
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
/** A `<stepheader>` is a few hundred bytes (the largest of 42 public ones: 430 B). */
const maxStepHeaderBytes = 64 * 1024;
/**
 * CSVs are data, often large: one is checked against its header's checksum (and its rows counted
 * when the header has no count) only up to 1 MiB, below where the ratio cap starts, and only 4 MiB
 * of them in all, so checking data never makes a real package reach a cap.
 */
const maxCheckedCsvBytes = 1024 * 1024;
const maxCheckedCsvTotal = 4 * 1024 * 1024;
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
	text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&').trim();

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
	// `<vaultpackage>` (Veeva's Maven plugin, Vault exports) or `<VaultPackage>` (Veeva's IntelliJ
	// toolbox, every Custom Pages sample since 2025): the root in any case, closed as it was opened.
	const root = /^<(vaultpackage)\b([^>]*)>([\s\S]*)<\/(vaultpackage)>$/i.exec(body);
	if (!root) return 'vaultpackage.xml does not parse: it has no <vaultpackage> root element';
	if (root[1] !== root[4]) return `vaultpackage.xml does not parse: <${root[1]}> is closed by </${root[4]}>`;
	const attributes = root[2] ?? '';
	const content = root[3] ?? '';
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

/** What macOS leaves in archives and folders: `__MACOSX/…`, `.DS_Store`, AppleDouble `._name`. */
export const isJunkEntry = (name: string): boolean => {
	const parts = name.split('/').filter(Boolean);
	const base = parts.at(-1) ?? '';
	return parts.includes('__MACOSX') || base === '.DS_Store' || base.startsWith('._');
};

const componentPattern = /^components\/(\d{5})\/([^/]+)$/;
/** `Type.name.ext` → the extension, lower case (`DSET-00002-Bicycle Store.CSV` → `csv`). */
const extensionOf = (base: string) => (base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '');
const withoutExtension = (name: string) => name.slice(0, name.lastIndexOf('.'));

export type InspectVpkOptions = {
	maxBytes?: number;
	limits?: ZipLimits;
	/** How messages name the package (a folder zipped on the fly is named by its folder). */
	label?: string;
	/** The hint of a refusal for a package that does not read (not for the caps). */
	hint?: string;
};

export const inspectVpk = async (
	file: string,
	{
		maxBytes = vpkMaxBytes,
		limits = vpkLimits,
		label = file,
		hint: refusalHint = 'Export the package from the source Vault again, or check you picked the right file.',
	}: InspectVpkOptions = {},
): Promise<VpkInspection & {bytes: number}> => {
	const local = await checkLocalPackage(file, {extension: '.vpk', maxBytes, what: 'Vault package'});
	const refuse = (reason: string, hint = refusalHint) => usageError(`${label} is not a usable Vault package: ${reason}.`, hint);
	const refuseBomb = (reason: string) =>
		usageError(
			`${label} is not a usable Vault package: ${reason}.`,
			'A package Vault exports stays far below this; export it again from the source Vault. Nothing was sent.',
		);
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
		if (!manifestEntry) {
			// A folder zipped with its own name on top: say where the manifest is and what to do.
			const nested = zip.entries.find(entry => !isJunkEntry(entry.name) && /^[^/]+\/vaultpackage\.xml$/.test(entry.name));
			if (nested) {
				const folder = nested.name.slice(0, nested.name.indexOf('/') + 1);
				throw refuse(
					`its vaultpackage.xml is inside ${JSON.stringify(folder.slice(0, 80))}, not at the root of the zip`,
					`Zip what is inside ${folder.slice(0, 80)} rather than the folder itself, or pass that folder as --package: packport zips it the way Vault expects.`,
				);
			}

			throw refuse('it has no vaultpackage.xml at its root');
		}

		const manifestText = await zip.read(manifestEntry, maxManifestBytes).catch((error: unknown) => {
			if (error instanceof ZipLimitError) throw error;
			throw refuse(error instanceof ZipError ? error.message : 'vaultpackage.xml cannot be read');
		});
		const manifest = parseManifest(manifestText.toString('utf8'));
		if (typeof manifest === 'string') throw refuse(manifest);

		// Siblings are found whatever the case of their extension (`.CSV` beside `.xml`).
		const byName = new Map(zip.entries.map(entry => [entry.name.toLowerCase(), entry]));
		const sibling = (entry: ZipEntry, extension: string) => byName.get(`${withoutExtension(entry.name)}.${extension}`.toLowerCase());
		const steps = new Map<string, VpkStep>();
		const checksumProblems: string[] = [];
		let dependencyBytes = 0;
		let dependencyRows = 0;
		let csvChecked = 0;
		const readDependencies = async (entry: ZipEntry) => {
			const dependencyFile = sibling(entry, 'dep');
			// A damaged .dep reads as no dependencies, as before; a .dep over a cap refuses the package.
			const csv = dependencyFile ? await zip.read(dependencyFile, maxDepBytes).catch(keepLimitErrors(Buffer.alloc(0))) : Buffer.alloc(0);
			// Counted before parsing: every row becomes an object here and in the JSON result.
			dependencyBytes += csv.length;
			dependencyRows += countLines(csv);
			if (dependencyBytes > maxDependencyBytes) throw new ZipLimitError(`its .dep files hold more than ${formatBytes(maxDependencyBytes)}`);
			if (dependencyRows > maxDependencies) throw new ZipLimitError(`its .dep files list more than ${maxDependencies.toLocaleString('en-US')} dependencies`);
			return parseDependencies(csv.toString('utf8'));
		};

		const readStepHeader = async (entry: ZipEntry | undefined) =>
			entry ? parseStepHeader((await zip.read(entry, maxStepHeaderBytes).catch(keepLimitErrors(Buffer.alloc(0)))).toString('utf8')) : undefined;

		for (const entry of zip.entries) {
			const match = componentPattern.exec(entry.name);
			if (!match || isJunkEntry(entry.name)) continue;
			const [, stepNumber = '', base = ''] = match;
			const step = steps.get(stepNumber) ?? {step: stepNumber, kind: 'empty', components: [], dataFiles: [], data: []};
			steps.set(stepNumber, step);
			const extension = extensionOf(base);
			if (extension === 'csv') {
				step.dataFiles.push(base);
				const header = await readStepHeader(sibling(entry, 'xml'));
				const data: VpkDataFile = {
					file: base,
					bytes: entry.size,
					...definedFields({label: header?.label, object: header?.object, action: header?.action, records: header?.records}),
				};
				// Small CSVs are checked against their header and counted when it has no count.
				if (entry.size <= maxCheckedCsvBytes && csvChecked + entry.size <= maxCheckedCsvTotal && (header?.checksum || data.records === undefined)) {
					csvChecked += entry.size;
					const checked = await checkCsv(zip, entry, header?.checksum);
					checksumProblems.push(...checked.problems);
					if (data.records === undefined && checked.records !== undefined) data.records = checked.records;
				}

				step.data.push(data);
				continue;
			}

			if (extension !== 'mdl' && extension !== 'json') continue;
			const [type = '', ...rest] = withoutExtension(base).split('.');
			step.components.push({type, name: rest.join('.'), file: entry.name, format: extension, dependencies: await readDependencies(entry)});
			// A JSON component's .md5 is not the md5 of its bytes (none of the public Workflow samples
			// matches, and Vault imports them): it is not checked.
			if (extension === 'mdl') checksumProblems.push(...(await checkMdl(zip, entry, sibling(entry, 'md5'), sibling(entry, 'xml'))));
		}

		for (const step of steps.values()) {
			step.kind = step.components.length > 0 ? (step.data.length > 0 ? 'mixed' : 'components') : step.data.length > 0 ? 'data' : 'empty';
		}

		const files = zip.entries.filter(entry => !entry.name.endsWith('/') && !isJunkEntry(entry.name));
		return {
			manifest,
			steps: [...steps.values()].sort((a, b) => a.step.localeCompare(b.step)),
			hasJavaSdk: files.some(entry => entry.name.startsWith('javasdk/')),
			webSdk: [...new Set(files.filter(entry => /^websdk\/[^/]+\//.test(entry.name)).map(entry => entry.name.split('/')[1] ?? ''))].sort(),
			checksumProblems,
			entries: zip.entries.length,
			ignoredEntries: zip.entries.length - zip.entries.filter(entry => !isJunkEntry(entry.name)).length,
			bytes: local.bytes,
		};
	} catch (error) {
		if (error instanceof ZipLimitError) throw refuseBomb(error.message);
		throw error;
	} finally {
		await zip.close();
	}
};

const definedFields = <T extends Record<string, unknown>>(fields: T): Partial<T> =>
	Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as Partial<T>;

export type VpkStepHeader = {label?: string; checksum?: string; object?: string; action?: string; records?: number};

/**
 * A `<stepheader>` (vendor-apis.md 1.6): a data step's CSV manifest or, from Veeva's toolbox, the
 * checksum of a multi-command .mdl. Flat and small; read like the manifest, by forward searches.
 */
export const parseStepHeader = (xml: string): VpkStepHeader | undefined => {
	const body = withoutComments(xml.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '')).trim();
	if (!/^<stepheader\b/i.test(body)) return undefined;
	const element = (name: string) => {
		const value = firstElement(body, name);
		return value === undefined || /<[a-z]/i.test(value) ? undefined : decodeXml(value);
	};

	const count = element('recordcount');
	return definedFields({
		label: element('label'),
		checksum: element('checksum')?.toLowerCase(),
		object: element('object'),
		action: element('action'),
		records: count && /^\d{1,12}$/.test(count) ? Number(count) : undefined,
	});
};

/** A read that may fail for damage (the fallback) but never past a cap. */
const keepLimitErrors =
	<T>(fallback: T) =>
	(error: unknown): T => {
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
		// Standard components (every part ending __v or __sys) are in every Vault: Vault's own
		// validation reports them "In Target", so they never block.
		const standard =
			cell(name) !== '' &&
			cell(name)
				.split('.')
				.every(part => /__(v|sys)$/.test(part));
		return {
			inPackage: /^(true|yes|1)$/i.test(cell(inPackage)),
			blocking: /block/i.test(cell(blocking)) && !standard,
			name: cell(name),
			type: cell(type),
		};
	});
};

/**
 * The .mdl is streamed into its hash: a large one costs 64 KiB of memory, not its size. The expected
 * hash is the .md5's first word or, where Veeva's toolbox wrote a step header instead (multi-command
 * MDL), that header's `<checksum>`.
 */
const checkMdl = async (zip: ZipReader, mdl: ZipEntry, md5: ZipEntry | undefined, header: ZipEntry | undefined): Promise<string[]> => {
	try {
		let expected: string | undefined;
		let source = 'its checksum';
		if (md5) expected = (await zip.read(md5, maxMd5Bytes)).toString('utf8').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
		else if (header) {
			expected = parseStepHeader((await zip.read(header, maxStepHeaderBytes)).toString('utf8'))?.checksum;
			source = 'the checksum in its .xml step header';
			if (expected === undefined) return [`${mdl.name} has no .md5 checksum file, and its .xml step header holds no checksum`];
		}

		if (expected === undefined) return [`${mdl.name} has no .md5 checksum file (nor an .xml step header)`];
		const hash = createHash('md5');
		await zip.stream(mdl, maxMdlBytes, piece => hash.update(piece));
		const actual = hash.digest('hex');
		return expected === actual ? [] : [`${mdl.name} does not match ${source} (${expected.slice(0, 8)}… expected, ${actual.slice(0, 8)}… found)`];
	} catch (error) {
		if (error instanceof ZipLimitError) throw error;
		return [`${mdl.name} could not be checked: ${error instanceof Error ? error.message : String(error)}`];
	}
};

/** A small CSV against its step header's checksum, and its records counted (quoted line breaks kept in their record). */
const checkCsv = async (zip: ZipReader, csv: ZipEntry, expected: string | undefined): Promise<{problems: string[]; records?: number}> => {
	try {
		const content = await zip.read(csv, maxCheckedCsvBytes);
		const actual = createHash('md5').update(content).digest('hex');
		const problems =
			expected && expected !== actual
				? [`${csv.name} does not match the checksum in its .xml step header (${expected.slice(0, 8)}… expected, ${actual.slice(0, 8)}… found)`]
				: [];
		return {problems, records: countRecords(content)};
	} catch (error) {
		if (error instanceof ZipLimitError) throw error;
		return {problems: [`${csv.name} could not be checked: ${error instanceof Error ? error.message : String(error)}`]};
	}
};

/** Records in a CSV after its header row: line breaks outside quotes, a last line without one counted too. */
export const countRecords = (content: Buffer): number => {
	let rows = 0;
	let quoted = false;
	let open = false;
	for (const byte of content) {
		if (byte === 0x22) quoted = !quoted;
		if (byte === 0x0a && !quoted) {
			rows++;
			open = false;
		} else if (byte !== 0x0d) open = true;
	}

	if (open) rows++;
	return Math.max(0, rows - 1);
};
