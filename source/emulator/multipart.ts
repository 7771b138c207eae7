/**
 * Streams a multipart/form-data upload: finds the part named `file`, keeps only the first bytes a
 * caller asks for (the package header), and counts the rest without holding it, so a 1 GiB upload
 * costs the emulator a few kilobytes of memory.
 */
import {createWriteStream} from 'node:fs';
import fs from 'node:fs/promises';
import type {Request} from './http-kit.js';

export type UploadHead = {found: boolean; filename: string; head: Buffer; bytes: number};

/** `wanted(head)` says how many head bytes are needed in all, given what has arrived so far. */
export const readUploadHead = async (request: Request, wanted: (head: Buffer) => number): Promise<UploadHead> => {
	const type = request.headers['content-type'] ?? '';
	const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
	const boundary = boundaryMatch ? (boundaryMatch[1] ?? boundaryMatch[2] ?? '').trim() : '';
	let pending = Buffer.alloc(0);
	let inFile = false;
	let head = Buffer.alloc(0);
	let bytes = 0;
	let found = false;
	let filename = '';
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const grow = (data: Buffer) => {
		let offset = 0;
		while (offset < data.length) {
			const need = wanted(head);
			if (head.length >= need) return;
			const take = Math.min(need - head.length, data.length - offset);
			head = Buffer.concat([head, data.subarray(offset, offset + take)]);
			offset += take;
		}
	};

	for await (const chunk of request) {
		const data = chunk as Buffer;
		if (!boundary) continue;
		if (inFile) {
			bytes += data.length;
			grow(data);
			continue;
		}

		// Before the file part: keep a bounded window until its headers end.
		pending = Buffer.concat([pending, data]);
		if (pending.length > 64 * 1024 && pending.indexOf('\r\n\r\n') === -1) pending = pending.subarray(-1024);
		const headerStart = pending.indexOf('name="file"');
		if (headerStart === -1) continue;
		const headerEnd = pending.indexOf('\r\n\r\n', headerStart);
		if (headerEnd === -1) continue;
		filename = /filename="([^"]*)"/i.exec(pending.subarray(headerStart, headerEnd).toString('utf8'))?.[1] ?? '';
		inFile = true;
		found = true;
		const rest = pending.subarray(headerEnd + 4);
		bytes += rest.length;
		grow(rest);
		pending = Buffer.alloc(0);
	}

	// The closing delimiter and trailing CRLF were counted as file bytes; take them off.
	bytes = Math.max(0, bytes - (delimiter.length + 4));
	// The head may have run into the closing delimiter for tiny files.
	const end = head.indexOf(delimiter);
	if (end !== -1) head = head.subarray(0, end);
	if (head.length > bytes) head = head.subarray(0, bytes);
	return {found, filename, head, bytes};
};

/**
 * Streams the `file` part of an upload to disk (bounded memory), for emulators that need the whole
 * package, e.g. a zip whose directory sits at the end. Returns the bytes written, or undefined
 * when the request had no `file` part.
 */
export const saveUploadedFile = async (request: Request, destination: string): Promise<number | undefined> => {
	const type = request.headers['content-type'] ?? '';
	const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
	const boundary = boundaryMatch ? (boundaryMatch[1] ?? boundaryMatch[2] ?? '').trim() : '';
	const out = createWriteStream(destination);
	let pending = Buffer.alloc(0);
	let inFile = false;
	try {
		for await (const chunk of request) {
			const data = chunk as Buffer;
			if (!boundary) continue;
			if (inFile) {
				if (!out.write(data)) await new Promise<void>(resolve => out.once('drain', () => resolve()));
				continue;
			}

			pending = Buffer.concat([pending, data]);
			const headerStart = pending.indexOf('name="file"');
			const headerEnd = headerStart === -1 ? -1 : pending.indexOf('\r\n\r\n', headerStart);
			if (headerEnd === -1) {
				if (pending.length > 64 * 1024) pending = pending.subarray(-1024);
				continue;
			}

			inFile = true;
			out.write(pending.subarray(headerEnd + 4));
			pending = Buffer.alloc(0);
		}
	} finally {
		await new Promise<void>(resolve => out.end(() => resolve()));
	}

	if (!inFile) return undefined;
	// The closing delimiter was written too; find it in the tail and cut it off.
	const handle = await fs.open(destination, 'r+');
	try {
		const {size} = await handle.stat();
		const tailLength = Math.min(size, 1024);
		const tail = Buffer.alloc(tailLength);
		await handle.read(tail, 0, tailLength, size - tailLength);
		const cut = tail.lastIndexOf(`\r\n--${boundary}`);
		const length = cut === -1 ? size : size - tailLength + cut;
		await handle.truncate(length);
		return length;
	} finally {
		await handle.close();
	}
};
