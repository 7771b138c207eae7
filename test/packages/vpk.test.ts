/** Local .vpk inspection: what a good package shows, and every broken one refused with a reason. */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {PackportError} from '../../source/errors.js';
import {inspectVpk, parseManifest} from '../../source/packages/vpk.js';
import {makeTempDir} from '../helpers/cli.js';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/vault', name);

describe('inspectVpk on good packages', () => {
	it('reads the manifest and the steps with their component types', async () => {
		const result = await inspectVpk(fixture('multi-step.vpk'));
		expect(result.manifest).toEqual({
			name: 'PKG-0004',
			sourceVault: '57750',
			author: 'release.engineer@example.com',
			packageType: 'migration__v',
			summary: 'Auto Claims Linking Config',
			description: 'Auto Claims Linking Config (sample generated for packport)',
			javaSdkDeploymentOption: 'none',
		});
		expect(result.steps.map(step => [step.step, step.components.map(component => `${component.type}.${component.name}`)])).toEqual([
			['00010', ['Object.claim__c']],
			['00020', ['Doctype.claims_document__c']],
			['00030', ['Picklist.claim_status__c']],
			['00040', ['Objectworkflow.claim_review__c']],
			['00050', ['Pagelayout.claim_detail_page__c']],
			['00060', []],
		]);
		expect(result.steps.at(-1)?.dataFiles).toEqual(['product__v.csv']);
		expect(result.checksumProblems).toEqual([]);
		expect(result.hasJavaSdk).toBe(false);
	});

	it('reads the blocking dependencies each component declares', async () => {
		const result = await inspectVpk(fixture('blocked.vpk'));
		expect(result.steps[1]?.components[0]?.dependencies).toEqual([{inPackage: false, blocking: true, name: 'air_bulk_03__c', type: 'Renditiontype'}]);
		expect(result.steps[0]?.components[0]?.dependencies).toEqual([]);
	});

	it('notices Java SDK code and its deployment option', async () => {
		const result = await inspectVpk(fixture('java-sdk.vpk'));
		expect(result.hasJavaSdk).toBe(true);
		expect(result.manifest.javaSdkDeploymentOption).toBe('replace_all');
	});

	it('reports a component that does not match its .md5, without refusing the package', async () => {
		const result = await inspectVpk(fixture('checksum-mismatch.vpk'));
		expect(result.checksumProblems).toHaveLength(1);
		expect(result.checksumProblems[0]).toMatch(/^components\/00010\/Object\.claim__c\.mdl does not match its checksum/);
	});
});

describe('inspectVpk refuses, with one line and exit 2', () => {
	it.each([
		['a missing path', 'nope.vpk', 'No such file'],
		['an empty file', 'empty.vpk', 'is empty'],
		['a file that is not a zip', 'not-a-zip.vpk', 'it is not a zip archive'],
		['a zip without vaultpackage.xml', 'no-manifest.vpk', 'no vaultpackage.xml at its root'],
		['a manifest without the Vault namespace', 'no-namespace.vpk', 'lacks the https://veevavault.com/ namespace'],
		['a manifest that does not parse', 'unparsable-manifest.vpk', 'does not parse'],
		['an entry that climbs out of the folder', 'path-traversal.vpk', 'unsafe path'],
		['a manifest of hundreds of megabytes', 'huge-manifest.vpk', 'vaultpackage.xml is larger than'],
	])('%s', async (_name, file, message) => {
		const error = await inspectVpk(fixture(file)).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(PackportError);
		expect((error as PackportError).exitCode).toBe(2);
		expect((error as PackportError).message).toContain(message);
		expect((error as PackportError).message).not.toContain('\n');
	});

	it('a folder, and a file over the size limit', async () => {
		const dir = makeTempDir();
		const folder = path.join(dir, 'pkg.vpk');
		fs.mkdirSync(folder);
		await expect(inspectVpk(folder)).rejects.toThrow('is a folder');
		await expect(inspectVpk(fixture('small.vpk'), {maxBytes: 100})).rejects.toThrow(/over the 100 B the server accepts/);
	});

	it('a zip whose directory lies about its offsets', async () => {
		const bytes = fs.readFileSync(fixture('small.vpk'));
		const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
		bytes.writeUInt32LE(0x7f_ff_ff_ff, end + 16);
		const file = path.join(makeTempDir(), 'liar.vpk');
		fs.writeFileSync(file, bytes);
		await expect(inspectVpk(file)).rejects.toThrow('its directory is damaged');
	});
});

describe('parseManifest', () => {
	it('decodes entities and tolerates comments and empty optional elements', () => {
		const manifest = parseManifest('<!-- x --><vaultpackage xmlns="https://veevavault.com/"><name>A &amp; B</name><source><vault></vault><author/></source></vaultpackage>');
		expect(manifest).toMatchObject({name: 'A & B', sourceVault: '', author: '', javaSdkDeploymentOption: null});
	});

	it('wants a name', () => {
		expect(parseManifest('<vaultpackage xmlns="https://veevavault.com/"><summary>x</summary></vaultpackage>')).toBe('vaultpackage.xml has no <name>');
	});
});
