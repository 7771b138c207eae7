/**
 * What a package built on the source project holds: its type, its settings (default action, ACL and
 * schema settings) and its objects with their actions. It comes from a JSON file in the shape
 * packport's review shows (`packageType`, `settings`, `objects[{id, name, type, action}]`, also as the
 * `details` of `packport import --json`, or MicroStrategy's own PUT body `{type, settings, content}`),
 * or from an existing `.mmp` in the emulator's demo format; the user's action changes go on top.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {usageError} from '../../errors.js';
import {readMmpDefinitionFromFile} from '../../packages/mmp-format.js';
import {counted} from '../../output/words.js';
import {isMstrAction, mstrActions, type MstrAction, type MstrSettings} from './types.js';

export const mstrPackageTypes = ['project', 'configuration', 'project_security'] as const;
export type MstrPackageType = (typeof mstrPackageTypes)[number];

/** One object of the package. No `action`: it follows `settings.defaultAction` (a dependent, in MicroStrategy's words). */
export type MstrBuildObject = {id: string; name: string; type: number; action?: MstrAction; includeDependents?: boolean};

export type MstrBuildDefinition = {packageType: MstrPackageType; settings: MstrSettings; objects: MstrBuildObject[]};

/** `--default-action` and `--action ID=ACTION`, with the meaning they have on import. */
export type MstrActionChanges = {defaultAction?: MstrAction; actions?: Record<string, MstrAction>};

const objectId = /^[0-9A-F]{32}$/i;
const actionList = mstrActions.join(', ');
const shapeHint =
	'A definition is JSON like {"packageType": "project", "settings": {"defaultAction": "replace"}, "objects": [{"id": "8D679D5111D3E4981000E787EC6DE8A4", ' +
	'"name": "Year", "type": 12, "action": "replace"}]} (the details of `packport import --json` have this shape).';

const record = (value: unknown): Record<string, unknown> | undefined =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const stringList = (value: unknown): string[] | null | undefined =>
	value === null ? null : Array.isArray(value) && value.every(item => typeof item === 'string') ? (value as string[]) : undefined;

/** The settings a build sends, each only when the input has it (MicroStrategy fills in the rest). */
const settingsOf = (raw: Record<string, unknown>, where: string): MstrSettings => {
	const settings: MstrSettings = {};
	if (raw.defaultAction !== undefined && raw.defaultAction !== null) {
		const action = typeof raw.defaultAction === 'string' ? raw.defaultAction.toLowerCase() : raw.defaultAction;
		if (!isMstrAction(action)) throw usageError(`${where}: settings.defaultAction ${JSON.stringify(raw.defaultAction)} is not an action.`, `Use one of ${actionList}.`);
		settings.defaultAction = action;
	}

	for (const key of ['updateSchema', 'aclOnNewObjects'] as const) {
		if (raw[key] === undefined) continue;
		const list = stringList(raw[key]);
		if (list === undefined) throw usageError(`${where}: settings.${key} must be a list of words or null.`, shapeHint);
		settings[key] = list;
	}

	if (raw.aclOnReplacingObjects !== undefined) {
		if (raw.aclOnReplacingObjects !== null && typeof raw.aclOnReplacingObjects !== 'string') {
			throw usageError(`${where}: settings.aclOnReplacingObjects must be a word or null.`, shapeHint);
		}

		settings.aclOnReplacingObjects = raw.aclOnReplacingObjects;
	}

	return settings;
};

/**
 * Checks and normalises a definition given as data. Rows marked `inherited` (packport's review: the
 * row has no action of its own) keep having none, so they go on following the default action.
 */
export const parseMstrDefinition = (value: unknown, where: string): MstrBuildDefinition => {
	let top = record(value);
	// The JSON result of `packport import`: the definition is its `details`.
	if (top && !('objects' in top) && !('content' in top) && record(top.details)) top = record(top.details);
	if (!top) throw usageError(`${where} is not a package definition (a JSON object was expected).`, shapeHint);
	const rows = top.objects ?? top.content;
	if (!Array.isArray(rows) || rows.length === 0) throw usageError(`${where} lists no objects (\`objects\`).`, shapeHint);
	const type = top.packageType ?? top.type ?? 'project';
	if (typeof type !== 'string' || !(mstrPackageTypes as readonly string[]).includes(type)) {
		throw usageError(`${where}: package type ${JSON.stringify(type)} is not one MicroStrategy builds.`, `Use ${mstrPackageTypes.join(', ')}.`);
	}

	const settings = settingsOf(record(top.settings) ?? {}, where);
	const seen = new Set<string>();
	const objects = rows.map((raw, index): MstrBuildObject => {
		const row = record(raw);
		const which = `${where}: object ${index + 1}`;
		if (!row || typeof row.id !== 'string' || !objectId.test(row.id)) {
			throw usageError(`${which} has no MicroStrategy object id (32 hexadecimal characters).`, shapeHint);
		}

		const id = row.id.toUpperCase();
		if (seen.has(id)) throw usageError(`${which} repeats object ${id}.`, 'List each object once.');
		seen.add(id);
		const objectType = typeof row.type === 'string' && /^\d+$/.test(row.type) ? Number(row.type) : row.type;
		if (typeof objectType !== 'number' || !Number.isInteger(objectType) || objectType <= 0) {
			throw usageError(`${which} (${id}) has no object type number (for example 12 for an attribute).`, shapeHint);
		}

		const own = row.inherited === true ? undefined : row.action;
		const action = typeof own === 'string' ? own.toLowerCase() : own;
		if (action !== undefined && action !== null && !isMstrAction(action)) {
			throw usageError(`${which} (${id}) has action ${JSON.stringify(own)}, which is not an action.`, `Use one of ${actionList}.`);
		}

		return {
			id,
			name: typeof row.name === 'string' && row.name.trim() ? row.name : id,
			type: objectType,
			...(isMstrAction(action) ? {action} : {}),
			...(typeof row.includeDependents === 'boolean' ? {includeDependents: row.includeDependents} : {}),
		};
	});
	return {packageType: type as MstrPackageType, settings, objects};
};

