/**
 * The buffers an upload reads a file into, and the sha256 of what passes through them, computed
 * while the bytes are sent instead of in a read of its own before (issue 15). Hashing costs about
 * as much CPU as sending (~0.55 s per GiB here), so it runs on a worker thread beside the send;
 * measured against hashing on the main thread between writes, the 1 GiB Vault import took
 * 2.4 s instead of 3.8 s (medians of 7, same run) for ~10 % more CPU in all.
 *
 * The protocol: `buffer()` gives a free buffer, the sender reads the next chunk into it, `add()`s
 * it to the hash, hands it to the socket and `release()`s it once the socket is done with it. A
 * buffer is free again when it is released and hashed. With two or more buffers the next chunk is
 * read (on libuv's thread pool) while the current one is sent.
 */
import {createHash} from 'node:crypto';
import {Worker} from 'node:worker_threads';

export type ChunkHasher = {
	/** A free buffer of up to `chunkBytes` to read the next chunk into. */
	buffer(): Promise<Buffer>;
	/** Hashes the first `length` bytes of a buffer `buffer()` gave (in call order). */
	add(buffer: Buffer, length: number): void;
	/** The sender no longer needs the buffer. */
	release(buffer: Buffer): void;
	/** The hex digest of everything added, or undefined when not hashing or it could not be computed. */
	digest(): Promise<string | undefined>;
	/** Stops without a digest (the send was cut short). Safe after digest(). */
	close(): void;
};

export const chunkBytes = 1024 * 1024;

/**
 * Hashing on the main thread, deferred: `add()` queues the chunk and the queue is hashed from
 * setImmediate, that is after the socket write of that chunk has started, while the kernel and
 * the server drain it (and the next chunk is read). A buffer is hashed before it is handed out
 * again, in order, whatever the timing. `hash: false` gives the same buffers with no hashing.
 */
const mainThread = (size: number, hashing: boolean): ChunkHasher => {
	const hash = hashing ? createHash('sha256') : undefined;
	const queue: Array<{buffer: Buffer; length: number}> = [];
	const free: Buffer[] = [];
	let scheduled = false;
	let closed = false;

	/** Hashes the queue, oldest first, up to and including `target` (all of it without one). */
	const flush = (target?: Buffer) => {
		while (queue.length > 0) {
			const {buffer, length} = queue.shift()!;
			if (!closed) hash?.update(buffer.subarray(0, length));
			if (buffer === target) return;
		}
	};

	return {
		async buffer() {
			const buffer = free.shift();
			if (!buffer) return Buffer.allocUnsafe(size);
			if (queue.some(entry => entry.buffer === buffer)) flush(buffer);
			return buffer;
		},
		add(buffer, length) {
			if (!hash) return;
			queue.push({buffer, length});
			if (scheduled) return;
			scheduled = true;
			setImmediate(() => {
				scheduled = false;
				flush();
			});
		},
		release(buffer) {
			free.push(buffer);
		},
		async digest() {
			if (!hash || closed) return undefined;
			flush();
			closed = true;
			return hash.digest('hex');
		},
		close() {
			closed = true;
		},
	};
};

// CommonJS, evaluated by the worker from this string: the bundle has no separate worker file.
const workerSource = `
const {parentPort, workerData} = require('node:worker_threads');
const {createHash} = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', message => {
	if (message === 'digest') {
		parentPort.postMessage({digest: hash.digest('hex')});
		return;
	}
	hash.update(new Uint8Array(workerData.shared, message.slot * workerData.slotBytes, message.length));
	parentPort.postMessage({slot: message.slot});
});
`;

const slots = 4;

/**
 * Hashing on a worker thread, reading the very slots of a SharedArrayBuffer that are sent, so
 * nothing is copied. Returns undefined when no worker can start. A worker that dies mid-way
 * leaves the digest unknown: the upload never fails for the hash's sake.
 */
type Started = {worker: Worker; shared: SharedArrayBuffer};

