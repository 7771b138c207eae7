/**
 * Large but valid packages for the benchmark, written as a stream with an 8 MiB buffer: the
 * entries of a sample package (fixtures/), all stored, then one stored entry of zeros of the size
 * asked for. A Vault .vpk keeps vaultpackage.xml and the steps of fixtures/vault/small.vpk; a
 * MicroStrategy .mmp keeps definition.json first, as the emulator's format requires.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {unzipSync} from 'fflate';

/** zlib.crc32 arrived in Node 20.15; the table version keeps older Node 20 working. */
const crcTable = Array.from({length: 256}, (_, byte) => {
	let value = byte;
	for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xed_b8_83_20 ^ (value >>> 1) : value >>> 1;
	return value >>> 0;
});
const crc32 = (data: Uint8Array, previous = 0): number => {
	if (typeof zlib.crc32 === 'function') return zlib.crc32(data, previous);
	let crc = ~previous >>> 0;
	for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
	return ~crc >>> 0;
};

type Entry = {name: Buffer; crc: number; size: number; offset: number};

const localHeader = (entry: Entry) => {
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04_03_4b_50, 0);
	header.writeUInt16LE(20, 4);
	header.writeUInt32LE(entry.crc >>> 0, 14);
	header.writeUInt32LE(entry.size, 18);
	header.writeUInt32LE(entry.size, 22);
	header.writeUInt16LE(entry.name.length, 26);
	return Buffer.concat([header, entry.name]);
};

const centralHeader = (entry: Entry) => {
	const header = Buffer.alloc(46);
	header.writeUInt32LE(0x02_01_4b_50, 0);
	header.writeUInt16LE(20, 4);
	header.writeUInt16LE(20, 6);
	header.writeUInt32LE(entry.crc >>> 0, 16);
	header.writeUInt32LE(entry.size, 20);
	header.writeUInt32LE(entry.size, 24);
	header.writeUInt16LE(entry.name.length, 28);
	header.writeUInt32LE(entry.offset, 42);
	return Buffer.concat([header, entry.name]);
};

/**
 * A stored zip: `entries` in order, then `fillerName` holding `fillerBytes` zeros. Sizes < 4 GiB.
 * Asynchronous writes, so Ctrl-C (which removes the folder) is handled while it writes.
 */
const writeStoredZip = async (file: string, entries: Array<[string, Uint8Array]>, fillerName: string, fillerBytes: number): Promise<void> => {
	const out = await fs.promises.open(file, 'w');
	try {
		const written: Entry[] = [];
		let offset = 0;
		const write = async (buffer: Uint8Array) => {
			await out.write(buffer);
			offset += buffer.length;
		};

		for (const [name, data] of entries) {
			const entry = {name: Buffer.from(name), crc: crc32(data), size: data.length, offset};
			written.push(entry);
			await write(localHeader(entry));
			await write(data);
		}

		// One pass over the big entry: write the data, then the CRC into the header already written.
		const filler: Entry = {name: Buffer.from(fillerName), crc: 0, size: fillerBytes, offset};
		written.push(filler);
		await write(localHeader(filler));
		const chunk = Buffer.alloc(8 * 1024 * 1024);
		for (let left = fillerBytes; left > 0; left -= chunk.length) {
			const part = chunk.subarray(0, Math.min(chunk.length, left));
			filler.crc = crc32(part, filler.crc);
			await write(part);
		}

		const crc = Buffer.alloc(4);
		crc.writeUInt32LE(filler.crc >>> 0);
		await out.write(crc, 0, 4, filler.offset + 14);
		const directoryStart = offset;
		for (const entry of written) await write(centralHeader(entry));
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06_05_4b_50, 0);
		end.writeUInt16LE(written.length, 8);
		end.writeUInt16LE(written.length, 10);
		end.writeUInt32LE(offset - directoryStart, 12);
		end.writeUInt32LE(directoryStart, 16);
		await write(end);
	} finally {
		await out.close();
	}
};

const sampleEntries = (installDir: string, sample: string) => Object.entries(unzipSync(fs.readFileSync(path.join(installDir, 'fixtures', sample))));

export const writeBigVpk = async (installDir: string, file: string, bytes: number): Promise<void> =>
	writeStoredZip(file, sampleEntries(installDir, 'vault/small.vpk'), 'components/00030/bulk_data.csv', bytes);

export const writeBigMmp = async (installDir: string, file: string, bytes: number): Promise<void> => {
	const entries = sampleEntries(installDir, 'mstr/year.mmp');
	// The emulator reads the definition from the head of the upload: it must be the first entry.
	entries.sort(([a], [b]) => Number(b === 'definition.json') - Number(a === 'definition.json'));
	await writeStoredZip(file, entries, 'objects/filler.bin', bytes);
};