/**
 * The user's changes, with the meaning they have on import: `--action` sets one object's action,
 * `--default-action` becomes the package's default and the action of every object that has its own
 * and no `--action`; objects without an action keep following the default.
 */
export const applyActionChanges = (definition: MstrBuildDefinition, changes: MstrActionChanges, where: string): MstrBuildDefinition => {
	const actions = Object.fromEntries(Object.entries(changes.actions ?? {}).map(([id, action]) => [id.toUpperCase(), action]));
	const known = new Set(definition.objects.map(object => object.id));
	const unknown = Object.keys(actions).filter(id => !known.has(id));
	if (unknown.length > 0) {
		throw usageError(
			`--action names ${counted(unknown.length, 'object')} that ${where} does not hold: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}.`,
			'Use the object ids the definition lists.',
		);
	}

	const {defaultAction} = changes;
	return {
		...definition,
		settings: defaultAction ? {...definition.settings, defaultAction} : definition.settings,
		objects: definition.objects.map(object => {
			const action = actions[object.id] ?? (object.action !== undefined && defaultAction ? defaultAction : object.action);
			const {action: _old, ...rest} = object;
			return action === undefined ? rest : {...rest, action};
		}),
	};
};

/**
 * The definition in `file` (JSON, or a `.mmp` in the emulator's demo format) with the changes
 * applied. Bad input is a usage error: nothing has been sent.
 */
export const readMstrDefinition = async (file: string, changes: MstrActionChanges = {}): Promise<MstrBuildDefinition> => {
	const where = path.basename(file);
	const stat = await fs.stat(file).catch(() => undefined);
	if (!stat?.isFile()) throw usageError(`${file} does not exist or is not a file.`, 'Give the path of a definition (.json) or of a package (.mmp).');
	let definition: MstrBuildDefinition;
	if (/\.mmp$/i.test(file)) {
		const held = await readMmpDefinitionFromFile(file).catch(() => undefined);
		if (!held) {
			throw usageError(
				`packport cannot read the objects of ${where}: a .mmp from Workstation or Object Manager is opaque outside MicroStrategy.`,
				'Give the definition as JSON instead (the details of `packport import --json` for this package have the shape).',
			);
		}

		definition = parseMstrDefinition({packageType: held.type, settings: held.settings, objects: held.content}, where);
	} else {
		let parsed: unknown;
		try {
			parsed = JSON.parse(await fs.readFile(file, 'utf8'));
		} catch (error) {
			throw usageError(`${where} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, shapeHint);
		}

		definition = parseMstrDefinition(parsed, where);
	}

	return applyActionChanges(definition, changes, where);
};

/**
 * MicroStrategy's PUT body for an empty holder (create-a-migration-package.md): the type, the
 * settings as the docs' rules say (no schema update but for project packages, no ACL-on-replace for
 * project security packages), and each object with its action and whether its dependents come too.
 * A setting the input leaves out gets mstrio's default (`PackageSettings.__init__`: use_existing,
 * no schema update, use_existing, keep_acl_as_source_object).
 */
export const putBodyOf = (definition: MstrBuildDefinition): Record<string, unknown> => {
	const {packageType, settings} = definition;
	return {
		type: packageType,
		settings: {
			updateSchema: packageType === 'project' ? (settings.updateSchema ?? null) : null,
			aclOnReplacingObjects: packageType === 'project_security' ? null : (settings.aclOnReplacingObjects ?? 'use_existing'),
			aclOnNewObjects: settings.aclOnNewObjects ?? ['keep_acl_as_source_object'],
			defaultAction: settings.defaultAction ?? 'use_existing',
		},
		content: definition.objects.map(object => ({
			id: object.id,
			name: object.name,
			type: object.type,
			...(object.action === undefined ? {} : {action: object.action}),
			// The create page's rows: the object "and all its dependents" unless told otherwise.
			includeDependents: object.includeDependents ?? packageType !== 'project_security',
		})),
	};
};
