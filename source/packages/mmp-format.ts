/**
 * The emulator's .mmp format. Real .mmp files are opaque to packport; the emulator's are zip
 * archives whose FIRST entry is `definition.json`, stored uncompressed, holding what
 * GET /api/packages/{id}?showContent=true returns (vendor-apis.md 2.4 step 3). Because it is
 * first and stored, the definition can be read from the head of a file or an upload stream
 * without reading the rest.
 */
import fs from 'node:fs/promises';
import {zipSync} from 'fflate';

export type MmpObject = {
	id: string;
	name: string;
	version?: string;
	type: number;
	owner?: {id: string};
	dateCreated?: string;
	dateModified?: string;
	/**
	 * Dependents may carry no action: they follow `settings.defaultAction` (mstrio
	 * object_management/migration/package.py, `Action`: "The default action used for objects which
	 * don't have actions explicitly, for example the dependents objects").
	 */
	action?: string;
	includeDependents?: boolean;
	explicitIncluded?: boolean;
	level?: string;
};

export type MmpDefinition = {
	type: 'project' | 'configuration' | 'project_security';
	projectId?: string;
	settings: {
		updateSchema?: string[] | null;
		aclOnReplacingObjects?: string | null;
		aclOnNewObjects?: string[] | null;
		defaultAction?: string;
	};
	content: MmpObject[];
};

const localHeaderSignature = 0x04_03_4b_50;
const localHeaderBytes = 30;
const definitionName = 'definition.json';
/** A definition beyond this is hostile or broken; nobody ships a 64 MiB object list. */
export const maxDefinitionBytes = 64 * 1024 * 1024;

export const encodeMmp = (definition: MmpDefinition, {fillerBytes = 0}: {fillerBytes?: number} = {}): Uint8Array => {
	const entries: Record<string, [Uint8Array, {level: 0}] | Uint8Array> = {
		[definitionName]: [new TextEncoder().encode(JSON.stringify(definition)), {level: 0}],
	};
	for (const object of definition.content) entries[`objects/${object.id}.bin`] = new TextEncoder().encode(`${object.type}:${object.name}`);
	if (fillerBytes > 0) entries['objects/filler.bin'] = new Uint8Array(fillerBytes);
	return zipSync(entries);
};

/**
 * How many bytes of the head are needed to read the definition, once the first 30 are known;
 * undefined when the head is not our format.
 */
export const mmpHeadBytesNeeded = (head: Uint8Array): number | undefined => {
	if (head.length < localHeaderBytes) return localHeaderBytes;
	const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
	if (view.getUint32(0, true) !== localHeaderSignature) return undefined;
	const method = view.getUint16(8, true);
	const size = view.getUint32(18, true);
	const nameLength = view.getUint16(26, true);
	const extraLength = view.getUint16(28, true);
	if (method !== 0 || size > maxDefinitionBytes) return undefined;
	return localHeaderBytes + nameLength + extraLength + size;
};

export const readMmpDefinition = (head: Uint8Array): MmpDefinition | undefined => {
	const needed = mmpHeadBytesNeeded(head);
	if (needed === undefined || head.length < needed || head.length < localHeaderBytes) return undefined;
	const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
	const nameLength = view.getUint16(26, true);
	const extraLength = view.getUint16(28, true);
	const size = view.getUint32(18, true);
	const name = new TextDecoder().decode(head.subarray(localHeaderBytes, localHeaderBytes + nameLength));
	if (name !== definitionName) return undefined;
	const start = localHeaderBytes + nameLength + extraLength;
	try {
		const parsed = JSON.parse(new TextDecoder().decode(head.subarray(start, start + size))) as Partial<MmpDefinition>;
		if (!Array.isArray(parsed.content) || typeof parsed.settings !== 'object' || parsed.settings === null) return undefined;
		if (parsed.type !== 'project' && parsed.type !== 'configuration' && parsed.type !== 'project_security') return undefined;
		return parsed as MmpDefinition;
	} catch {
		return undefined;
	}
};

/** Reads only the header and the definition entry, never the whole file. */
export const readMmpDefinitionFromFile = async (file: string): Promise<MmpDefinition | undefined> => {
	const handle = await fs.open(file, 'r');
	try {
		const head = Buffer.alloc(localHeaderBytes);
		const {bytesRead} = await handle.read(head, 0, localHeaderBytes, 0);
		const needed = mmpHeadBytesNeeded(head.subarray(0, bytesRead));
		if (needed === undefined || bytesRead < localHeaderBytes) return undefined;
		const whole = Buffer.alloc(needed);
		const read = await handle.read(whole, 0, needed, 0);
		return readMmpDefinition(whole.subarray(0, read.bytesRead));
	} finally {
		await handle.close();
	}
};
