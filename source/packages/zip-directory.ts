/**
 * Reads a zip's central directory and single entries without reading the archive: the end record
 * from the tail, the directory, then only the entries asked for. Every length read from the file
 * is bounds-checked, so a hostile archive is refused, never trusted.
 *
 * A zip bomb is refused at a cap instead of being followed (issue 14, finding 11): the entry count,
 * entries that overlap (David Fifield's "better zip bomb" reuses one compressed kernel for every
 * entry), the bytes inflated per entry and in all, the inflation ratio, and the time spent. Entries
 * are inflated as a stream in 64 KiB pieces on zlib's thread pool, so memory stays at one piece
 * whatever an entry claims, and Ctrl-C is still heard while a bomb is being refused. Nothing here
 * opens an archive stored inside the archive.
 */
import fs from 'node:fs/promises';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import zlib from 'node:zlib';
import {formatBytes} from './local-file.js';

export type ZipEntry = {name: string; method: number; compressedSize: number; size: number; crc: number; localOffset: number; nameBytes: number};

/** The archive is damaged or not a zip. */
export class ZipError extends Error {}

/** The archive went over a cap: hostile (a zip bomb) or far beyond anything it claims to be. */
export class ZipLimitError extends ZipError {}

export type ZipLimits = {
	/** Entries in the directory. */
	entries: number;
	/** Bytes of the central directory itself (it is read into memory). */
	directoryBytes: number;
	/** Bytes inflated by every read of this archive together. */
	totalBytes: number;
	/** Output bytes per compressed byte of one entry, checked once the entry passes `ratioFromBytes`. */
	ratio: number;
	ratioFromBytes: number;
	/** Wall-clock time for opening the archive and every read, in ms. */
	timeMs: number;
};

/**
 * Generous for a zip that is read only in part; callers that know their format (vpk.ts) set caps
 * from what real files of it hold.
 */
export const defaultZipLimits: ZipLimits = {
	entries: 20_000,
	directoryBytes: 16 * 1024 * 1024,
	totalBytes: 128 * 1024 * 1024,
	ratio: 100,
	ratioFromBytes: 1024 * 1024,
	timeMs: 20_000,
};

const endSignature = 0x06_05_4b_50;
const centralSignature = 0x02_01_4b_50;
const localSignature = 0x04_03_4b_50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const maxTail = 22 + 0xff_ff;
/** Read and inflate in pieces of this size: the memory an entry costs, whatever its size. */
const pieceBytes = 64 * 1024;

export type ZipReader = {
	entries: ZipEntry[];
	/** Streams an entry's content to `onPiece`, at most `limit` bytes; resolves to its length. */
	stream(entry: ZipEntry, limit: number, onPiece: (piece: Buffer) => void): Promise<number>;
	/** An entry's content in memory, at most `limit` bytes. */
	read(entry: ZipEntry, limit: number): Promise<Buffer>;
	close(): Promise<void>;
};

