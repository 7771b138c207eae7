/**
 * Reads a zip's central directory and single entries without reading the archive: the end record
 * from the tail, the directory, then only the entries asked for. Every length read from the file
 * is bounds-checked, so a hostile archive is refused, never trusted.
 */
import fs from 'node:fs/promises';
import zlib from 'node:zlib';

export type ZipEntry = {name: string; method: number; compressedSize: number; size: number; crc: number; localOffset: number};

export class ZipError extends Error {}

const endSignature = 0x06_05_4b_50;
const centralSignature = 0x02_01_4b_50;
const localSignature = 0x04_03_4b_50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const maxTail = 22 + 0xff_ff;
/** More entries than this is not a configuration package. */
const maxEntries = 200_000;

export type ZipReader = {entries: ZipEntry[]; read(entry: ZipEntry, limit: number): Promise<Buffer>; close(): Promise<void>};

export const openZip = async (file: string): Promise<ZipReader> => {
	const handle = await fs.open(file, 'r');
	try {
		const {size} = await handle.stat();
		const tailLength = Math.min(size, maxTail);
		const tail = Buffer.alloc(tailLength);
		await handle.read(tail, 0, tailLength, size - tailLength);
		let end = -1;
		for (let index = tailLength - 22; index >= 0; index--) {
			if (tail.readUInt32LE(index) === endSignature) {
				end = index;
				break;
			}
		}

		if (end === -1) throw new ZipError('it is not a zip archive');
		const count = tail.readUInt16LE(end + 10);
		const directorySize = tail.readUInt32LE(end + 12);
		const directoryOffset = tail.readUInt32LE(end + 16);
		if (count === 0xff_ff || directoryOffset === 0xff_ff_ff_ff) throw new ZipError('it uses zip64, which packages never need');
		if (count > maxEntries || directoryOffset + directorySize > size) throw new ZipError('its directory is damaged');
		const directory = Buffer.alloc(directorySize);
		await handle.read(directory, 0, directorySize, directoryOffset);
		const entries: ZipEntry[] = [];
		let offset = 0;
		for (let index = 0; index < count; index++) {
			if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== centralSignature) throw new ZipError('its directory is damaged');
			const nameLength = directory.readUInt16LE(offset + 28);
			const extraLength = directory.readUInt16LE(offset + 30);
			const commentLength = directory.readUInt16LE(offset + 32);
			if (offset + 46 + nameLength > directory.length) throw new ZipError('its directory is damaged');
			entries.push({
				name: directory.toString('utf8', offset + 46, offset + 46 + nameLength),
				method: directory.readUInt16LE(offset + 10),
				crc: directory.readUInt32LE(offset + 16),
				compressedSize: directory.readUInt32LE(offset + 20),
				size: directory.readUInt32LE(offset + 24),
				localOffset: directory.readUInt32LE(offset + 42),
			});
			offset += 46 + nameLength + extraLength + commentLength;
		}

		return {
			entries,
			async read(entry, limit) {
				if (entry.size > limit || entry.compressedSize > limit) throw new ZipError(`${entry.name} is ${entry.size} bytes, more than the ${limit} allowed`);
				const header = Buffer.alloc(30);
				await handle.read(header, 0, 30, entry.localOffset);
				if (header.readUInt32LE(0) !== localSignature) throw new ZipError(`${entry.name} is damaged`);
				const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
				if (start + entry.compressedSize > size) throw new ZipError(`${entry.name} is cut short`);
				const data = Buffer.alloc(entry.compressedSize);
				await handle.read(data, 0, entry.compressedSize, start);
				if (entry.method === 0) return data;
				if (entry.method !== 8) throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
				try {
					// The declared size can lie: cap the output so a zip bomb stops at the limit.
					return zlib.inflateRawSync(data, {maxOutputLength: limit});
				} catch {
					throw new ZipError(`${entry.name} does not decompress (damaged, or larger than ${limit} bytes)`);
				}
			},
			close: async () => handle.close(),
		};
	} catch (error) {
		await handle.close();
		throw error;
	}
};
