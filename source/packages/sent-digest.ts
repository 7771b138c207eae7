/**
 * The sha256 that history and the JSON result carry for a local package file. It is computed
 * while the upload sends the file (vendors/multipart-file.ts; big files on a worker beside it,
 * background-sha256.ts), not in a read of its own before sign-in: that made a 1 GiB import cost
 * up to 3× `curl -F` of the same file (issue 15), and nothing needs the hash before the bytes go
 * out (the review shows no hash, the lost-answer search ties jobs by title and by what they
 * produced). A package that was never sent whole (a refused sign-in, Ctrl-C before or during the
 * upload) has no sha256 in its result.
 *
 * Digests are kept per file with the size, mtime and inode the file had when it was read, and
 * given out only while it still has them: an export rewriting the file in between is not vouched for.
 */
import fs from 'node:fs';
import path from 'node:path';

export type FileIdentity = {size: number; mtimeMs: number; ino: number};

const digests = new Map<string, FileIdentity & {sha256: string}>();

const same = (a: FileIdentity, b: FileIdentity) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

export const identityOf = (stat: fs.Stats): FileIdentity => ({size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino});

/** Records the sha256 of `file` as it was when it had `identity`. */
export const rememberSha256 = (file: string, identity: FileIdentity, sha256: string): void => {
	digests.set(path.resolve(file), {...identity, sha256});
};

const pending = new Map<string, Promise<unknown>>();

/** A digest on its way (a worker still hashing after the upload): `settledSha256` waits for it. */
export const expectSha256 = (file: string, identity: FileIdentity, digest: Promise<string | undefined>): void => {
	const key = path.resolve(file);
	const done = digest.then(sha256 => {
		if (sha256) rememberSha256(file, identity, sha256);
	});
	pending.set(key, done);
	void done.finally(() => {
		if (pending.get(key) === done) pending.delete(key);
	});
};

/** Whether `file`'s digest is known or being computed (Vault's validate, then its import, sends it twice). */
export const sha256Underway = (file: string): boolean => pending.has(path.resolve(file)) || knownSha256(file) !== undefined;

/** knownSha256, once a digest still being computed for `file` is in. */
export const settledSha256 = async (file: string | undefined): Promise<string | undefined> => {
	if (file) await pending.get(path.resolve(file));
	return knownSha256(file);
};

/** The sha256 of `file` if its bytes were read whole (sent, or zipped here) and it has not changed since. */
export const knownSha256 = (file: string | undefined): string | undefined => {
	if (!file) return undefined;
	const known = digests.get(path.resolve(file));
	if (!known) return undefined;
	try {
		return same(known, identityOf(fs.statSync(file))) ? known.sha256 : undefined;
	} catch {
		// Gone since (a folder's temp zip is removed at the end of the run): it was what was sent.
		return known.sha256;
	}
};
