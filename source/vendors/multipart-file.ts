/**
 * A multipart/form-data body with one file part, read from disk through two reused 1 MiB
 * buffers. Node's FormData with a file-backed Blob reads 64 KiB at a time and allocates for each
 * read; on loopback that capped a 1 GiB MicroStrategy upload at a third of curl's rate. got
 * awaits each write's callback before asking for the next chunk, so a buffer is free to refill
 * once `yield` returns: the next chunk is read into the other one while the current one is sent.
 * The exact Content-Length lets got report upload progress as a fraction.
 *
 * The file's sha256 for history and --json (packages/sent-digest.ts) is computed as it is sent
 * instead of in a hashing read before sign-in: inline for a small file, on a low-priority worker
 * beside the send for a big one (packages/background-sha256.ts), which the run awaits at its end.
 */
import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import {PackportError} from '../errors.js';
import {backgroundFromBytes, sha256InBackground} from '../packages/background-sha256.js';
import {expectSha256, identityOf, rememberSha256, sha256Underway} from '../packages/sent-digest.js';

const readSize = 1024 * 1024;

export type MultipartFileBody = {
	body: AsyncIterable<Uint8Array>;
	headers: {'content-type': string; 'content-length': string};
};

/** Quotes a file name the way browsers and undici do: `"`, CR and LF percent-encoded. */
const quoted = (name: string) => `"${name.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A')}"`;

export const baseName = (file: string, fallback: string) => file.split(/[/\\]/).pop() || fallback;

export const multipartFile = async (file: string, {field, fileName}: {field: string; fileName: string}): Promise<MultipartFileBody> => {
	const boundary = `----packport${randomBytes(12).toString('hex')}`;
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(field)}; filename=${quoted(fileName)}\r\nContent-Type: application/octet-stream\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const {size} = await fs.stat(file);

	async function* body() {
		yield head;
		const handle = await fs.open(file, 'r');
		const opened = identityOf(await handle.stat());
		// Sent before in this run (Vault's validate, then import) or zipped here: hashed already.
		const hashed = sha256Underway(file);
		const background = !hashed && size >= backgroundFromBytes ? sha256InBackground(file) : undefined;
		const inline = !hashed && !background ? createHash('sha256') : undefined;
		const buffers = [Buffer.allocUnsafe(Math.min(readSize, Math.max(size, 1)))];
		if (size > readSize) buffers.push(Buffer.allocUnsafe(readSize));
		const readAt = async (buffer: Buffer, offset: number) => {
			const {bytesRead} = await handle.read(buffer, 0, Math.min(buffer.length, size - offset), offset);
			return {buffer, bytesRead};
		};

		let next: ReturnType<typeof readAt> | undefined;
		let whole = false;
		try {
			let sent = 0;
			let turn = 0;
			next = readAt(buffers[0]!, 0);
			while (next) {
				// eslint-disable-next-line no-await-in-loop -- chunk by chunk, through two reused buffers
				const {buffer, bytesRead} = await next;
				next = undefined;
				if (bytesRead === 0) break;
				sent += bytesRead;
				inline?.update(buffer.subarray(0, bytesRead));
				// The next chunk is read into the other buffer (sent already: got awaited its write)
				// while this one is sent. Handled here so a send cut short (the generator closed at
				// its yield) leaves no unhandled rejection; awaited in `finally`.
				if (sent < size) {
					turn = (turn + 1) % buffers.length;
					next = readAt(buffers[turn]!, sent);
					next.catch(() => undefined);
				}

				yield buffer.subarray(0, bytesRead);
			}

			// The declared length is a promise to the server; a file cut short while being sent would
			// leave it waiting for bytes that never come.
			if (sent < size)
				throw new PackportError('usage', `${file} became shorter while it was being sent (${sent} of ${size} bytes).`, {
					hint: 'Wait until the export has finished writing the file, then run the import again.',
				});
			whole = true;
			if (inline) rememberSha256(file, opened, inline.digest('hex'));
			// Not awaited here: the request ends now, the worker finishes while the server works.
			if (background) expectSha256(file, opened, background.digest);
		} finally {
			if (!whole) background?.cancel();
			await next?.catch(() => undefined);
			await handle.close();
		}

		yield tail;
	}

	return {
		body: body(),
		headers: {'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length)},
	};
};
