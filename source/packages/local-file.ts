/**
 * Checks every local package goes through before anything is sent (exit 2 on failure), and the
 * sha256 that history and the JSON result carry. The hash streams the file with a bounded buffer.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {usageError} from '../errors.js';

export type LocalFile = {path: string; bytes: number};

export const checkLocalPackage = async (
	file: string,
	{extension, maxBytes, what}: {extension: string; maxBytes: number; what: string},
): Promise<LocalFile> => {
	if (!file) throw usageError(`No package given.`, `Pass --package PATH to a ${extension} file.`);
	let stat;
	try {
		stat = await fs.stat(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES') throw usageError(`Can't read ${file}: permission denied.`, 'Check the file permissions.');
		throw usageError(`No such file: ${file}.`, `Check the path; the ${what} must be a local ${extension} file.`);
	}

	if (stat.isDirectory()) throw usageError(`${file} is a folder, not a ${what}.`, `Point --package at the ${extension} file inside it.`);
	if (!stat.isFile()) throw usageError(`${file} is not a regular file.`, `Point --package at a ${extension} file.`);
	if (path.extname(file).toLowerCase() !== extension) {
		throw usageError(`${file} does not end in ${extension}.`, `A ${what} is a ${extension} file; check you picked the right one.`);
	}

	if (stat.size === 0) throw usageError(`${file} is empty.`, `Export the ${what} again; the file has no content.`);
	if (stat.size > maxBytes) {
		throw usageError(
			`${file} is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} the server accepts.`,
			'Split the package into smaller ones.',
		);
	}

	try {
		const handle = await fs.open(file, 'r');
		await handle.close();
	} catch {
		throw usageError(`Can't read ${file}: permission denied.`, 'Check the file permissions.');
	}

	return {path: file, bytes: stat.size};
};

/** One reused 1 MiB buffer: RSS stays flat however big the package is (a stream allocates per chunk). */
export const sha256File = async (file: string): Promise<string> => {
	const hash = createHash('sha256');
	const handle = await fs.open(file, 'r');
	try {
		const buffer = Buffer.allocUnsafe(1024 * 1024);
		for (;;) {
			// eslint-disable-next-line no-await-in-loop -- sequential reads into the one buffer
			const {bytesRead} = await handle.read(buffer, 0, buffer.length, null);
			if (bytesRead === 0) break;
			hash.update(buffer.subarray(0, bytesRead));
		}
	} finally {
		await handle.close();
	}

	return hash.digest('hex');
};

export const formatBytes = (bytes: number): string => {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
};
