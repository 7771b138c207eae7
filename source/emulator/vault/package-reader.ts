/**
 * What the emulated Vault reads of an uploaded .vpk, written apart from packport's own reader
 * (source/packages/vpk.ts) on purpose: the manifest's name, summary, source and Java SDK option,
 * and the steps — the `components/NNNNN/` folders of the zip's directory — with, per step, its
 * component (`Type.name.mdl`, or `.json` for e.g. Workflow), or its data set (`*.csv` in any case,
 * with the `.xml` step header beside it), the checksum (`.md5`, or the step header's) and the
 * dependencies the `.dep` file names. Real packages carry more than Vault's docs show: a
 * `<VaultPackage>` root (Veeva's IntelliJ toolbox), `__MACOSX/` and `.DS_Store` entries, data
 * descriptors; all read as Vault reads them (vendor-apis.md, Corrections 2026-12-02).
 */
import {createHash} from 'node:crypto';
import {NotAZip, openZip, type ZipEntry, type ZipFile} from './zip-reader.js';

export type DependencyRow = {name: string; type: string; subName: string; subType: string; blocking: boolean};
export type PackageComponent = {type: string; name: string; file: string; checksum: string; dependencies: DependencyRow[]};
export type PackageDataSet = {
	file: string;
	label: string;
	object: string;
	dataType: string;
	action: string;
	recordMigrationMode: boolean;
	recordCount: string;
	checksum: string;
	dependencies: DependencyRow[];
};
export type PackageStep = {name: string; kind: 'Component' | 'Data'; components: PackageComponent[]; data: PackageDataSet[]};
export type PackageManifest = {
	name: string;
	summary: string;
	description: string;
	author: string;
	sourceVault: string;
	packageType: string;
	javaSdkOption: string;
};
export type ReceivedPackage = {manifest: PackageManifest; steps: PackageStep[]; javaClasses: string[]};

const maxSmallFile = 1024 * 1024;
/** Data files are counted only up to this size; above it the step header's count stands alone. */
const maxCountedCsv = 8 * 1024 * 1024;
const maxDependencyRows = 10_000;

const decode = (text: string) =>
	text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&').trim();

/**
 * The text of the first `<name>` element in `scope`, by forward searches on a lower-cased copy
 * (element names in any case, attributes allowed, `<name/>` empty), or undefined.
 */
const element = (scope: string, name: string): string | undefined => {
	const lower = scope.toLowerCase();
	for (let at = lower.indexOf(`<${name}`); at !== -1; at = lower.indexOf(`<${name}`, at + 1)) {
		const after = lower[at + name.length + 1] ?? '';
		if (after !== '>' && after !== '/' && !/\s/.test(after)) continue;
		const end = lower.indexOf('>', at);
		if (end === -1) return undefined;
		if (lower[end - 1] === '/') return '';
		const close = lower.indexOf(`</${name}`, end);
		return close === -1 ? undefined : scope.slice(end + 1, close);
	}

	return undefined;
};

const text = (scope: string | undefined, ...path: string[]): string => {
	let current = scope;
	for (const name of path) current = current === undefined ? undefined : element(current, name);
	return current === undefined ? '' : decode(current);
};

