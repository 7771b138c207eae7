/**
 * The emulator's own reading of an uploaded zip, independent of packport's package reader (so the
 * two can disagree, as packport and a real Vault can): the central directory gives every entry's
 * name, sizes and place, so local headers with data descriptors (sizes written after the data)
 * read like any other; an entry is inflated only when asked for, and never past a cap.
 */
import fs from 'node:fs/promises';
import {Inflate} from 'fflate';

export type ZipEntry = {name: string; method: number; compressedSize: number; size: number; offset: number};
export type ZipFile = {entries: ZipEntry[]; read(entry: ZipEntry, cap: number): Promise<Buffer | undefined>; close(): Promise<void>};

const eocdSignature = 0x06_05_4b_50;
const zip64LocatorSignature = 0x07_06_4b_50;
const zip64EocdSignature = 0x06_06_4b_50;
const centralSignature = 0x02_01_4b_50;
const localSignature = 0x04_03_4b_50;
/** Far above a real package (the largest public .vpk seen holds 313 entries). */
const maxEntries = 50_000;
const maxDirectoryBytes = 16 * 1024 * 1024;

export class NotAZip extends Error {}

const readAt = async (handle: fs.FileHandle, position: number, length: number): Promise<Buffer> => {
	const buffer = Buffer.alloc(length);
	const {bytesRead} = await handle.read(buffer, 0, length, position);
	return buffer.subarray(0, bytesRead);
};

/** Sizes and offset from the zip64 extra field, for the fields the central record marks as 0xFFFFFFFF. */
const zip64Extra = (extra: Buffer, entry: ZipEntry): void => {
	for (let at = 0; at + 4 <= extra.length; ) {
		const id = extra.readUInt16LE(at);
		const length = extra.readUInt16LE(at + 2);
		if (id === 0x00_01) {
			let field = at + 4;
			const next = () => {
				const value = field + 8 <= at + 4 + length ? Number(extra.readBigUInt64LE(field)) : undefined;
				field += 8;
				return value;
			};

			if (entry.size === 0xff_ff_ff_ff) entry.size = next() ?? entry.size;
			if (entry.compressedSize === 0xff_ff_ff_ff) entry.compressedSize = next() ?? entry.compressedSize;
			if (entry.offset === 0xff_ff_ff_ff) entry.offset = next() ?? entry.offset;
			return;
		}

		at += 4 + length;
	}
};

export const openZip = async (file: string): Promise<ZipFile> => {
	const handle = await fs.open(file, 'r');
	try {
		const {size} = await handle.stat();
		const tailLength = Math.min(size, 22 + 0xff_ff);
		const tail = await readAt(handle, size - tailLength, tailLength);
		let eocd = -1;
		for (let at = tail.length - 22; at >= 0; at--) {
			if (tail.readUInt32LE(at) === eocdSignature) {
				eocd = at;
				break;
			}
		}

		if (eocd === -1) throw new NotAZip('no end of central directory record');
		let count = tail.readUInt16LE(eocd + 10);
		let directorySize = tail.readUInt32LE(eocd + 12);
		let directoryOffset = tail.readUInt32LE(eocd + 16);
		const locator = eocd - 20;
		if ((count === 0xff_ff || directoryOffset === 0xff_ff_ff_ff) && locator >= 0 && tail.readUInt32LE(locator) === zip64LocatorSignature) {
			const record = await readAt(handle, Number(tail.readBigUInt64LE(locator + 8)), 56);
			if (record.length < 56 || record.readUInt32LE(0) !== zip64EocdSignature) throw new NotAZip('a damaged zip64 directory record');
			count = Number(record.readBigUInt64LE(32));
			directorySize = Number(record.readBigUInt64LE(40));
			directoryOffset = Number(record.readBigUInt64LE(48));
		}

		if (count > maxEntries || directorySize > maxDirectoryBytes) throw new NotAZip('a central directory larger than any package');
		const directory = await readAt(handle, directoryOffset, directorySize);
		const entries: ZipEntry[] = [];
		for (let at = 0; entries.length < count; ) {
			if (at + 46 > directory.length || directory.readUInt32LE(at) !== centralSignature) throw new NotAZip('a damaged central directory');
			const nameLength = directory.readUInt16LE(at + 28);
			const extraLength = directory.readUInt16LE(at + 30);
			const commentLength = directory.readUInt16LE(at + 32);
			const entry: ZipEntry = {
				// Names are UTF-8 in every package tool seen (flag 11 or plain ASCII).
				name: directory.toString('utf8', at + 46, at + 46 + nameLength),
				method: directory.readUInt16LE(at + 10),
				compressedSize: directory.readUInt32LE(at + 20),
				size: directory.readUInt32LE(at + 24),
				offset: directory.readUInt32LE(at + 42),
			};
			zip64Extra(directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
			entries.push(entry);
			at += 46 + nameLength + extraLength + commentLength;
		}

		return {
			entries,
			/** The entry's bytes, or undefined when it is damaged, uses another method, or inflates past `cap`. */
			async read(entry, cap) {
				if (entry.size > cap || entry.compressedSize > cap * 1032) return undefined;
				const local = await readAt(handle, entry.offset, 30);
				if (local.length < 30 || local.readUInt32LE(0) !== localSignature) return undefined;
				const start = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
				const data = await readAt(handle, start, entry.compressedSize);
				if (entry.method === 0) return data.length <= cap ? data : undefined;
				if (entry.method !== 8) return undefined;
				const parts: Uint8Array[] = [];
				let inflated = 0;
				const inflate = new Inflate((chunk: Uint8Array) => {
					inflated += chunk.length;
					if (inflated <= cap) parts.push(chunk);
				});
				try {
					// Fed in slices, so a bomb stops within one slice's worth past the cap.
					for (let at = 0; at < data.length && inflated <= cap; at += 16 * 1024) inflate.push(data.subarray(at, at + 16 * 1024), at + 16 * 1024 >= data.length);
				} catch {
					return undefined;
				}

				return inflated <= cap ? Buffer.concat(parts) : undefined;
			},
			close: async () => handle.close(),
		};
	} catch (error) {
		await handle.close();
		if (error instanceof NotAZip) throw error;
		throw new NotAZip(error instanceof Error ? error.message : String(error));
	}
};
