/**
 * A large but valid .vpk for the benchmark: the entries of fixtures/vault/small.vpk, stored, plus
 * one stored data file of the size asked for (zeros), written as a stream with a bounded buffer.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {unzipSync} from 'fflate';

type Entry = {name: string; crc: number; size: number; offset: number};

const localHeader = (name: Buffer, crc: number, size: number) => {
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04_03_4b_50, 0);
	header.writeUInt16LE(20, 4);
	header.writeUInt32LE(crc >>> 0, 14);
	header.writeUInt32LE(size, 18);
	header.writeUInt32LE(size, 22);
	header.writeUInt16LE(name.length, 26);
	return Buffer.concat([header, name]);
};

const centralHeader = (entry: Entry) => {
	const name = Buffer.from(entry.name);
	const header = Buffer.alloc(46);
	header.writeUInt32LE(0x02_01_4b_50, 0);
	header.writeUInt16LE(20, 4);
	header.writeUInt16LE(20, 6);
	header.writeUInt32LE(entry.crc >>> 0, 16);
	header.writeUInt32LE(entry.size, 20);
	header.writeUInt32LE(entry.size, 24);
	header.writeUInt16LE(name.length, 28);
	header.writeUInt32LE(entry.offset, 42);
	return Buffer.concat([header, name]);
};

export const writeBigVpk = (installDir: string, file: string, bytes: number): void => {
	const files = unzipSync(fs.readFileSync(path.join(installDir, 'fixtures/vault/small.vpk')));
	const out = fs.openSync(file, 'w');
	const entries: Entry[] = [];
	let offset = 0;
	const write = (buffer: Uint8Array) => {
		fs.writeSync(out, buffer);
		offset += buffer.length;
	};

	for (const [name, data] of Object.entries(files)) {
		const crc = zlib.crc32(data);
		entries.push({name, crc, size: data.length, offset});
		write(localHeader(Buffer.from(name), crc, data.length));
		write(data);
	}

	const chunk = Buffer.alloc(8 * 1024 * 1024);
	let crc = 0;
	for (let left = bytes; left > 0; left -= chunk.length) crc = zlib.crc32(chunk.subarray(0, Math.min(chunk.length, left)), crc);
	const name = 'components/00030/bulk_data.csv';
	entries.push({name, crc, size: bytes, offset});
	write(localHeader(Buffer.from(name), crc, bytes));
	for (let left = bytes; left > 0; left -= chunk.length) write(chunk.subarray(0, Math.min(chunk.length, left)));
	const directoryStart = offset;
	for (const entry of entries) write(centralHeader(entry));
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06_05_4b_50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(offset - directoryStart, 12);
	end.writeUInt32LE(directoryStart, 16);
	write(end);
	fs.closeSync(out);
};
