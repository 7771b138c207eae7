/**
 * Saving what a server sends (an undo package, a log) so that a file under its final name is always
 * whole and is what it claims to be: the body goes to a hidden temp file beside the destination, is
 * checked (status, content type, length, no error page or error JSON where a file was expected),
 * and only then linked to its final name — which never replaces an existing file: when the name is
 * taken (another run, the same second), the next free name is used. Any failure, Ctrl-C included,
 * removes the temp file.
 */
import type {EventEmitter} from 'node:events';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {Transform, type Readable} from 'node:stream';

export type DownloadCheck = {
	/** What the file is, for messages ("the undo package"). */
	what: string;
	/** Refuse answers that are a web page or a JSON/XML error instead of a file. */
	binary: boolean;
	/** A vendor's own test of the first bytes: the reason to refuse them, if any. */
	refuse?: (head: Buffer) => string | undefined;
};

export class BadDownloadError extends Error {}

/** The response of a got stream, for the checks. */
type StreamResponse = {statusCode: number; headers: Record<string, string | string[] | undefined>};

const looksLikeErrorPage = (head: Buffer): string | undefined => {
	const text = head.toString('utf8', 0, Math.min(head.length, 512)).trimStart().toLowerCase();
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'an HTML page';
	if (text.startsWith('{') || text.startsWith('[')) {
		try {
			JSON.parse(head.toString('utf8'));
			return 'a JSON document';
		} catch {
			return undefined;
		}
	}

	return undefined;
};

/** A name beside `destination` that no one else will pick. */
const tempName = (destination: string) => path.join(path.dirname(destination), `.${path.basename(destination)}.part-${randomBytes(4).toString('hex')}`);

/** NAME.EXT, then NAME-2.EXT, NAME-3.EXT…: the first that can be created without replacing anything. */
const candidates = function* (destination: string) {
	yield destination;
	const extension = path.extname(destination);
	const base = destination.slice(0, destination.length - extension.length);
	for (let counter = 2; counter < 1000; counter++) yield `${base}-${counter}${extension}`;
};

/**
 * Streams `body` to `destination` (or the next free name), returns where it went. `response`
 * resolves with the HTTP status and headers once the server answered.
 */
/** Whether anything (a file, a folder, a dangling link) is at `file`: never overwrite it. */
export const pathExists = (file: string): boolean => {
	try {
		fs.lstatSync(file);
		return true;
	} catch {
		return false;
	}
};

/**
 * The response of a got stream, as a promise downloadToFile takes. A stream that fails before its
 * response rejects it; nobody may be waiting yet, so the rejection is marked handled here.
 */
export const responseOf = (stream: EventEmitter): Promise<StreamResponse> => {
	const response = new Promise<StreamResponse>((resolve, reject) => {
		stream.once('response', resolve);
		stream.once('error', reject);
	});
	response.catch(() => undefined);
	return response;
};

export const downloadToFile = async (body: Readable, response: Promise<StreamResponse>, destination: string, check: DownloadCheck): Promise<string> => {
	const temp = tempName(destination);
	let bytes = 0;
	let head = Buffer.alloc(0);
	const counter = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			bytes += chunk.length;
			if (head.length < 4096) head = Buffer.concat([head, chunk.subarray(0, 4096 - head.length)]);
			done(null, chunk);
		},
	});
	try {
		await pipeline(body, counter, fs.createWriteStream(temp, {flags: 'wx', mode: 0o644}));
		const {statusCode, headers} = await response;
		if (statusCode < 200 || statusCode > 299) throw new BadDownloadError(`the server answered HTTP ${statusCode} instead of ${check.what}`);
		const declared = Number(headers['content-length']);
		if (Number.isFinite(declared) && headers['content-length'] !== undefined && declared !== bytes) {
			throw new BadDownloadError(`${check.what} arrived cut short (${bytes} of ${declared} bytes)`);
		}

		const refused = check.refuse?.(head);
		if (refused) throw new BadDownloadError(refused);
		if (check.binary) {
			const type = String(headers['content-type'] ?? '').toLowerCase();
			const page = /html|json|xml|^text\//.test(type) ? `a ${type.split(';')[0]} answer` : looksLikeErrorPage(head);
			if (page) throw new BadDownloadError(`the server sent ${page} instead of ${check.what}`);
			if (bytes === 0) throw new BadDownloadError(`the server sent an empty ${check.what.replace(/^the /, '')}`);
		}

		for (const candidate of candidates(destination)) {
			try {
				// link() fails when the name exists: no check-then-open race, nothing replaced.
				fs.linkSync(temp, candidate);
				return candidate;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			}
		}

		throw new BadDownloadError(`no free name beside ${destination}`);
	} finally {
		fs.rmSync(temp, {force: true});
	}
};

/**
 * Before the point of no return: can a file be created in this folder? A probe file is created
 * and removed (permissions, read-only mounts, a path under a file, a dangling link all show here).
 */
export const checkWritableFolder = (folder: string): string | undefined => {
	const probe = path.join(folder, `.packport-probe-${randomBytes(4).toString('hex')}`);
	try {
		fs.writeFileSync(probe, '', {flag: 'wx'});
		fs.rmSync(probe, {force: true});
		return undefined;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT'
			? 'does not exist'
			: code === 'ENOTDIR'
				? 'is not a folder'
				: code === 'EACCES' || code === 'EPERM'
					? 'is not writable'
					: code === 'EROFS'
						? 'is on a read-only file system'
						: code === 'ENOSPC'
							? 'is on a full disk'
							: `cannot be written (${code ?? 'unknown error'})`;
	}
};
