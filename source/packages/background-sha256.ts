/**
 * The sha256 of a big package, computed on a worker thread at low priority while the upload sends
 * the same file (issue 15: before, a separate hashing read ran before sign-in, and a 1 GiB import
 * cost up to 3× `curl -F`). The worker reads the file itself, one reused 1 MiB buffer, right
 * behind or ahead of the sender (the page cache serves the second reader): so it never holds the
 * sender back, and what it has left when the last byte is out it finishes while the server runs
 * the job.
 *
 * Tried first, on the 2-core benchmark machine with the emulator in the same box: hashing the very
 * buffers being sent (on the main thread between writes, or on a worker that had to release each
 * buffer before it was read into again) tied the upload to the hash's pace (upload 0.56–0.70× of
 * curl's rate, 1 GiB MicroStrategy imports 1.8–2.1× curl end to end); reading on its own, the
 * upload keeps the sender's pace and the hash uses the time the server spends on the job.
 *
 * A worker that cannot start, or fails, leaves the digest unknown: the import never fails for it.
 */
import {Worker} from 'node:worker_threads';

/** Below this, hashing inline while sending costs less than starting a worker (25–100 ms). */
export const backgroundFromBytes = 4 * 1024 * 1024;

// CommonJS, evaluated by the worker from this string: the bundle has no separate worker file.
// On Linux setpriority() with pid 0 lowers this thread only (the sender and, on one machine, the
// server come first); other systems would lower the whole process, so they keep it as it is.
const workerSource = `
const {parentPort} = require('node:worker_threads');
const {createHash} = require('node:crypto');
const fs = require('node:fs');
if (process.platform === 'linux') {
	try {
		require('node:os').setPriority(0, 10);
	} catch {}
}
parentPort.once('message', ({file}) => {
	const hash = createHash('sha256');
	const buffer = Buffer.allocUnsafe(1024 * 1024);
	let fd;
	try {
		fd = fs.openSync(file, 'r');
		for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
		parentPort.postMessage({digest: hash.digest('hex')});
	} catch (error) {
		parentPort.postMessage({error: String(error)});
	} finally {
		if (fd !== undefined) fs.closeSync(fd);
	}
});
`;

const startWorker = (): Worker | undefined => {
	try {
		const worker = new Worker(workerSource, {eval: true});
		worker.unref();
		return worker;
	} catch {
		return undefined;
	}
};

/** A worker started ahead of the upload that will use it (warmUpSha256). */
let spare: Worker | undefined;

/**
 * Starts the worker while the run signs in, before the upload of a package of `bytes`, so its boot
 * overlaps the sign-in. One at a time; one nobody used within a minute (a preview never imported) goes.
 */
export const warmUpSha256 = (bytes: number): void => {
	if (spare || bytes < backgroundFromBytes) return;
	const started = startWorker();
	if (!started) return;
	spare = started;
	const drop = () => {
		if (spare !== started) return;
		spare = undefined;
		void started.terminate();
	};

	// Until an upload takes it: a worker that fails while waiting is dropped, never thrown.
	started.on('error', drop);
	started.on('exit', drop);
	setTimeout(drop, 60_000).unref();
};

export type BackgroundSha256 = {
	/** The hex digest once the worker is done; undefined when it failed or was cancelled. */
	digest: Promise<string | undefined>;
	/** Stops the worker (the send was cut short): the digest is then undefined. */
	cancel(): void;
};

export const sha256InBackground = (file: string): BackgroundSha256 => {
	const worker = spare ?? startWorker();
	spare = undefined;
	if (!worker) return {digest: Promise.resolve(undefined), cancel() {}};
	worker.removeAllListeners('error');
	worker.removeAllListeners('exit');
	// Working now: the run waits for its digest before it reports.
	worker.ref();
	let settle: (digest: string | undefined) => void = () => undefined;
	const digest = new Promise<string | undefined>(resolve => {
		settle = value => {
			settle = () => undefined;
			resolve(value);
		};
	});
	worker.on('message', (message: {digest?: string}) => {
		settle(message.digest);
		void worker.terminate();
	});
	worker.on('error', () => settle(undefined));
	worker.on('exit', () => settle(undefined));
	worker.postMessage({file});
	return {
		digest,
		cancel() {
			settle(undefined);
			void worker.terminate();
		},
	};
};
