/** Local .vpk inspection: what a good package shows, and every broken one refused with a reason. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {zipSync} from 'fflate';
import {describe, expect, it} from 'vitest';
import {PackportError} from '../../source/errors.js';
import {findPackages} from '../../source/commands/find-packages.js';
import {checkValidatePackageSize, inspectVaultPackage} from '../../source/packages/vault-package.js';
import {inspectVpk, parseManifest, parseStepHeader, vpkValidateMaxBytes, type VpkStep} from '../../source/packages/vpk.js';
import {makeTempDir} from '../helpers/cli.js';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/vault', name);
const listed = (steps: VpkStep[]) => steps.map(step => [step.step, step.kind, step.components.map(component => `${component.type}.${component.name}`)]);
/** The temp folders packport zips package folders into. */
const zipFolders = () => new Set(fs.readdirSync(os.tmpdir()).filter(name => name.startsWith('packport-vpk-')));
const refusal = async (promise: Promise<unknown>): Promise<PackportError> => {
	const error = await promise.then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(PackportError);
	return error as PackportError;
};

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
		expect(result.steps.at(-1)?.kind).toBe('data');
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

/** Issue 13: what real packages do, each reproduced by a fixture scripts/make-vpk-fixtures.mjs writes. */
describe('inspectVpk on real-world packages', () => {
	it('a Custom Pages package: root <VaultPackage>, a websdk/ folder, Java SDK code; .DS_Store and __MACOSX/ ignored', async () => {
		const result = await inspectVpk(fixture('custom-pages.vpk'));
		expect(result.manifest).toMatchObject({name: 'claims-dashboard', sourceVault: '57750', packageType: 'migration__v', summary: 'Claims dashboard custom page', javaSdkDeploymentOption: 'incremental'});
		expect(listed(result.steps)).toEqual([
			['00010', 'components', ['Page.claims_dashboard__c']],
			['00020', 'components', ['Tab.claims_dashboard__c']],
		]);
		expect(result.steps[1]?.components[0]?.dependencies).toEqual([{inPackage: true, blocking: true, name: 'claims_dashboard__c', type: 'Page'}]);
		expect(result.hasJavaSdk).toBe(true);
		expect(result.webSdk).toEqual(['claims_dashboard__c']);
		expect(result.checksumProblems).toEqual([]);
		// 17 AppleDouble entries under __MACOSX/ and two .DS_Store files.
		expect(result.ignoredEntries).toBe(19);
	});

	it('data steps: upper-case .CSV files with their step headers, in a zip of data descriptors', async () => {
		const result = await inspectVpk(fixture('data-steps.vpk'));
		expect(listed(result.steps)).toEqual([
			['00010', 'components', ['Object.bicycle_store__c']],
			['00020', 'data', []],
			['00030', 'data', []],
		]);
		expect(result.steps[1]?.dataFiles).toEqual(['DSET-00002-Bicycle Store.CSV']);
		expect(result.steps[1]?.data).toEqual([{file: 'DSET-00002-Bicycle Store.CSV', bytes: 148, label: 'DSET-00002-Bicycle Store', object: 'bicycle_store__c', action: 'Upsert', records: 3}]);
		// No count in this header: counted from the CSV, whose quoted line break stays in its row.
		expect(result.steps[2]?.data).toEqual([{file: 'DSET-00002-Bicycle Accessory.CSV', bytes: 151, label: 'DSET-00002-Bicycle Accessory', object: 'bicycle_accessory__c', action: 'Create', records: 2}]);
		expect(result.checksumProblems).toEqual([]);
	});

	it('a data file that does not match its step header is a warning', async () => {
		const csv = '"name__v"\n"A"\n';
		const file = path.join(makeTempDir(), 'bad-data.vpk');
		fs.writeFileSync(file, zipSync({
			'vaultpackage.xml': fs.readFileSync(fixture('folder-package/vaultpackage.xml')),
			'components/00010/DSET-1.CSV': Buffer.from(csv),
			'components/00010/DSET-1.xml': Buffer.from('<stepheader><label>DSET-1</label><checksum>00000000000000000000000000000000</checksum><datastepheader><object>a__c</object><recordcount>1</recordcount></datastepheader></stepheader>'),
		}));
		const result = await inspectVpk(file);
		expect(result.steps[0]?.data[0]).toMatchObject({records: 1, object: 'a__c'});
		expect(result.checksumProblems).toEqual([expect.stringMatching(/^components\/00010\/DSET-1\.CSV does not match the checksum in its \.xml step header \(00000000… expected/)]);
	});

	it('a Workflow stored as .json is listed; multi-command MDL is checked against its .xml step header, not an .md5', async () => {
		const result = await inspectVpk(fixture('workflow-json.vpk'));
		expect(listed(result.steps)).toEqual([
			['00010', 'components', ['Doclifecycle.claim_lifecycle__c']],
			['00020', 'components', ['Workflow.claim_lifecycle__c.claim_review__c']],
			['00030', 'components', ['Object.claim__c']],
			['00040', 'components', ['Objectvalidation.claim__c.amount_positive__c']],
		]);
		expect(result.steps[1]?.components[0]).toMatchObject({format: 'json', file: 'components/00020/Workflow.claim_lifecycle__c.claim_review__c.json', dependencies: [{inPackage: true, blocking: true, name: 'claim_lifecycle__c', type: 'Doclifecycle'}]});
		// No "has no .md5" for the step headers; the JSON's .md5 (not its bytes' md5, as in Veeva's samples) is not held against it.
		expect(result.checksumProblems).toEqual([expect.stringMatching(/^components\/00040\/Objectvalidation\.claim__c\.amount_positive__c\.mdl does not match the checksum in its \.xml step header/)]);
	});

	it('a manifest without <packagetype> and with an empty <vault>, for Java SDK code only', async () => {
		const result = await inspectVpk(fixture('minimal-manifest.vpk'));
		expect(result.manifest).toEqual({
			name: 'PKG-claims-sdk-code',
			sourceVault: '',
			author: 'Vault Developer',
			packageType: '',
			summary: 'Claim trigger code',
			description: 'Java SDK code for the claim triggers (sample generated for packport)',
			javaSdkDeploymentOption: 'incremental',
		});
		expect(result.steps).toEqual([]);
		expect(result.hasJavaSdk).toBe(true);
	});

	it('a zip of the package folder itself says where its manifest is', async () => {
		const file = path.join(makeTempDir(), 'zipped-folder.vpk');
		fs.writeFileSync(file, zipSync({'claims/vaultpackage.xml': fs.readFileSync(fixture('folder-package/vaultpackage.xml')), '__MACOSX/claims/._vaultpackage.xml': new Uint8Array(8)}));
		const error = await refusal(inspectVpk(file));
		expect(error.exitCode).toBe(2);
		expect(error.message).toContain('its vaultpackage.xml is inside "claims/", not at the root of the zip');
		expect(error.hint).toContain('pass that folder as --package');
	});
});

describe('a package folder as --package', () => {
	it('is zipped to a temp .vpk with the same preview as a .vpk, and the temp file goes with dispose()', async () => {
		const before = zipFolders();
		const info = await inspectVaultPackage(fixture('folder-package'));
		try {
			expect(info.path).toMatch(/packport-vpk-[^/]+\/folder-package\.vpk$/);
			expect(fs.existsSync(info.path!)).toBe(true);
			expect(info.bytes).toBe(fs.statSync(info.path!).size);
			expect(info.sha256).toMatch(/^[\da-f]{64}$/);
			const summary = info.summary as {manifest: {name: string}; steps: VpkStep[]; hasJavaSdk: boolean; folder: {path: string; files: number; leftOut: string[]}};
			expect(summary.manifest.name).toBe('PKG-0011');
			expect(listed(summary.steps)).toEqual([
				['00010', 'components', ['Object.claim_intake__c']],
				['00020', 'components', ['Picklist.intake_channel__c']],
				['00030', 'data', []],
			]);
			expect(summary.steps[2]?.data[0]).toMatchObject({file: 'DSET-00001-Intake Channel.CSV', object: 'intake_channel__c', records: 2});
			expect(summary.hasJavaSdk).toBe(true);
			expect(summary.folder).toMatchObject({path: fixture('folder-package'), files: 10, leftOut: ['README.md']});
			expect(info.warnings).toEqual(['Not part of a Vault package, left out of the zip: README.md.']);
			// The zip as Vault's tools make it: the manifest at the root, the rest by relative path.
			const zipped = await inspectVpk(info.path!);
			expect(zipped.entries).toBe(10);
			expect(zipped.checksumProblems).toEqual([]);
		} finally {
			info.dispose?.();
		}

		expect(fs.existsSync(info.path!)).toBe(false);
		expect(fs.existsSync(path.dirname(info.path!))).toBe(false);
		info.dispose?.();
		expect(zipFolders()).toEqual(before);
	});

	it('leaves out .DS_Store, __MACOSX/, hidden files and symbolic links, and names what it left out', async () => {
		const folder = path.join(makeTempDir(), 'claims');
		fs.cpSync(fixture('folder-package'), folder, {recursive: true});
		fs.writeFileSync(path.join(folder, '.DS_Store'), 'x');
		fs.writeFileSync(path.join(folder, 'components', '.DS_Store'), 'x');
		fs.mkdirSync(path.join(folder, '__MACOSX', 'components'), {recursive: true});
		fs.writeFileSync(path.join(folder, '__MACOSX', 'components', '._00010'), 'x');
		fs.mkdirSync(path.join(folder, '.git'));
		fs.writeFileSync(path.join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
		fs.symlinkSync('/etc/hostname', path.join(folder, 'components', '00010', 'Object.extra__c.mdl'));
		const info = await inspectVaultPackage(folder);
		try {
			const zipped = await inspectVpk(info.path!);
			expect(zipped.entries).toBe(10);
			expect(zipped.ignoredEntries).toBe(0);
			expect(info.warnings).toEqual([
				'Not part of a Vault package, left out of the zip: README.md.',
				'Not regular files, left out of the zip: components/00010/Object.extra__c.mdl (symbolic link).',
			]);
		} finally {
			info.dispose?.();
		}
	});

	it('a Maven project (vaultpackage.xml beside pom.xml) gets its src/main/java as javasdk/, as Veeva\'s Maven plugin packs it', async () => {
		const folder = path.join(makeTempDir(), 'sdk-sample');
		fs.mkdirSync(path.join(folder, 'src', 'main', 'java', 'com', 'veeva'), {recursive: true});
		fs.mkdirSync(path.join(folder, 'src', 'test', 'java'), {recursive: true});
		fs.writeFileSync(path.join(folder, 'vaultpackage.xml'), fs.readFileSync(fixture('folder-package/vaultpackage.xml'), 'utf8').replace('incremental', 'replace_all'));
		fs.writeFileSync(path.join(folder, 'pom.xml'), '<project/>');
		fs.writeFileSync(path.join(folder, 'src', 'main', 'java', 'com', 'veeva', 'Trigger.java'), 'class Trigger {}');
		fs.writeFileSync(path.join(folder, 'src', 'main', 'java', 'com', 'veeva', 'notes.txt'), 'not code');
		fs.writeFileSync(path.join(folder, 'src', 'test', 'java', 'TriggerTest.java'), 'class TriggerTest {}');
		const info = await inspectVaultPackage(folder);
		try {
			expect(info.summary).toMatchObject({hasJavaSdk: true, folder: {files: 2, leftOut: ['pom.xml'], javaFromMaven: true}});
			expect(info.warnings[0]).toMatch(/^Java SDK code taken from src\/main\/java/);
		} finally {
			info.dispose?.();
		}

		// Without the code, replace_all would remove every custom class in the target: said before anything is sent.
		fs.rmSync(path.join(folder, 'src'), {recursive: true});
		const empty = await inspectVaultPackage(folder);
		empty.dispose?.();
		expect(empty.warnings).toContain('The Java SDK deployment option is replace_all and the package holds no Java SDK code: deploying it removes all custom Java SDK code from the target Vault.');
	});

	it('a folder whose package does not read is refused, and its temp zip removed', async () => {
		const folder = path.join(makeTempDir(), 'broken');
		fs.mkdirSync(path.join(folder, 'components', '00010'), {recursive: true});
		fs.writeFileSync(path.join(folder, 'vaultpackage.xml'), '<vaultpackage xmlns="https://veevavault.com/"><name>PKG');
		const before = zipFolders();
		const error = await refusal(inspectVaultPackage(folder));
		expect(error.exitCode).toBe(2);
		expect(error.message).toBe(`${folder} is not a usable Vault package: vaultpackage.xml does not parse: it has no <vaultpackage> root element.`);
		expect(error.hint).toContain('Fix the package folder');
		expect(zipFolders()).toEqual(before);
	});

	it('a folder without vaultpackage.xml is refused with one line and a hint, before anything is zipped', async () => {
		const folder = makeTempDir();
		fs.mkdirSync(path.join(folder, 'components', '00010'), {recursive: true});
		const before = zipFolders();
		const error = await refusal(inspectVaultPackage(folder));
		expect(error.exitCode).toBe(2);
		expect(error.message).toBe(`${folder} is a folder without vaultpackage.xml, so it is not a Vault package.`);
		expect(error.hint).toMatch(/^A package folder holds vaultpackage\.xml at its top/);
		expect(`${error.message}${error.hint}`).not.toContain('\n');
		expect(zipFolders()).toEqual(before);
	});

	it('is offered by the wizard\'s picker beside .vpk files', async () => {
		const cwd = path.resolve(import.meta.dirname, '../..');
		const found = await findPackages('vault', [path.join(cwd, 'fixtures', 'vault')], cwd);
		const folder = found.find(candidate => candidate.path === path.join('fixtures', 'vault', 'folder-package'));
		expect(folder).toMatchObject({folder: true});
		expect(folder!.bytes).toBeGreaterThan(0);
		expect(found.some(candidate => candidate.path === path.join('fixtures', 'vault', 'custom-pages.vpk'))).toBe(true);
		// A folder without a manifest is not offered; neither is anything for MicroStrategy.
		expect(found.filter(candidate => candidate.folder)).toHaveLength(1);
		expect((await findPackages('mstr', [path.join(cwd, 'fixtures', 'vault')], cwd)).length).toBe(0);
	});
});

describe('Validate Package size', () => {
	it('refuses over 2 GB before anything is sent, naming the folder a package was zipped from', () => {
		expect(() => checkValidatePackageSize({path: 'a.vpk', bytes: vpkValidateMaxBytes})).not.toThrow();
		const error = (() => {
			try {
				checkValidatePackageSize({path: 'big.vpk', bytes: vpkValidateMaxBytes + 1});
			} catch (error_) {
				return error_ as PackportError;
			}
		})();
		expect(error?.exitCode).toBe(2);
		expect(error?.message).toBe('big.vpk is 2.0 GB, over the 2.0 GB Vault\'s Validate Package accepts; nothing was sent.');
		expect(() => checkValidatePackageSize({path: '/tmp/x.vpk', bytes: 3 * 1024 ** 3, summary: {folder: {path: 'pkg'}}})).toThrow(/^pkg zips to 3\.0 GB/);
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

	it('reads a <VaultPackage> root (Veeva\'s IntelliJ toolbox) and wants it closed as it was opened', () => {
		expect(parseManifest('<VaultPackage xmlns="https://veevavault.com/"><name>p</name></VaultPackage>')).toMatchObject({name: 'p', packageType: ''});
		expect(parseManifest('<VaultPackage xmlns="https://veevavault.com/"><name>p</name></vaultpackage>')).toBe('vaultpackage.xml does not parse: <VaultPackage> is closed by </vaultpackage>');
	});

	it('reads step headers', () => {
		expect(parseStepHeader('<stepheader><label>DSET-1</label><checksum>ABC</checksum><datastepheader><object>a__c</object><action>Upsert</action><recordcount>12</recordcount></datastepheader></stepheader>')).toEqual({label: 'DSET-1', checksum: 'abc', object: 'a__c', action: 'Upsert', records: 12});
		expect(parseStepHeader('<vaultpackage/>')).toBeUndefined();
	});

	it('wants a name', () => {
		expect(parseManifest('<vaultpackage xmlns="https://veevavault.com/"><summary>x</summary></vaultpackage>')).toBe('vaultpackage.xml has no <name>');
	});
});