export const openZip = async (file: string, limits: ZipLimits = defaultZipLimits): Promise<ZipReader> => {
	const deadline = Date.now() + limits.timeMs;
	const checkTime = () => {
		if (Date.now() > deadline) throw new ZipLimitError(`reading it took longer than ${limits.timeMs / 1000} s`);
	};

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
		if (directoryOffset + directorySize > size) throw new ZipError('its directory is damaged');
		if (count > limits.entries) throw new ZipLimitError(`it holds ${count.toLocaleString('en-US')} entries, more than the ${limits.entries.toLocaleString('en-US')} allowed`);
		if (directorySize > limits.directoryBytes) throw new ZipLimitError(`its directory is ${formatBytes(directorySize)}, more than the ${formatBytes(limits.directoryBytes)} allowed`);
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
				nameBytes: nameLength,
			});
			offset += 46 + nameLength + extraLength + commentLength;
		}

		refuseOverlaps(entries, directoryOffset);
		checkTime();

		let inflated = 0;
		const stream = async (entry: ZipEntry, limit: number, onPiece: (piece: Buffer) => void): Promise<number> => {
			checkTime();
			// The directory's sizes are checked before any work; the output is checked again as it
			// comes, since a bomb's directory lies.
			if (entry.size > limit) throw new ZipLimitError(`${entry.name} is larger than ${formatBytes(limit)}`);
			if (inflated + entry.size > limits.totalBytes) throw new ZipLimitError(`it inflates to more than ${formatBytes(limits.totalBytes)} in the files packport reads`);
			// Deflate grows incompressible data only by a few bytes per block.
			if (entry.compressedSize > limit + Math.ceil(limit / 1024) + 1024) throw new ZipLimitError(`${entry.name} is larger than ${formatBytes(limit)}`);
			const header = Buffer.alloc(30);
			await handle.read(header, 0, 30, entry.localOffset);
			if (header.readUInt32LE(0) !== localSignature) throw new ZipError(`${entry.name} is damaged`);
			const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
			if (start + entry.compressedSize > size) throw new ZipError(`${entry.name} is cut short`);
			if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`${entry.name} uses compression method ${entry.method}`);

			// A small entry (most of a package) is one read and one bounded inflate: a stream per
			// entry made a package of 10,000 small files take seconds. Both sides stay within one piece.
			if (entry.compressedSize <= pieceBytes && entry.size <= pieceBytes) {
				const data = Buffer.alloc(entry.compressedSize);
				const {bytesRead} = await handle.read(data, 0, data.length, start);
				if (bytesRead < data.length) throw new ZipError(`${entry.name} is cut short`);
				let content: Buffer;
				try {
					content = entry.method === 0 ? data : zlib.inflateRawSync(data, {maxOutputLength: entry.size + 1});
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipLimitError(`${entry.name} inflates to more than the ${formatBytes(entry.size)} its directory declares`);
					throw new ZipError(`${entry.name} does not decompress: it is damaged`);
				}

				if (content.length > entry.size) throw new ZipLimitError(`${entry.name} inflates to more than the ${formatBytes(entry.size)} its directory declares`);
				if (content.length !== entry.size) throw new ZipError(`${entry.name} is damaged: it holds ${content.length} bytes, its directory says ${entry.size}`);
				inflated += content.length;
				onPiece(content);
				return content.length;
			}

			let fed = 0;
			const compressed = async function * () {
				for (let position = start, left = entry.compressedSize; left > 0;) {
					checkTime();
					const piece = Buffer.allocUnsafe(Math.min(left, pieceBytes));
					// eslint-disable-next-line no-await-in-loop -- one piece at a time is the point
					const {bytesRead} = await handle.read(piece, 0, piece.length, position);
					if (bytesRead === 0) throw new ZipError(`${entry.name} is cut short`);
					position += bytesRead;
					left -= bytesRead;
					fed += bytesRead;
					yield piece.subarray(0, bytesRead);
				}
			};

			let length = 0;
			const overCap = (piece: Buffer): ZipLimitError | undefined => {
				length += piece.length;
				inflated += piece.length;
				if (length > entry.size) return new ZipLimitError(`${entry.name} inflates to more than the ${formatBytes(entry.size)} its directory declares`);
				if (length > limit) return new ZipLimitError(`${entry.name} is larger than ${formatBytes(limit)}`);
				if (inflated > limits.totalBytes) return new ZipLimitError(`it inflates to more than ${formatBytes(limits.totalBytes)} in the files packport reads`);
				// `fed` runs a piece or so ahead of what zlib consumed, so the ratio is never overstated.
				if (length > limits.ratioFromBytes && length > limits.ratio * fed) return new ZipLimitError(`${entry.name} inflates to more than ${limits.ratio} times its compressed size`);
				if (Date.now() > deadline) return new ZipLimitError(`reading it took longer than ${limits.timeMs / 1000} s`);
				return undefined;
			};

			// A pipeline reports a stop from its last stage as an AbortError; the reason is kept here.
			let stopped: ZipError | undefined;
			const take = (piece: Buffer) => {
				stopped = overCap(piece);
				if (stopped) throw stopped;
				onPiece(piece);
			};

			try {
				if (entry.method === 0) {
					for await (const piece of compressed()) take(piece);
				} else {
					await pipeline(Readable.from(compressed(), {objectMode: false, highWaterMark: pieceBytes}), zlib.createInflateRaw({chunkSize: pieceBytes}), async (source: AsyncIterable<Buffer>) => {
						for await (const piece of source) take(piece);
					});
				}
			} catch (error) {
				if (stopped) throw stopped;
				if (error instanceof ZipError) throw error;
				throw new ZipError(`${entry.name} does not decompress: it is damaged`);
			}

			if (length !== entry.size) throw new ZipError(`${entry.name} is damaged: it holds ${length} bytes, its directory says ${entry.size}`);
			return length;
		};

		return {
			entries,
			stream,
			async read(entry, limit) {
				const pieces: Buffer[] = [];
				await stream(entry, limit, piece => pieces.push(piece));
				return Buffer.concat(pieces);
			},
			close: async () => handle.close(),
		};
	} catch (error) {
		await handle.close();
		throw error;
	}
};

/**
 * Every entry's local header and data must sit apart, before the directory. Real archives never
 * share bytes between entries; overlapping ones are how a few KB inflate to terabytes. The end of
 * an entry is taken as its header, name and data (an extra field only moves the data later), so a
 * well-formed archive is never refused.
 */
const refuseOverlaps = (entries: ZipEntry[], directoryOffset: number) => {
	const spans = entries.map(entry => ({start: entry.localOffset, end: entry.localOffset + 30 + entry.nameBytes + entry.compressedSize})).sort((a, b) => a.start - b.start);
	for (const [index, span] of spans.entries()) {
		const next = spans[index + 1]?.start ?? directoryOffset;
		if (span.end > next) throw new ZipLimitError('its entries overlap one another, the mark of a zip bomb');
	}
};
