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

/**
 * A local (30-byte) or central (46-byte) header of a stored entry. The central one has "version
 * made by" before the fields the two share, so those sit 2 bytes later, and it ends with the
 * offset of the local header.
 */
const header = (kind: 'local' | 'central', entry: Entry) => {
	const central = kind === 'central';
	const shift = central ? 2 : 0;
	const fields = Buffer.alloc(central ? 46 : 30);
	fields.writeUInt32LE(central ? 0x02_01_4b_50 : 0x04_03_4b_50, 0);
	if (central) fields.writeUInt16LE(20, 4);
	fields.writeUInt16LE(20, 4 + shift);
	fields.writeUInt32LE(entry.crc >>> 0, 14 + shift);
	fields.writeUInt32LE(entry.size, 18 + shift);
	fields.writeUInt32LE(entry.size, 22 + shift);
	fields.writeUInt16LE(entry.name.length, 26 + shift);
	if (central) fields.writeUInt32LE(entry.offset, 42);
	return Buffer.concat([fields, entry.name]);
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
			await write(header('local', entry));
			await write(data);
		}

		// One pass over the big entry: write the data, then the CRC into the header already written.
		const filler: Entry = {name: Buffer.from(fillerName), crc: 0, size: fillerBytes, offset};
		written.push(filler);
		await write(header('local', filler));
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
		for (const entry of written) await write(header('central', entry));
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
