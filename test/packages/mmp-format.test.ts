import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {encodeMmp, readMmpDefinition, readMmpDefinitionFromFile, type MmpDefinition} from '../../source/packages/mmp-format.js';
import {makeTempDir} from '../helpers/cli.js';

const definition: MmpDefinition = {
	type: 'project',
	projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F',
	settings: {defaultAction: 'replace'},
	content: [{id: '8D679D5111D3E4981000E787EC6DE8A4', name: 'Year', type: 12, action: 'replace'}],
};

describe('the emulator .mmp format', () => {
	it('round-trips the definition from the head of the file only', async () => {
		const bytes = encodeMmp(definition, {fillerBytes: 1024 * 1024});
		expect(readMmpDefinition(bytes)).toEqual(definition);
		const file = path.join(makeTempDir(), 'p.mmp');
		fs.writeFileSync(file, bytes);
		expect(await readMmpDefinitionFromFile(file)).toEqual(definition);
	});

	it.each([
		['an empty buffer', new Uint8Array()],
		['text', new TextEncoder().encode('This is not a package at all, just words.')],
		['a truncated header', encodeMmp(definition).subarray(0, 40)],
		['a zip whose first entry is something else', (() => {
			const bytes = Buffer.from(encodeMmp(definition));
			bytes.write('X', 30);
			return bytes;
		})()],
		['a header that declares 3 GiB of definition', (() => {
			const bytes = Buffer.from(encodeMmp(definition));
			bytes.writeUInt32LE(3 * 1024 ** 3, 18);
			return bytes;
		})()],
		['broken JSON', (() => {
			const bytes = Buffer.from(encodeMmp(definition));
			bytes.write('}', 30 + 'definition.json'.length);
			return bytes;
		})()],
	])('refuses %s without throwing', (_name, bytes) => {
		expect(readMmpDefinition(bytes)).toBeUndefined();
	});

	it('the committed fixtures are readable and match what the docs describe', async () => {
		const year = await readMmpDefinitionFromFile(path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp'));
		expect(year?.content.find(object => object.name === 'Year')).toMatchObject({id: '8D679D5111D3E4981000E787EC6DE8A4', type: 12});
		const big = await readMmpDefinitionFromFile(path.resolve(import.meta.dirname, '../../fixtures/mstr/tutorial-reports.mmp'));
		expect(big?.content).toHaveLength(300);
		expect(new Set(big?.content.map(object => object.type)).size).toBeGreaterThan(10);
	});
});
