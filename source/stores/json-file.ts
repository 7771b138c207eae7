/**
 * A JSON object file packport owns (config.json, secrets.json). Read on every use, so a change by
 * another process is seen; changed only under its lock, re-read there and written atomically, so
 * parallel writers keep each other's changes. A file that does not parse is never overwritten: the
 * error names it, and a copy is kept beside it before the user is told how to repair it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {PackportError} from '../errors.js';
import {sweepOrphanTemporaries, writeFailure, writeFileAtomically} from './atomic-write.js';
import {ioReason} from './io-reason.js';
import {withFileLock} from './file-lock.js';

export type JsonObject = Record<string, unknown>;

export type JsonFileOptions = {
	/** What to do after moving a damaged file away, e.g. "add the profiles again". */
	redo: string;
	/** Runs on every read with the file's stats; throws when the file must not be used. */
	check?: (file: string, stats: fs.Stats) => void;
	mode?: number;
	/** A hand-made giant is refused with a clear line instead of exhausting memory. */
	maxBytes?: number;
};

export type JsonFile = {
	readonly path: string;
	/** The file's object; undefined when there is no file. Throws a PackportError naming a damaged file. */
	read(): JsonObject | undefined;
	/** Under the lock: re-read, change, write atomically. `change` returns undefined when nothing is to be written. */
	update(change: (current: JsonObject) => JsonObject | undefined): void;
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const kindOf = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`);

/** A timestamped copy beside the file, once per distinct content; undefined when it cannot be made. */
const keepCopy = (file: string, bytes: Buffer): string | undefined => {
	const directory = path.dirname(file);
	const prefix = `${path.basename(file)}.damaged-`;
	try {
		for (const name of fs.readdirSync(directory)) {
			if (name.startsWith(prefix) && fs.readFileSync(path.join(directory, name)).equals(bytes)) return path.join(directory, name);
		}

		const stamp = new Date().toISOString().replaceAll(':', '').replace(/\.\d+Z$/, 'Z');
		for (let attempt = 1; attempt < 100; attempt++) {
			const copy = path.join(directory, `${prefix}${stamp}${attempt > 1 ? `-${attempt}` : ''}`);
			try {
				fs.writeFileSync(copy, bytes, {flag: 'wx', mode: 0o600});
				return copy;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
			}
		}
	} catch {
		// A read-only folder: the hint then asks the user to keep a copy.
	}

	return undefined;
};

export const damagedFile = (file: string, why: string, bytes: Buffer, redo: string) => {
	const copy = keepCopy(file, bytes);
	const away = `mv ${file} ${file}.old`;
	return new PackportError('usage', `${file} is damaged (${why}); packport left it as it is.`, {
		hint: copy ? `A copy is at ${copy}. Repair the file, or move it away (${away}) and ${redo}.` : `Copy it somewhere safe, then repair it, or move it away (${away}) and ${redo}.`,
		vendorCode: 'FILE_DAMAGED',
	});
};

const readFailure = (file: string, error: unknown) =>
	new PackportError('usage', `Can't read ${file}: ${ioReason(error)}.`, {hint: 'Check its permissions and that it is a file.', vendorCode: 'FILE_UNREADABLE', cause: error});

export const createJsonFile = (file: string, {redo, check, mode = 0o600, maxBytes = 256 * 1024 * 1024}: JsonFileOptions): JsonFile => {
	// The last parse, reused while the file is the same one (inode, size, times): `profiles list
	// --json` asks for 300,000 secrets, and each ask still stats and checks the file.
	let cache: {key: string; value: JsonObject} | undefined;
	const keyOf = (stats: fs.Stats) => `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
	const inspect = (stats: fs.Stats) => {
		if (!stats.isFile()) throw new PackportError('usage', `${file} is not a file.`, {hint: `Move it away and ${redo}.`, vendorCode: 'FILE_DAMAGED'});
		check?.(file, stats);
		if (stats.size > maxBytes) {
			throw new PackportError('usage', `${file} is ${Math.round(stats.size / 1024 / 1024)} MB, more than packport reads (${Math.round(maxBytes / 1024 / 1024)} MB).`, {
				hint: `Move it away and ${redo}.`,
				vendorCode: 'FILE_DAMAGED',
			});
		}
	};

	const read = (useCache: boolean): JsonObject | undefined => {
		let fd: number;
		try {
			if (useCache && cache) {
				const stats = fs.statSync(file);
				inspect(stats);
				if (keyOf(stats) === cache.key) return cache.value;
			}

			// Non-blocking: a FIFO put in its place is refused below instead of hanging the open.
			fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw error instanceof PackportError ? error : readFailure(file, error);
		}

		try {
			// The checks and the read are of the same open file, not of a name that may change between.
			const stats = fs.fstatSync(fd);
			inspect(stats);
			const bytes = fs.readFileSync(fd);
			let value: unknown;
			try {
				value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
			} catch (error) {
				throw damagedFile(file, `not valid JSON: ${(error as Error).message.slice(0, 120)}`, bytes, redo);
			}

			if (!isObject(value)) throw damagedFile(file, `it holds ${kindOf(value)}, not an object`, bytes, redo);
			if (useCache) cache = {key: keyOf(stats), value};
			return value;
		} catch (error) {
			throw error instanceof PackportError ? error : readFailure(file, error);
		} finally {
			fs.closeSync(fd);
		}
	};

	return {
		path: file,
		read: () => read(true),
		update(change) {
			try {
				fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
			} catch (error) {
				throw writeFailure(file, error);
			}

			withFileLock(file, () => {
				sweepOrphanTemporaries(file);
				// Re-read under the lock: what another process saved a moment ago is kept.
				const next = change(read(false) ?? {});
				if (next === undefined) return;
				writeFileAtomically(file, JSON.stringify(next, undefined, '\t'), mode);
				cache = undefined;
			});
		},
	};
};
