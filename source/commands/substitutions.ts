/**
 * The substitutions file: the `alternatives` map `{sourceId: {id, type}}` that AEP's submit takes,
 * the same file the wizard saves. Checked before anything is sent.
 */
import fs from 'node:fs';
import {isPackportError, usageError} from '../errors.js';
import {formatBytes} from '../packages/local-file.js';
import type {AepTarget} from '../vendors/aep/types.js';

/**
 * Far above any real map: one entry is ~200 bytes, so the emulator's "Conflict Storm" (2,000
 * conflicts, all substituted) saves ~0.4 MB. The file is parsed whole, so it is capped.
 */
export const maxSubstitutionsBytes = 16 * 1024 * 1024;

const notRegular = (file: string, what: string) =>
	usageError(
		`The substitutions file ${file} is ${what}, not a regular file.`,
		what === 'a folder'
			? 'Point --substitutions at the NAME.substitutions.json file inside it.'
			: "Save the map to a file first (the wizard's s key does) and pass that file to --substitutions.",
	);

const tooBig = (file: string, bytes: number) =>
	usageError(
		`The substitutions file ${file} is ${formatBytes(bytes)}, more than the ${formatBytes(maxSubstitutionsBytes)} a substitutions map can be.`,
		'Check you picked the right file: it holds {"sourceArtifactId": {"id": "targetId", "type": "TYPE"}}.',
	);

const kindOf = (stat: fs.Stats) =>
	stat.isDirectory()
		? 'a folder'
		: stat.isFIFO()
			? 'a pipe'
			: stat.isCharacterDevice() || stat.isBlockDevice()
				? 'a device'
				: stat.isSocket()
					? 'a socket'
					: 'not a file';

/**
 * Only a regular file, read up to the cap. A FIFO blocked the whole process in its open (Ctrl-C
 * unheard), /dev/zero grew until the allocator aborted (issue 14, finding 15).
 */
const readRegularFile = (file: string): string => {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(file);
	} catch {
		throw usageError(`Can't read the substitutions file ${file}.`, 'Check the path given to --substitutions.');
	}

	if (!stat.isFile()) throw notRegular(file, kindOf(stat));
	if (stat.size > maxSubstitutionsBytes) throw tooBig(file, stat.size);
	let fd: number;
	try {
		// O_NONBLOCK: should the path have become a FIFO since the stat, the open still returns at once.
		fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
	} catch {
		throw usageError(`Can't read the substitutions file ${file}.`, 'Check the path given to --substitutions and its permissions.');
	}

	try {
		const opened = fs.fstatSync(fd);
		if (!opened.isFile()) throw notRegular(file, kindOf(opened));
		// One byte more than allowed tells a file that grew since the stat from one that fits.
		const buffer = Buffer.alloc(Math.min(opened.size, maxSubstitutionsBytes) + 1);
		let length = 0;
		for (;;) {
			const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
			length += read;
			if (read === 0 || length === buffer.length) break;
		}

		if (length > maxSubstitutionsBytes) throw tooBig(file, length);
		return buffer.toString('utf8', 0, length);
	} catch (error) {
		if (isPackportError(error)) throw error;
		throw usageError(`Can't read the substitutions file ${file}.`, 'Check the path given to --substitutions and its permissions.');
	} finally {
		fs.closeSync(fd);
	}
};

export const readSubstitutions = (file: string): Record<string, AepTarget> => {
	const text = readRegularFile(file);

	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw usageError(
			`The substitutions file ${file} is not JSON.`,
			'It holds {"sourceArtifactId": {"id": "targetId", "type": "TYPE"}}, as the wizard saves it.',
		);
	}

	const map = (parsed as {alternatives?: unknown} | null)?.alternatives ?? parsed;
	if (typeof map !== 'object' || map === null || Array.isArray(map))
		throw usageError(`The substitutions file ${file} is not an object of substitutions.`, 'It holds {"sourceArtifactId": {"id": "targetId", "type": "TYPE"}}.');
	const result: Record<string, AepTarget> = {};
	for (const [source, value] of Object.entries(map as Record<string, unknown>)) {
		const target = value as {id?: unknown; type?: unknown};
		if (typeof target?.id !== 'string' || typeof target.type !== 'string' || !target.id || !target.type) {
			throw usageError(
				`The substitution for ${source} in ${file} needs an "id" and a "type".`,
				'E.g. {"id": "https://ns.adobe.com/acme/schemas/…", "type": "REGISTRY_SCHEMA"}.',
			);
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
		if (separator <= 0 || separator === value.length - 1)
			throw usageError(
				`--substitute ${value} is not SOURCE_ID=TARGET_ID.`,
				'E.g. --substitute https://ns.adobe.com/acme/schemas/abc=https://ns.adobe.com/acme/schemas/def.',
			);
		pairs[value.slice(0, separator)] = value.slice(separator + 1);
	}

	return pairs;
};
