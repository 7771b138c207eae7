/**
 * What the MicroStrategy emulator holds in a package holder, whatever the user uploads:
 * - the emulator's own demo `.mmp` format (packages/mmp-format.ts), read from the upload's head;
 * - any other bytes (a real `.mmp` from Workstation or Object Manager, which the emulator cannot
 *   read): a small generic definition derived from the file name and size, the same on every run,
 *   so a user can walk the demo with their own package;
 * - a definition built by `PUT /api/packages/{id}` on an empty holder (the documented way to fill
 *   one, create-a-migration-package.md).
 */
import {createHash} from 'node:crypto';
import {mmpHeadBytesNeeded, readMmpDefinition, type MmpDefinition, type MmpObject} from '../../packages/mmp-format.js';
import type {Request} from '../http-kit.js';
import {readUploadHead} from '../multipart.js';

/** The Administrator's id, the owner in every published definition row. */
const administrator = {id: '54F3D26011D2896560009A8E67019608'};

export type PackageUpload = {found: boolean; filename: string; head: Buffer; bytes: number};

/** The upload's file name and the head the demo format needs; other bytes are counted, never held. */
export const readPackageUpload = async (request: Request): Promise<PackageUpload> => readUploadHead(request, head => mmpHeadBytesNeeded(head) ?? 0);

/**
 * Rows of the demo packages that a real server lists as dependents: in fixtures/mstr/year.mmp the
 * filter "Last 5 Years" is pulled in by the report "Revenue by Year". A real definition gives a
 * dependent no `action` (it follows `settings.defaultAction`, mstrio `Action` docstring) and
 * `explicitIncluded: false`. The fixture stores the row with the default action written out, so
 * the answer means the same whether a client reads the action or the default.
 */
const demoDependents = new Set(['CAE10A42B7A63FE3995CAEAC3A8A7EA6']);

const asDependent = (object: MmpObject): MmpObject => {
	const {action: _action, ...rest} = object;
	return {...rest, includeDependents: false, explicitIncluded: false};
};

/** The definition as the server holds it after reading a demo package. */
export const heldDefinition = (definition: MmpDefinition): MmpDefinition => ({
	...definition,
	content: definition.content.map(object =>
		demoDependents.has(object.id) && object.action !== undefined && object.action.toLowerCase() === definition.settings.defaultAction?.toLowerCase() ? asDependent(object) : object,
	),
});

