/**
 * A file's lines, read in fixed chunks so memory stays bounded whatever its size (history.jsonl
 * over 512 MB once read as "No imports yet": one string cannot hold it). A line longer than
 * `maxLineBytes` is not kept: it is reported as `undefined`, for the caller to count as skipped.
 */
import fs from 'node:fs';

export function * readLines(file: string, {maxLineBytes = 1024 * 1024, chunkBytes = 1024 * 1024} = {}): Generator<string | undefined> {
	const fd = fs.openSync(file, 'r');
	try {
		const chunk = Buffer.alloc(chunkBytes);
		let parts: Buffer[] = [];
		let partBytes = 0;
		let oversized = false;
		const take = (): string | undefined => {
			const line = oversized ? undefined : Buffer.concat(parts, partBytes).toString('utf8');
			parts = [];
			partBytes = 0;
			oversized = false;
			return line;
		};

		const keep = (piece: Buffer) => {
			if (oversized) return;
			if (partBytes + piece.length > maxLineBytes) {
				oversized = true;
				parts = [];
				partBytes = 0;
				return;
			}

			// A copy: the chunk buffer is reused for the next read.
			parts.push(Buffer.from(piece));
			partBytes += piece.length;
		};

		for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) {
			const view = chunk.subarray(0, read);
			let start = 0;
			for (let newline = view.indexOf(10); newline !== -1; newline = view.indexOf(10, start)) {
				keep(view.subarray(start, newline));
				yield take();
				start = newline + 1;
			}

			keep(view.subarray(start));
		}

		if (partBytes > 0 || oversized) yield take();
	} finally {
		fs.closeSync(fd);
	}
}
