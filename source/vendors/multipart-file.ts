/**
 * A multipart/form-data body with one file part, read from disk through a single reused 1 MiB
 * buffer. Node's FormData with a file-backed Blob reads 64 KiB at a time and allocates for each
 * read; on loopback that capped a 1 GiB MicroStrategy upload at a third of curl's rate. got
 * awaits each write's callback before asking for the next chunk, so the buffer is free to refill
 * once `yield` returns. The exact Content-Length lets got report upload progress as a fraction.
 *
 * The same pass computes the file's sha256 for history and --json (packages/sent-digest.ts), on a
 * worker thread reading the very buffers that are sent (packages/chunk-hasher.ts): one read of
 * the package instead of a hashing read before the upload.
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import {PackportError} from '../errors.js';
import {createChunkHasher} from '../packages/chunk-hasher.js';
import {identityOf, knownSha256, rememberSha256} from '../packages/sent-digest.js';

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

	async function * body() {
		yield head;
		const handle = await fs.open(file, 'r');
		const opened = identityOf(await handle.stat());
		// Sent before in this run (Vault's validate, then import) or zipped here: hashed already.
		const buffers = createChunkHasher(size, {hash: !knownSha256(file)});
		const readAt = async (offset: number) => {
			const buffer = await buffers.buffer();
			const {bytesRead} = await handle.read(buffer, 0, Math.min(buffer.length, size - offset), offset);
			return {buffer, bytesRead};
		};

		let next: ReturnType<typeof readAt> | undefined;
		try {
			let sent = 0;
			next = readAt(0);
			while (next) {
				// eslint-disable-next-line no-await-in-loop -- chunk by chunk, through a couple of reused buffers
				const {buffer, bytesRead} = await next;
				next = undefined;
				if (bytesRead === 0) break;
				sent += bytesRead;
				buffers.add(buffer, bytesRead);
				// The next chunk is read while this one is sent. Handled here so a send cut short (the
				// generator closed at its yield) leaves no unhandled rejection; awaited in `finally`.
				if (sent < size) {
					next = readAt(sent);
					next.catch(() => undefined);
				}

				yield buffer.subarray(0, bytesRead);
				buffers.release(buffer);
			}

			// The declared length is a promise to the server; a file cut short while being sent would
			// leave it waiting for bytes that never come.
			if (sent < size) throw new PackportError('usage', `${file} became shorter while it was being sent (${sent} of ${size} bytes).`, {hint: 'Wait until the export has finished writing the file, then run the import again.'});
			const digest = await buffers.digest();
			if (digest) rememberSha256(file, opened, digest);
		} finally {
			buffers.close();
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
