/**
 * Local inspection of a Vault .vpk (vendor-apis.md 1.6) before any network call: the zip's
 * directory and vaultpackage.xml only, plus each .mdl against its .md5. Anything that would make
 * Vault refuse the package, or that is hostile, is refused here with one line (exit 2).
 */
import {createHash} from 'node:crypto';
import {usageError} from '../errors.js';
import {checkLocalPackage} from './local-file.js';
import {openZip, ZipError, type ZipEntry} from './zip-directory.js';

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
const maxManifestBytes = 1024 * 1024;
const maxMdlBytes = 64 * 1024 * 1024;
const namespace = 'https://veevavault.com/';

const decodeXml = (text: string) =>
	text
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&apos;', "'")
		.replaceAll('&amp;', '&')
		.trim();

/** The manifest is a flat, known document; a few anchored patterns read it without an XML library. */
export const parseManifest = (xml: string): VpkManifest | string => {
	const body = xml.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').trim();
	const root = /^<vaultpackage\b([^>]*)>([\s\S]*)<\/vaultpackage>$/.exec(body);
	if (!root) return 'vaultpackage.xml does not parse: it has no <vaultpackage> root element';
	const attributes = root[1] ?? '';
	const content = root[2] ?? '';
	if (!new RegExp(`xmlns\\s*=\\s*["']${namespace.replaceAll('/', '\\/').replaceAll('.', '\\.')}["']`).test(attributes)) {
		return `vaultpackage.xml lacks the ${namespace} namespace`;
	}

	const element = (path: string[]): string | undefined => {
		let scope: string | undefined = content;
		for (const name of path) {
			const match: RegExpExecArray | null = scope === undefined ? null : new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>|<${name}\\s*/>`).exec(scope);
			scope = match ? (match[1] ?? '') : undefined;
		}

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

export const inspectVpk = async (file: string, {maxBytes = vpkMaxBytes}: {maxBytes?: number} = {}): Promise<VpkInspection & {bytes: number}> => {
	const local = await checkLocalPackage(file, {extension: '.vpk', maxBytes, what: 'Vault package'});
	const refuse = (reason: string) => usageError(`${file} is not a usable Vault package: ${reason}.`, 'Export the package from the source Vault again, or check you picked the right file.');
	let zip;
	try {
		zip = await openZip(file);
	} catch (error) {
		throw refuse(error instanceof ZipError ? error.message : 'it cannot be read as a zip archive');
	}

	try {
		const unsafe = zip.entries.find(entry => unsafeName(entry.name));
		if (unsafe) throw refuse(`it holds an entry with an unsafe path (${JSON.stringify(unsafe.name.slice(0, 80))})`);
		const manifestEntry = zip.entries.find(entry => entry.name === 'vaultpackage.xml');
		if (!manifestEntry) throw refuse('it has no vaultpackage.xml at its root');
		const manifestText = await zip.read(manifestEntry, maxManifestBytes).catch(() => {
			throw refuse(`vaultpackage.xml is larger than ${maxManifestBytes / 1024} KB or damaged`);
		});
		const manifest = parseManifest(manifestText.toString('utf8'));
		if (typeof manifest === 'string') throw refuse(manifest);

		const byName = new Map(zip.entries.map(entry => [entry.name, entry]));
		const steps = new Map<string, VpkStep>();
		const checksumProblems: string[] = [];
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
			const dependencies = dependencyFile ? parseDependencies((await zip.read(dependencyFile, maxMdlBytes).catch(() => Buffer.alloc(0))).toString('utf8')) : [];
			step.components.push({type, name: rest.join('.'), file: entry.name, dependencies});
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
	} finally {
		await zip.close();
	}
};

const csvRow = (line: string): string[] => [...line.matchAll(/"((?:[^"]|"")*)"|([^,]+)|(?<=,|^)(?=,|$)/g)].map(match => (match[1] ?? match[2] ?? '').replaceAll('""', '"'));

/** The .dep CSV (vendor-apis.md 1.6): header names, then one row per dependency. */
export const parseDependencies = (csv: string): VpkDependency[] => {
	const [header, ...rows] = csv.split(/\r?\n/).filter(line => line.trim() !== '');
	if (!header) return [];
	const columns = csvRow(header);
	const column = (name: string) => columns.indexOf(name);
	return rows.map(line => {
		const cells = csvRow(line);
		const cell = (name: string) => cells[column(name)] ?? '';
		return {
			inPackage: /^(true|yes|1)$/i.test(cell('In Package')),
			blocking: /block/i.test(cell('Blocking Type')),
			name: cell('Target Component Name'),
			type: cell('Target Component Type'),
		};
	});
};

const checkMdl = async (zip: Awaited<ReturnType<typeof openZip>>, mdl: ZipEntry, md5: ZipEntry | undefined): Promise<string[]> => {
	if (!md5) return [`${mdl.name} has no .md5 checksum file`];
	try {
		const expected = (await zip.read(md5, 1024)).toString('utf8').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
		const actual = createHash('md5').update(await zip.read(mdl, maxMdlBytes)).digest('hex');
		return expected === actual ? [] : [`${mdl.name} does not match its checksum (${expected.slice(0, 8)}… expected, ${actual.slice(0, 8)}… found)`];
	} catch (error) {
		return [`${mdl.name} could not be checked: ${error instanceof Error ? error.message : String(error)}`];
	}
};
