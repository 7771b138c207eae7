/**
 * The substitutions file: the `alternatives` map `{sourceId: {id, type}}` that AEP's submit takes,
 * the same file the wizard saves. Checked before anything is sent.
 */
import fs from 'node:fs';
import {usageError} from '../errors.js';
import type {AepTarget} from '../vendors/aep/types.js';

export const readSubstitutions = (file: string): Record<string, AepTarget> => {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		throw usageError(`Can't read the substitutions file ${file}.`, 'Check the path given to --substitutions.');
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw usageError(`The substitutions file ${file} is not JSON.`, 'It holds {"sourceArtifactId": {"id": "targetId", "type": "TYPE"}}, as the wizard saves it.');
	}

	const map = (parsed as {alternatives?: unknown}).alternatives ?? parsed;
	if (typeof map !== 'object' || map === null || Array.isArray(map)) throw usageError(`The substitutions file ${file} is not an object of substitutions.`, 'It holds {"sourceArtifactId": {"id": "targetId", "type": "TYPE"}}.');
	const result: Record<string, AepTarget> = {};
	for (const [source, value] of Object.entries(map as Record<string, unknown>)) {
		const target = value as {id?: unknown; type?: unknown};
		if (typeof target?.id !== 'string' || typeof target.type !== 'string' || !target.id || !target.type) {
			throw usageError(`The substitution for ${source} in ${file} needs an "id" and a "type".`, 'E.g. {"id": "https://ns.adobe.com/acme/schemas/…", "type": "REGISTRY_SCHEMA"}.');
		}

		result[source] = {id: target.id, type: target.type};
	}

	return result;
};

export const parseSubstitutePairs = (values: string[]): Record<string, string> => {
	const pairs: Record<string, string> = {};
	for (const value of values) {
		// AEP artifact ids (URIs, hex, UUIDs, uuid@version) contain no "=", so the first one splits.
		const separator = value.indexOf('=');
		if (separator <= 0 || separator === value.length - 1) throw usageError(`--substitute ${value} is not SOURCE_ID=TARGET_ID.`, 'E.g. --substitute https://ns.adobe.com/acme/schemas/abc=https://ns.adobe.com/acme/schemas/def.');
		pairs[value.slice(0, separator)] = value.slice(separator + 1);
	}

	return pairs;
};
