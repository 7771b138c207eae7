/**
 * What a user gives `packport packages` for Adobe, checked before anything is sent: artifacts as
 * TYPE:ID, a package definition file, an expiry date. Every problem is a usage error (exit 2).
 */
import fs from 'node:fs';
import {usageError} from '../../errors.js';
import {stripControl} from '../../http/redact.js';

/**
 * The artifact types a package may name: the supported-objects table of Adobe's packages page
 * (vendor-apis.md 3.5.4) plus MAPPING_SET and PROFILE_MERGE, which the page's own samples carry.
 */
export const aepArtifactTypes = [
	'JOURNEY',
	'ID_NAMESPACE',
	'REGISTRY_DATATYPE',
	'REGISTRY_CLASS',
	'REGISTRY_MIXIN',
	'REGISTRY_SCHEMA',
	'CATALOG_DATASET',
	'DULE_CONSENT_POLICY',
	'PROFILE_SEGMENT',
	'FLOW',
	'MAPPING_SET',
	'PROFILE_MERGE',
] as const;

/** Package states (vendor-apis.md 3.5.3), for `packages list --status`. */
export const aepPackageStatuses = ['DRAFT', 'PUBLISHED', 'PUBLISH_IN_PROGRESS', 'PUBLISH_FAILED'] as const;

export type ArtifactRef = {id: string; type: string; title?: string};

/** Spellings seen in other clients, mapped to Adobe's (aepp writes IDENTITY_NAMESPACE). */
const misspelled: Record<string, string> = {IDENTITY_NAMESPACE: 'ID_NAMESPACE', SEGMENT: 'PROFILE_SEGMENT', DATASET: 'CATALOG_DATASET', SCHEMA: 'REGISTRY_SCHEMA'};

const shown = (value: string) => stripControl(value).slice(0, 120);

export const checkArtifactType = (given: string, where: string): string => {
	const type = given.trim().toUpperCase();
	if ((aepArtifactTypes as readonly string[]).includes(type)) return type;
	const meant = misspelled[type];
	throw usageError(
		`${where}: "${shown(given)}" is not an Adobe artifact type.`,
		`${meant ? `Did you mean ${meant}? ` : ''}Types: ${aepArtifactTypes.join(', ')}.`,
	);
};

/** `--artifact TYPE:ID`; the id may hold colons itself (XDM ids are URIs). */
export const parseArtifactFlag = (value: string): ArtifactRef => {
	const colon = value.indexOf(':');
	const id = colon < 0 ? '' : value.slice(colon + 1).trim();
	if (colon <= 0 || !id) throw usageError(`--artifact ${shown(value)} is not TYPE:ID.`, 'E.g. --artifact CATALOG_DATASET:626a9669a9f5b818db270e95 (repeatable).');
	return {type: checkArtifactType(value.slice(0, colon), `--artifact ${shown(value)}`), id};
};

export const parseArtifactFlags = (values: string[]): ArtifactRef[] => dedupe(values.map(value => parseArtifactFlag(value)));

/** Adobe de-duplicates artifacts itself (the page); doing it first keeps the request as the user meant it. */
const dedupe = (artifacts: ArtifactRef[]): ArtifactRef[] => {
	const seen = new Set<string>();
	return artifacts.filter(artifact => {
		const key = `${artifact.type}\u0000${artifact.id}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
};

export type PackageDefinition = {name?: string; description?: string; expiry?: string; packageType?: 'PARTIAL' | 'FULL'; artifacts: ArtifactRef[]};

/**
 * A package definition file: the create body as Adobe's page shows it (`{name, description,
 * packageType, expiry, artifacts}`), a package as `packages show --json` or Adobe's lookup prints
 * it (`artifactsList`), or a bare array of `{id, type}`.
 */
export const readPackageFile = (file: string): PackageDefinition => {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw usageError(`Can't read ${shown(file)}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}.`, 'Pass --from with the path of a JSON package definition.');
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw usageError(`${shown(file)} is not valid JSON.`, 'The file holds {"name", "artifacts": [{"id", "type"}]} or what `packport packages show ID --json` prints.');
	}

	// `packages show --json` wraps the package in {package}; Adobe's lookup and the create body do not.
	const wrapped = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).package : undefined;
	const object = (Array.isArray(parsed) ? {artifacts: parsed} : wrapped && typeof wrapped === 'object' ? wrapped : parsed) as Record<string, unknown> | null;
	if (!object || typeof object !== 'object') throw usageError(`${shown(file)} holds no package definition.`, 'Write {"artifacts": [{"id": "…", "type": "JOURNEY"}]}.');
	const list = object.artifacts ?? object.artifactsList ?? [];
	if (!Array.isArray(list)) throw usageError(`${shown(file)}: "artifacts" is not a list.`, 'Write "artifacts": [{"id": "…", "type": "JOURNEY"}].');
	const artifacts = list.map((item, index) => {
		const entry = (item ?? {}) as Record<string, unknown>;
		const id = typeof entry.id === 'string' ? entry.id.trim() : '';
		if (!id || typeof entry.type !== 'string') throw usageError(`${shown(file)}: artifact ${index + 1} has no "id" and "type".`, 'Each artifact is {"id": "…", "type": "JOURNEY"}.');
		const title = typeof entry.title === 'string' && entry.title.trim() ? entry.title.trim() : undefined;
		return {id, type: checkArtifactType(entry.type, `${shown(file)}, artifact ${index + 1}`), ...(title ? {title} : {})};
	});
	const field = (key: string) => (typeof object[key] === 'string' && (object[key] as string).trim() ? (object[key] as string).trim() : undefined);
	const type = field('packageType')?.toUpperCase();
	if (type !== undefined && type !== 'PARTIAL' && type !== 'FULL') throw usageError(`${shown(file)}: packageType "${shown(type)}" is not PARTIAL or FULL.`);
	const expiry = object.expiry;
	return {
		name: field('name'),
		description: field('description'),
		// A package read back carries its expiry in epoch ms; a create body as an ISO string.
		expiry: typeof expiry === 'number' ? new Date(expiry).toISOString() : field('expiry'),
		packageType: type as PackageDefinition['packageType'],
		artifacts: dedupe(artifacts),
	};
};

/** `--expiry 2027-03-31` or a full ISO time, in the future, as the page writes it: `2023-05-20T20:05:10Z`. */
export const parseExpiry = (value: string, now = Date.now()): string => {
	const given = value.trim();
	const time = /^\d{4}-\d{2}-\d{2}$/.test(given) ? Date.parse(`${given}T23:59:59Z`) : /^\d{4}-\d{2}-\d{2}T/.test(given) ? Date.parse(given) : Number.NaN;
	if (!Number.isFinite(time)) throw usageError(`--expiry ${shown(value)} is not a date.`, 'Use e.g. --expiry 2027-03-31 or --expiry 2027-03-31T18:00:00Z.');
	if (time <= now) throw usageError(`--expiry ${shown(value)} is in the past.`, 'Give a date after today; Adobe keeps a package 90 days when no expiry is given.');
	return `${new Date(time).toISOString().slice(0, 19)}Z`;
};
