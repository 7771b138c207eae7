/**
 * The streamed upload body: what arrives at a real HTTP server is byte-for-byte the file, under a
 * declared length that matches, across several refills of the reused read buffer.
 */
import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import got from 'got';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {saveUploadedFile} from '../../source/emulator/multipart.js';
import {sha256File} from '../../source/packages/local-file.js';
import {multipartFile} from '../../source/vendors/multipart-file.js';
import {withServer} from '../helpers/local-server.js';

let work: string;
beforeEach(async () => {
	work = await fs.mkdtemp(path.join(os.tmpdir(), 'packport-multipart-'));
});
afterEach(async () => {
	await fs.rm(work, {recursive: true, force: true});
});

test('a 2.5 MiB file arrives whole, with the declared length, and its sha256 matches', async () => {
	const bytes = randomBytes(2.5 * 1024 * 1024 + 17);
	const file = path.join(work, 'q4 "release".mmp');
	await fs.writeFile(file, bytes);
	const received = path.join(work, 'received.bin');
	let declared = '';
	let disposition = '';
	let wireBytes = 0;
	const server = await withServer((request, response) => {
		declared = request.headers['content-length'] ?? '';
		// Counts and sniffs the bytes on their way to the emulator's own multipart reader.
		const tap = new PassThrough();
		tap.on('data', (chunk: Buffer) => {
			wireBytes += chunk.length;
			disposition ||= /Content-Disposition: [^\r]*/.exec(chunk.toString('latin1'))?.[0] ?? '';
		});
		request.pipe(tap);
		const seen = new PassThrough();
		tap.pipe(seen);
		void saveUploadedFile(Object.assign(seen, {headers: request.headers}) as never, received).then(written => response.end(JSON.stringify({written})));
	});
	try {
		const form = await multipartFile(file, {field: 'file', fileName: path.basename(file)});
		const answer = await got.put(server.url, {body: form.body, headers: form.headers}).json<{written: number}>();
		expect(answer.written).toBe(bytes.length);
		expect(Buffer.compare(await fs.readFile(received), bytes)).toBe(0);
		expect(Number(declared)).toBe(wireBytes);
		expect(disposition).toBe('Content-Disposition: form-data; name="file"; filename="q4 %22release%22.mmp"');
		expect(await sha256File(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
	} finally {
		await server.close();
	}
});
