/**
 * Replaces a file so that a reader (or a crash) sees the old content or the new, never half: a
 * private temp file in the same folder, written, fsynced, renamed over the target, then the folder
 * fsynced. A temp file never outlives a failure, since it may hold a secret.
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {PackportError} from '../errors.js';
import {processAlive} from './file-lock.js';
import {ioReason} from './io-reason.js';

// Ours (`NAME.PID-HEX.tmp`) and those of packport before issue 14 (`NAME.PID.MILLISECONDS.tmp`).
const temporaryPattern = (base: string) => new RegExp(`^${base.replaceAll('.', '\\.')}\\.(\\d+)[.-][0-9a-f]+\\.tmp$`);

export const writeFailure = (file: string, error: unknown) =>
	new PackportError('usage', `Could not save ${file}: ${ioReason(error)}.`, {
		hint: 'It was left as it was. Check the free space and the permissions of its folder, then try again.',
		vendorCode: 'STORE_WRITE_FAILED',
		cause: error,
	});

/** Removes temp files of processes that died mid-write (kill -9): they may hold secrets. Call under the file's lock. */
export const sweepOrphanTemporaries = (file: string) => {
	const directory = path.dirname(file);
	const pattern = temporaryPattern(path.basename(file));
	let names: string[];
	try {
		names = fs.readdirSync(directory);
	} catch {
		return;
	}

	for (const name of names) {
		const pid = Number(pattern.exec(name)?.[1]);
		try {
			if (pid && pid !== process.pid && !processAlive(pid)) fs.rmSync(path.join(directory, name), {force: true});
		} catch {
			// Left for the next write to try; it does not stop this one.
		}
	}
};

export const writeFileAtomically = (file: string, text: string, mode: number) => {
	const directory = path.dirname(file);
	const temporary = path.join(directory, `${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	let fd: number | undefined;
	try {
		fs.mkdirSync(directory, {recursive: true, mode: 0o700});
		fd = fs.openSync(temporary, 'wx', mode);
		// The umask may take bits away from `mode`; the mode said to the user must be the real one.
		fs.fchmodSync(fd, mode);
		fs.writeFileSync(fd, text);
		fs.fsyncSync(fd);
		fs.closeSync(fd);
		fd = undefined;
		fs.renameSync(temporary, file);
	} catch (error) {
		try {
			if (fd !== undefined) fs.closeSync(fd);
			fs.rmSync(temporary, {force: true});
		} catch {
			// The write's own error is the one to report.
		}

		throw writeFailure(file, error);
	}

	try {
		// The rename itself is durable only once the folder is on disk.
		const folder = fs.openSync(directory, 'r');
		try {
			fs.fsyncSync(folder);
		} finally {
			fs.closeSync(folder);
		}
	} catch {
		// Some filesystems (and Windows) refuse to fsync a folder; the rename still happened.
	}
};