export const readManifest = (xml: string): PackageManifest | string => {
	const body = xml.replace(/^\uFEFF/, '').replaceAll(/<!--[\s\S]*?-->/g, '');
	// <vaultpackage> (Vault's exports, the Maven plugin) or <VaultPackage> (the IntelliJ toolbox).
	const root = element(body, 'vaultpackage');
	if (root === undefined) return 'vaultpackage.xml has no vaultpackage root element';
	const open = body.slice(body.toLowerCase().indexOf('<vaultpackage'), body.indexOf('>', body.toLowerCase().indexOf('<vaultpackage')));
	if (!/xmlns\s*=\s*["']https:\/\/veevavault\.com\/["']/.test(open)) return 'vaultpackage.xml lacks the https://veevavault.com/ namespace';
	const name = text(root, 'name');
	if (!name) return 'vaultpackage.xml names no package';
	return {
		name,
		summary: text(root, 'summary'),
		description: text(root, 'description'),
		author: text(root, 'source', 'author'),
		sourceVault: text(root, 'source', 'vault'),
		packageType: text(root, 'packagetype'),
		javaSdkOption: text(root, 'javasdk', 'deployment_option'),
	};
};

/** Cells of one CSV line, quotes and doubled quotes honoured. */
const csvCells = (line: string): string[] => {
	const cells: string[] = [];
	let cell = '';
	let quoted = false;
	for (let at = 0; at < line.length; at++) {
		const char = line[at]!;
		if (quoted) {
			if (char === '"' && line[at + 1] === '"') {
				cell += '"';
				at++;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			cells.push(cell);
			cell = '';
		} else cell += char;
	}

	cells.push(cell);
	return cells.map(value => value.trim());
};

/** The rows of a `.dep` file (vendor-apis.md 1.6): what each component needs in the target Vault. */
export const readDependencies = (csv: string): DependencyRow[] => {
	const [header, ...rows] = csv
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.filter(line => line.trim() !== '');
	if (!header) return [];
	const columns = csvCells(header).map(column => column.toLowerCase());
	const at = (name: string) => columns.indexOf(name);
	const [blocking, name, type, subName, subType] = [
		'blocking type',
		'target component name',
		'target component type',
		'target sub component name',
		'target sub component type',
	].map(at);
	return rows.slice(0, maxDependencyRows).flatMap(line => {
		const cells = csvCells(line);
		const cell = (index = -1) => cells[index] ?? '';
		return cell(name) ? [{name: cell(name), type: cell(type), subName: cell(subName), subType: cell(subType), blocking: /block/i.test(cell(blocking))}] : [];
	});
};

/** Entries a package tool or an OS leaves that are not part of the package. */
const isNoise = (name: string) =>
	name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').some(part => part === '.DS_Store' || part.startsWith('._') || part === '..');

const stepFile = /^components\/(\d+)\/([^/]+)$/;

const extension = (file: string) => {
	const dot = file.lastIndexOf('.');
	return dot === -1 ? {base: file, ext: ''} : {base: file.slice(0, dot), ext: file.slice(dot + 1).toLowerCase()};
};

const splitComponent = (base: string) => {
	const dot = base.indexOf('.');
	return dot === -1 ? {type: '', name: base} : {type: base.slice(0, dot), name: base.slice(dot + 1)};
};

const countRows = (csv: Buffer): number => {
	let lines = 0;
	for (let at = csv.indexOf(10); at !== -1; at = csv.indexOf(10, at + 1)) lines++;
	if (csv.length > 0 && csv.at(-1) !== 10) lines++;
	return Math.max(0, lines - 1);
};

export type ReadResult = {ok: true; package: ReceivedPackage} | {ok: false; error: string};

export const readVaultPackage = async (file: string): Promise<ReadResult> => {
	let zip: ZipFile;
	try {
		zip = await openZip(file);
	} catch (error) {
		return {ok: false, error: `the file is not a zip archive (${error instanceof NotAZip ? error.message : String(error)})`};
	}

	try {
		const entries = zip.entries.filter(entry => !isNoise(entry.name));
		const small = async (entry: ZipEntry | undefined) => (entry ? ((await zip.read(entry, maxSmallFile))?.toString('utf8') ?? '') : '');
		const manifestEntry = entries.find(entry => entry.name === 'vaultpackage.xml');
		if (!manifestEntry) return {ok: false, error: 'the package has no vaultpackage.xml at its root'};
		const manifestText = await zip.read(manifestEntry, maxSmallFile);
		if (manifestText === undefined) return {ok: false, error: 'vaultpackage.xml cannot be read'};
		const manifest = readManifest(manifestText.toString('utf8'));
		if (typeof manifest === 'string') return {ok: false, error: manifest};

		const folders = new Map<string, Map<string, Map<string, ZipEntry>>>();
		for (const entry of entries) {
			const match = stepFile.exec(entry.name);
			if (!match) continue;
			const [, step = '', fileName = ''] = match;
			const {base, ext} = extension(fileName);
			const files = folders.get(step) ?? new Map<string, Map<string, ZipEntry>>();
			folders.set(step, files);
			const byExtension = files.get(base) ?? new Map<string, ZipEntry>();
			files.set(base, byExtension);
			byExtension.set(ext, entry);
		}

		const steps: PackageStep[] = [];
		for (const [name, files] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
			const components: PackageComponent[] = [];
			const data: PackageDataSet[] = [];
			for (const [base, byExtension] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
				const definition = byExtension.get('mdl') ?? byExtension.get('json');
				const csv = byExtension.get('csv');
				const dependencies = readDependencies(await small(byExtension.get('dep')));
				const header = await small(byExtension.get('xml'));
				if (definition) {
					const md5 = (await small(byExtension.get('md5'))).trim().split(/\s+/)[0] ?? '';
					components.push({...splitComponent(base), file: definition.name, checksum: md5 || text(header, 'checksum'), dependencies});
				} else if (csv) {
					const content = csv.size <= maxCountedCsv ? await zip.read(csv, maxCountedCsv) : undefined;
					const label = text(header, 'label') || base;
					const dataHeader = element(header, 'datastepheader');
					data.push({
						file: csv.name,
						label,
						object: text(dataHeader, 'object') || label.replace(/^DSET-\d+-/, ''),
						dataType: text(dataHeader, 'datatype') || 'Object',
						action: text(dataHeader, 'action') || 'Create',
						recordMigrationMode: /^true$/i.test(text(dataHeader, 'recordmigrationmode')),
						recordCount: text(dataHeader, 'recordcount') || (content ? String(countRows(content)) : ''),
						checksum: text(header, 'checksum') || (content ? createHash('md5').update(content).digest('hex') : ''),
						dependencies,
					});
				}
			}

			if (components.length > 0) steps.push({name, kind: 'Component', components, data: []});
			else if (data.length > 0) steps.push({name, kind: 'Data', components: [], data});
		}

		const javaClasses = entries
			.filter(entry => entry.name.startsWith('javasdk/') && entry.name.endsWith('.java'))
			.slice(0, 1000)
			.map(entry =>
				entry.name
					.replace(/^javasdk\/(?:src\/main\/java\/)?/, '')
					.replace(/\.java$/, '')
					.replaceAll('/', '.'),
			);
		return {ok: true, package: {manifest, steps, javaClasses}};
	} finally {
		await zip.close();
	}
};
