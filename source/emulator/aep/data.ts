/**
 * The emulator's AEP org: a deterministic set of packages over several pages, in every state an
 * importer meets (published, draft, publishing, expired), with artifacts whose ids look like AEP's.
 */
import {createHash} from 'node:crypto';

export type AepArtifact = {id: string; type: string; title: string};
export type AepPackage = {
	id: string;
	name: string;
	description: string;
	status: 'PUBLISHED' | 'DRAFT' | 'PUBLISH_IN_PROGRESS' | 'PUBLISH_FAILED';
	packageType: 'PARTIAL' | 'FULL';
	createdDate: number;
	expiry: number;
	artifactsList: AepArtifact[];
};

export const aepOrgId = '5C1328435BF324E90A49402A@AdobeOrg';
export const aepSourceSandbox = 'dev';
export const aepTargetSandboxes = ['prod', 'stage'];

const day = 24 * 60 * 60 * 1000;
const base = Date.UTC(2026, 9, 1);
/** Deterministic, unique-per-seed hex, like AEP's ids (sha1 of the seed, repeated to length). */
const hex = (seed: number, length = 32) => {
	let out = '';
	for (let round = 0; out.length < length; round++) out += createHash('sha1').update(`${seed}:${round}`).digest('hex');
	return out.slice(0, length);
};

const kinds: Array<[string, (index: number, seed: number) => string, string]> = [
	['REGISTRY_SCHEMA', (_index, seed) => `https://ns.adobe.com/acme/schemas/${hex(seed, 40)}`, 'Schema'],
	['REGISTRY_MIXIN', (_index, seed) => `https://ns.adobe.com/acme/mixins/${hex(seed, 40)}`, 'Field group'],
	['CATALOG_DATASET', (_index, seed) => hex(seed, 24), 'Dataset'],
	['PROFILE_SEGMENT', (_index, seed) => `${hex(seed, 8)}-${hex(seed + 1, 4)}-${hex(seed + 2, 4)}-${hex(seed + 3, 4)}-${hex(seed + 4, 12)}`, 'Audience'],
	['JOURNEY', (_index, seed) => `${hex(seed, 8)}-${hex(seed + 5, 4)}-${hex(seed + 6, 4)}-${hex(seed + 7, 4)}-${hex(seed + 8, 12)}@1647559351683`, 'Journey'],
	['FLOW', (_index, seed) => `${hex(seed, 8)}-${hex(seed + 9, 4)}-${hex(seed + 10, 4)}-${hex(seed + 11, 4)}-${hex(seed + 12, 12)}`, 'Dataflow'],
	['ID_NAMESPACE', (index) => `acmeNamespace${index}`, 'Identity namespace'],
];

/**
 * Another object of the same kind in the target: an id of the same shape (URI, 24-hex, uuid,
 * uuid@version) with other hex digits, as real look-alikes have; ids without hex get a suffix.
 */
export const lookalikeId = (id: string, salt: string): string => {
	const slash = id.lastIndexOf('/');
	const head = id.slice(0, slash + 1);
	const [segment = '', version] = id.slice(slash + 1).split('@');
	if (!/^[0-9a-f-]+$/i.test(segment)) return `${id}_${salt}`;
	const digits = hex(Number.parseInt(createHash('sha1').update(`${id}:${salt}`).digest('hex').slice(0, 8), 16), segment.length);
	let next = 0;
	const swapped = segment.replace(/[0-9a-f]/gi, () => digits[next++] ?? '0');
	return `${head}${swapped}${version === undefined ? '' : `@${version}`}`;
};

export const makeArtifacts = (packageIndex: number, count: number): AepArtifact[] =>
	Array.from({length: count}, (_, index) => {
		const [type, makeId, noun] = kinds[index % kinds.length]!;
		const seed = packageIndex * 10_000 + index;
		return {id: makeId(index, seed), type, title: `${noun} ${packageIndex}.${index + 1}`};
	});

/** 30 packages (two pages of 20 at the default limit), newest first by createdDate. */
export const makePackages = (): AepPackage[] => {
	const packages: AepPackage[] = [];
	for (let index = 1; index <= 30; index++) {
		const status = index === 3 ? 'DRAFT' : index === 5 ? 'PUBLISH_IN_PROGRESS' : index === 9 ? 'PUBLISH_FAILED' : 'PUBLISHED';
		packages.push({
			id: hex(index),
			// Package 4 sits on the second page of the default 20 (newest first): lookups by name must page.
			name: index === 4 ? 'Loyalty Journeys' : `Acme Release ${String(index).padStart(2, '0')}`,
			description: `Configuration bundle ${index}`,
			status,
			packageType: 'PARTIAL',
			createdDate: base + index * day,
			// Package 7 has expired; the rest expire in the future (from the emulator's fixed clock).
			expiry: index === 7 ? base - day : Date.UTC(2099, 0, 1),
			artifactsList: makeArtifacts(index, 3 + (index % 4)),
		});
	}

	// Names repeat, as in the page's own package list (two packages named "acme"): one of journeys,
	// one of a dataset, published a day apart.
	for (const [index, count] of [[40, 2], [41, 1]] as const) {
		packages.push({
			id: hex(index),
			name: 'acme',
			description: 'Acme Business Group',
			status: 'PUBLISHED',
			packageType: 'PARTIAL',
			createdDate: base - (index - 38) * day,
			expiry: Date.UTC(2099, 0, 1),
			artifactsList: makeArtifacts(index, count),
		});
	}

	// Data-prep mapping sets: the page's conflict sample offers them with empty titles.
	packages.push({
		id: hex(50),
		name: 'Dataprep Mappings',
		description: 'Mapping sets and the schema they feed',
		status: 'PUBLISHED',
		packageType: 'PARTIAL',
		createdDate: base - 5 * day,
		expiry: Date.UTC(2099, 0, 1),
		artifactsList: [
			...Array.from({length: 3}, (_, index) => ({id: hex(5000 + index), type: 'MAPPING_SET', title: ''})),
			...makeArtifacts(50, 1),
		],
	});

	packages.push({
		id: hex(999),
		name: 'Conflict Storm',
		description: 'Two thousand artifacts that all exist in the target already',
		status: 'PUBLISHED',
		packageType: 'PARTIAL',
		createdDate: base,
		expiry: Date.UTC(2099, 0, 1),
		artifactsList: makeArtifacts(999, 2000),
	});
	return packages;
};