const startWorker = (): Started | undefined => {
	const shared = new SharedArrayBuffer(slots * chunkBytes);
	try {
		const worker = new Worker(workerSource, {eval: true, workerData: {shared, slotBytes: chunkBytes}});
		worker.unref();
		return {worker, shared};
	} catch {
		return undefined;
	}
};

/** A worker started ahead of the upload that will use it (warmUpHasher). */
let spare: Started | undefined;

/**
 * Starts the hashing worker while the run signs in, before the upload of a package of `bytes`:
 * a worker takes 25–100 ms to boot, which the upload would otherwise wait for after its first
 * few chunks. One at a time; one nobody used within a minute (a preview never imported) goes.
 */
export const warmUpHasher = (bytes: number): void => {
	if (spare || bytes < slots * chunkBytes) return;
	const started = startWorker();
	if (!started) return;
	spare = started;
	const drop = () => {
		if (spare !== started) return;
		spare = undefined;
		void started.worker.terminate();
	};

	// Until an upload takes it: a worker that fails while waiting is dropped, never thrown.
	started.worker.on('error', drop);
	started.worker.on('exit', drop);
	setTimeout(drop, 60_000).unref();
};

const onWorker = (): ChunkHasher | undefined => {
	const started = spare ?? startWorker();
	spare = undefined;
	if (!started) return undefined;
	const {worker, shared} = started;
	worker.removeAllListeners('error');
	worker.removeAllListeners('exit');
	const views: Buffer[] = Array.from({length: slots}, (_, slot) => Buffer.from(shared, slot * chunkBytes, chunkBytes));
	const hashed = views.map(() => true);
	const released = views.map(() => true);
	let wake: (() => void) | undefined;
	let answer: ((digest: string | undefined) => void) | undefined;
	let broken = false;
	let closed = false;
	const changed = () => {
		const next = wake;
		wake = undefined;
		next?.();
	};

	const fail = () => {
		broken = true;
		hashed.fill(true);
		changed();
		answer?.(undefined);
		answer = undefined;
	};

	worker.on('message', (message: {slot?: number; digest?: string}) => {
		if (message.digest !== undefined) {
			answer?.(message.digest);
			answer = undefined;
			return;
		}

		hashed[message.slot!] = true;
		changed();
	});
	worker.on('error', fail);
	worker.on('exit', () => {
		if (!closed) fail();
	});

	return {
		async buffer() {
			for (;;) {
				const slot = views.findIndex((_, index) => hashed[index] && released[index]);
				if (slot !== -1) {
					hashed[slot] = false;
					released[slot] = false;
					return views[slot]!;
				}

				// Held while something waits on the worker; unref'd again so it never keeps packport running.
				worker.ref();
				// eslint-disable-next-line no-await-in-loop -- wait for the worker (or the sender) to free a slot
				await new Promise<void>(resolve => (wake = resolve));
				worker.unref();
			}
		},
		add(buffer, length) {
			const slot = views.indexOf(buffer);
			if (broken || closed) {
				hashed[slot] = true;
				return;
			}

			worker.postMessage({slot, length});
		},
		release(buffer) {
			released[views.indexOf(buffer)] = true;
			changed();
		},
		async digest() {
			if (broken || closed) return undefined;
			worker.ref();
			const digest = await new Promise<string | undefined>(resolve => {
				answer = resolve;
				worker.postMessage('digest');
			});
			this.close();
			return digest;
		},
		close() {
			if (closed) return;
			closed = true;
			void worker.terminate();
		},
	};
};

/** `bytes`: the file's size (a small file gets small buffers); `hash: false` when its digest is known. */
export const createChunkHasher = (bytes: number, {hash = true}: {hash?: boolean} = {}): ChunkHasher => {
	const size = Math.min(chunkBytes, Math.max(bytes, 1));
	// Below a few chunks the worker's start (25–100 ms) costs more than hashing here does.
	if (hash && bytes >= slots * chunkBytes) {
		const worker = onWorker();
		if (worker) return worker;
	}

	return mainThread(size, hash);
};