const digest = (...parts: Array<string | number>) => createHash('sha256').update(parts.join('\u0000')).digest('hex').toUpperCase();
const objectId = (...parts: Array<string | number>) => digest(...parts).slice(0, 32);
/** A fixed date per seed, in the definition rows' format (`2001-01-02T20:48:10.000+0000`). */
const dateOf = (seed: string, year: number) => {
	const n = Number.parseInt(seed.slice(0, 8), 16);
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${year}-${pad(1 + (n % 12))}-${pad(1 + (n % 28))}T${pad(n % 24)}:${pad(n % 60)}:${pad(Math.floor(n / 256) % 60)}.000+0000`;
};

/** A name a user can recognise in the review, from the file name, without control characters. */
export const packageBaseName = (filename: string): string => {
	const base = (filename.split(/[\\/]/).pop() ?? '').replace(/\.mmp$/i, '');
	// eslint-disable-next-line no-control-regex
	const clean = base.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, '').replaceAll(/[_-]+/g, ' ').trim().slice(0, 60);
	return clean || 'Package';
};

const projectKinds: Array<[number, (base: string) => string]> = [
	[3, base => `${base} Report`],
	[55, base => `${base} Dashboard`],
	[4, base => `${base} Revenue`],
	[12, base => `${base} Region`],
	[1, base => `${base} Filter`],
];
const configurationKinds: Array<[number, (base: string) => string]> = [
	[34, base => `${base} Users`],
	[34, base => `${base} Analysts`],
	[34, base => `${base.toLowerCase().replaceAll(' ', '.')}.admin`],
	[34, base => `${base.toLowerCase().replaceAll(' ', '.')}.viewer`],
	[34, base => `${base} Designers`],
];
const actionCycle = ['replace', 'use_existing', 'replace', 'use_newer'];

/**
 * The definition of a package the emulator cannot read: 3 to 5 objects named after the file plus
 * one dependent with no action, ids and dates derived from the file name and size. A project
 * holder gets a project package, a holder without a project a configuration package.
 */
export const genericDefinition = ({filename, bytes, projectId}: {filename: string; bytes: number; projectId?: string}): MmpDefinition => {
	const base = packageBaseName(filename);
	const seed = digest(filename, bytes);
	const isProject = projectId !== undefined;
	const kinds = isProject ? projectKinds : configurationKinds;
	const count = 3 + (bytes % 3);
	const start = Number.parseInt(seed.slice(0, 2), 16) % kinds.length;
	const level = isProject ? 'project_object' : 'configuration_object';
	const row = (index: number, type: number, name: string): MmpObject => ({
		id: objectId(seed, index),
		name,
		version: objectId(seed, index, 'version'),
		type,
		owner: administrator,
		dateCreated: dateOf(objectId(seed, index, 'created'), 2019),
		dateModified: dateOf(objectId(seed, index, 'modified'), 2024),
		action: actionCycle[index % actionCycle.length]!,
		includeDependents: true,
		explicitIncluded: true,
		level,
	});
	const content = Array.from({length: count}, (_, index) => {
		const [type, name] = kinds[(start + index) % kinds.length]!;
		return row(index, type, name(base));
	});
	// A dependent the explicit objects pull in: a lookup table (project) or a user group (configuration).
	content.push(asDependent(isProject ? row(count, 15, `LU_${base.toUpperCase().replaceAll(/\s+/g, '_')}`) : row(count, 34, `${base} Everyone`)));
	return {
		type: isProject ? 'project' : 'configuration',
		...(projectId ? {projectId} : {}),
		settings: {
			updateSchema: isProject ? ['recal_table_logical_size', 'recal_table_keys_fact_entry_level'] : null,
			aclOnReplacingObjects: 'use_existing',
			aclOnNewObjects: ['keep_acl_as_source_object'],
			defaultAction: 'replace',
		},
		content,
	};
};

/** The definition of an upload: the demo format when the head holds one, else the generic one. */
export const definitionOfUpload = (upload: PackageUpload, projectId: string | undefined): {definition: MmpDefinition; known: boolean} => {
	const demo = upload.found ? readMmpDefinition(upload.head) : undefined;
	if (demo) return {definition: heldDefinition(demo), known: true};
	return {definition: genericDefinition({filename: upload.filename || 'package.mmp', bytes: upload.bytes, projectId}), known: false};
};

export type PutBody = {
	type?: unknown;
	settings?: Partial<MmpDefinition['settings']> | null;
	content?: unknown;
};

const packageTypes = ['project', 'configuration', 'project_security'] as const;
type PackageType = (typeof packageTypes)[number];

/**
 * The definition a PUT on an EMPTY holder fills it with (create-a-migration-package.md, "Update the
 * package definition"): each row gets what the create page's definition answer shows (version,
 * owner, dates, explicitIncluded, level), derived from its id. Returns an error text for a body
 * the server would refuse.
 */
export const definitionFromPut = (body: PutBody, projectId: string | undefined): MmpDefinition | string => {
	const type = (body.type ?? (projectId ? 'project' : 'configuration')) as PackageType;
	if (!packageTypes.includes(type)) return `Invalid package type "${String(body.type)}": use project, configuration or project_security.`;
	if (type === 'configuration' && projectId) return 'For a configuration package, the project ID must not be sent (X-MSTR-ProjectID).';
	if (type !== 'configuration' && !projectId) return `A ${type} package needs a project: send X-MSTR-ProjectID.`;
	if (!Array.isArray(body.content)) return 'Missing field: content.';
	const content: MmpObject[] = [];
	for (const raw of body.content as unknown[]) {
		const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
		if (typeof item.id !== 'string' || !/^[0-9A-F]{32}$/i.test(item.id)) return `Invalid object id ${JSON.stringify(item.id)} in content.`;
		if (typeof item.type !== 'number') return `Missing field: content type of object ${item.id}.`;
		const id = item.id.toUpperCase();
		content.push({
			id,
			name: typeof item.name === 'string' ? item.name : id,
			version: objectId(id, 'version'),
			type: item.type,
			owner: administrator,
			dateCreated: dateOf(objectId(id, 'created'), 2019),
			dateModified: dateOf(objectId(id, 'modified'), 2024),
			...(typeof item.action === 'string' ? {action: item.action} : {}),
			includeDependents: item.includeDependents !== false,
			explicitIncluded: true,
			level: type === 'project' ? 'project_object' : 'configuration_object',
		});
	}

	const settings = body.settings ?? {};
	return {
		type,
		...(projectId ? {projectId} : {}),
		settings: {
			updateSchema: type === 'project' ? (settings.updateSchema ?? null) : null,
			aclOnReplacingObjects: type === 'project_security' ? null : (settings.aclOnReplacingObjects ?? 'use_existing'),
			aclOnNewObjects: settings.aclOnNewObjects ?? ['keep_acl_as_source_object'],
			defaultAction: settings.defaultAction ?? 'use_existing',
		},
		content,
	};
};

/** The action an object gets in the import: its own, or the package's default. */
export const effectiveAction = (definition: MmpDefinition, object: MmpObject): string => (object.action ?? definition.settings.defaultAction ?? 'use_existing').toLowerCase();
