/**
 * The package's sha256 is computed by the upload itself (issue 15: a separate hashing read made a
 * 1 GiB import cost up to 3× `curl -F`): what a real HTTP server receives is the file, whole, and
 * once the last byte went out the digest is known (or, from 4 MiB, on its way from a worker) and
 * equals the file's.
 */
import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import got from 'got';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {knownSha256, settledSha256} from '../../source/packages/sent-digest.js';
import {multipartFile} from '../../source/vendors/multipart-file.js';
import {mstrVendor} from '../../source/vendors/mstr/index.js';
import {withServer} from '../helpers/local-server.js';

let work: string;
beforeEach(async () => {
	work = await fs.mkdtemp(path.join(os.tmpdir(), 'packport-digest-'));
});
afterEach(async () => {
	await fs.rm(work, {recursive: true, force: true});
});

/** A server that keeps every byte it is sent and answers how many. */
const receiver = async () => {
	const received: Buffer[] = [];
	const server = await withServer((request, response) => {
		request.on('data', (chunk: Buffer) => received.push(chunk));
		request.on('end', () => response.end(JSON.stringify({bytes: Buffer.concat(received).length})));
	});
	return {server, body: () => Buffer.concat(received)};
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

for (const [label, size] of [
	['a 300 KiB file (hashed as it is sent)', 300 * 1024 + 5],
	['a 9 MiB file (hashed on a worker beside the send)', 9 * 1024 * 1024 + 12_345],
] as const) {
	test(`${label}: sent whole, and its sha256 known once the last byte went out`, async () => {
		const bytes = randomBytes(size);
		const file = path.join(work, 'big.mmp');
		await fs.writeFile(file, bytes);
		const {server, body} = await receiver();
		try {
			const form = await multipartFile(file, {field: 'file', fileName: 'big.mmp'});
			expect(knownSha256(file)).toBeUndefined();
			await got.put(server.url, {body: form.body, headers: form.headers}).json();
			const sent = body();
			// The file's bytes sit between the part's header and the closing boundary.
			const start = sent.indexOf('\r\n\r\n') + 4;
			expect(Buffer.compare(sent.subarray(start, start + size), bytes)).toBe(0);
			expect(sent.length).toBe(Number(form.headers['content-length']));
			expect(await settledSha256(file)).toBe(sha256(bytes));
		} finally {
			await server.close();
		}
	});
}

test('a big file sent twice in one run (Vault: validate, then import) has the right sha256', async () => {
	const bytes = randomBytes(6 * 1024 * 1024);
	const file = path.join(work, 'twice.vpk');
	await fs.writeFile(file, bytes);
	const {server} = await receiver();
	try {
		for (let send = 0; send < 2; send++) {
			const form = await multipartFile(file, {field: 'file', fileName: 'twice.vpk'});
			await got.put(server.url, {body: form.body, headers: form.headers}).json();
		}

		expect(await settledSha256(file)).toBe(sha256(bytes));
	} finally {
		await server.close();
	}
});

test('a file rewritten after it was sent: its old sha256 is no longer given out', async () => {
	const file = path.join(work, 'year.mmp');
	await fs.writeFile(file, randomBytes(5 * 1024 * 1024));
	const {server} = await receiver();
	try {
		const form = await multipartFile(file, {field: 'file', fileName: 'year.mmp'});
		await got.put(server.url, {body: form.body, headers: form.headers}).json();
		expect(await settledSha256(file)).toMatch(/^[\da-f]{64}$/);
		await fs.writeFile(file, randomBytes(5 * 1024 * 1024 + 1));
		expect(await settledSha256(file)).toBeUndefined();
	} finally {
		await server.close();
	}
});

test('a send the server cuts short ends in an error, with no sha256', async () => {
	const file = path.join(work, 'cut.mmp');
	await fs.writeFile(file, randomBytes(32 * 1024 * 1024));
	let seen = 0;
	const server = await withServer((request, response) => {
		request.on('data', (chunk: Buffer) => {
			seen += chunk.length;
			// After 2 MiB the server hangs up, as a proxy with an upload limit does.
			if (seen > 2 * 1024 * 1024) response.socket?.destroy();
		});
	});
	try {
		const form = await multipartFile(file, {field: 'file', fileName: 'cut.mmp'});
		await expect(got.put(server.url, {body: form.body, headers: form.headers, retry: {limit: 0}}).json()).rejects.toThrow();
		expect(await settledSha256(file)).toBeUndefined();
	} finally {
		await server.close();
	}
});

test('inspecting a MicroStrategy package reads no byte of it for a hash: the upload computes it', async () => {
	const file = path.join(work, 'year.mmp');
	await fs.copyFile(path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp'), file);
	const info = await mstrVendor.inspectPackage(file);
	expect(info).toMatchObject({path: file, bytes: (await fs.stat(file)).size});
	expect(info.sha256).toBeUndefined();
});
