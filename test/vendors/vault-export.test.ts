/**
 * The Vault source half against the emulator over real HTTP: the outbound packages listed with
 * VQL, Export Package → the job → the .vpk behind its artifacts link, read by packport's own
 * inspection, then imported with the real `packport import` into the same emulated Vault (source
 * and target may be one Vault). A failed export job leaves nothing on disk and imports nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import type {EngineEvent} from '../../source/engine/events.js';
import {startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {PackportError} from '../../source/errors.js';
import {createRedactor} from '../../source/http/redact.js';
import {inspectVpk} from '../../source/packages/vpk.js';
import {createVaultClient} from '../../source/vendors/vault/client.js';
import {exportVaultPackage, listVaultOutboundPackages} from '../../source/vendors/vault/export.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
const savedTemp = process.env.TMPDIR;
/** A temp folder of the test's own from here on: "nothing left behind" is checked on it alone. */
const privateTemp = () => {
	const folder = makeTempDir('packport-vendor-tmp-');
	process.env.TMPDIR = folder;
	return folder;
};

afterEach(async () => {
	process.env.TMPDIR = savedTemp;
	if (savedTemp === undefined) delete process.env.TMPDIR;
	await emulator?.close();
	emulator = undefined;
});

// Jobs take 300 ms; one status call per job per 100 ms (Vault: 10 s), polled every 120 ms.
const start = async (scenarios: string[] = []) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {vaultJobMs: 300, vaultPollLimitMs: 100}});
	const profile: Profile = {name: 'source', vendor: 'vault', url: emulator.urls.vault, username: vaultDemoCredentials.username};
	return profile;
};

const run = async (profile: Profile, packageName: string) => {
	const events: EngineEvent[] = [];
	const controller = new AbortController();
	const result = await exportVaultPackage({
		profile,
		secret: vaultDemoCredentials.password,
		packageName,
		signal: controller.signal,
		onEvent: event => events.push(event),
		pollIntervalMs: 120,
	}).catch((error: unknown) => error);
	return {result, events};
};

describe('exportVaultPackage on the emulated source Vault', () => {
	it('lists the outbound packages by name with VQL, and signs out', async () => {
		const profile = await start();
		const signal = new AbortController().signal;
		expect(await listVaultOutboundPackages({profile, secret: vaultDemoCredentials.password, signal})).toEqual([
			{id: '0PO000000001001', name: 'PKG-0001'},
			{id: '0PO000000001002', name: 'PKG-0002'},
		]);
		expect(emulator!.inspect().vault).toMatchObject({logins: 1, sessions: 0});
		// Any other object is not the emulated Vault's to answer: Vault's FAILURE, as a refusal.
		const client = createVaultClient({profile, redactor: createRedactor(), signal, password: vaultDemoCredentials.password});
		await client.login();
		await expect(client.query('SELECT id FROM product__v')).rejects.toThrow('Vault refused the query: INVALID_DATA');
	});

	it('Ctrl-C while the export job runs: the run stops, the session is ended, no folder is left', async () => {
		const profile = await start();
		const controller = new AbortController();
		const temp = privateTemp();
		const stopped = exportVaultPackage({
			profile,
			secret: vaultDemoCredentials.password,
			packageName: 'PKG-0001',
			signal: controller.signal,
			// Stopped at the first word from the job, as a user pressing Ctrl-C while it runs.
			onEvent: event => event.type === 'progress' && event.step === 'export-job' && controller.abort(new Error('interrupted')),
			pollIntervalMs: 120,
		});
		await expect(stopped).rejects.toThrow('interrupted');
		expect(fs.readdirSync(temp)).toEqual([]);
		expect(emulator!.inspect().vault).toMatchObject({exports: 1, fileDownloads: 0, sessions: 0});
	});

	it('exports PKG-0001: the job, the .vpk from its artifacts link, inspected; then packport import takes it into the same Vault (exit 0)', async () => {
		const profile = await start();
		const {result, events} = await run(profile, 'PKG-0001');
		if (!(result && typeof result === 'object' && 'file' in result)) throw result;
		const {file, jobId, details} = result;
		expect(path.basename(file)).toBe('PKG-0001.vpk');
		expect(fs.readdirSync(path.dirname(file))).toEqual(['PKG-0001.vpk']);
		expect(details).toMatchObject({packageName: 'PKG-0001', jobId, jobStatus: 'SUCCESS', steps: 2, signedOut: 'Signed out'});
		expect(details.link).toMatch(/\/services\/file_staging\/items\/content\/PKG-0001\.vpk$/);
		const inspection = await inspectVpk(file);
		expect(inspection.manifest).toMatchObject({name: 'PKG-0001', sourceVault: '1776', author: vaultDemoCredentials.username});
		expect(inspection.checksumProblems).toEqual([]);
		const steps = events.filter(event => event.type === 'step' && event.status === 'done').map(event => (event as {name: string}).name);
		expect(steps).toEqual(['export-login', 'export', 'export-job', 'export-download', 'export-inspect']);
		expect(emulator!.inspect().vault).toMatchObject({exports: 1, fileDownloads: 1, sessions: 0});

		// The exported file goes through the real import, into the same emulated Vault.
		const configDir = makeTempDir();
		const env = {PACKPORT_CONFIG_DIR: configDir};
		const added = await runCli(['profiles', 'add', 'target', '--vendor', 'vault', '--url', emulator!.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'], {
			env,
			input: vaultDemoCredentials.password,
		});
		expect(added.code, added.stderr).toBe(0);
		const imported = await runCli(['import', '--profile', 'target', '--package', file, '--yes', '--json', '--poll-interval', '0.12'], {env});
		expect(imported.code, imported.stderr).toBe(0);
		expect(JSON.parse(imported.stdout)).toMatchObject({status: 'imported', details: {packageName: 'PKG-0001'}});
		fs.rmSync(path.dirname(file), {recursive: true, force: true});
	});

	it('vault-export-fails: the job ends ERRORS_ENCOUNTERED → a server error (exit 1) naming it, no file left, nothing downloaded or imported', async () => {
		const profile = await start(['vault-export-fails']);
		const temp = privateTemp();
		const {result, events} = await run(profile, 'PKG-0001');
		expect(result).toBeInstanceOf(PackportError);
		// The job's step is shown failed with Vault's word, never "exported".
		expect(events.filter(event => event.type === 'step' && event.name === 'export-job').at(-1)).toMatchObject({status: 'failed', label: 'Export job ended ERRORS_ENCOUNTERED'});
		const error = result as PackportError;
		expect(error.exitCode).toBe(1);
		expect(error.message).toMatch(/^Vault's export job \d+ of PKG-0001 ended ERRORS_ENCOUNTERED; nothing was exported\.$/);
		expect(fs.readdirSync(temp)).toEqual([]);
		expect(emulator!.inspect().vault).toMatchObject({exports: 1, fileDownloads: 0, uploads: 0, sessions: 0});
	});

	it('an outbound package the source Vault does not have: Vault refuses the export with its own words (exit 1), no job polled', async () => {
		const profile = await start();
		const {result} = await run(profile, 'PKG-9999');
		expect(result).toBeInstanceOf(PackportError);
		expect((result as PackportError).exitCode).toBe(1);
		expect((result as PackportError).message).toBe('Vault refused the package export: INVALID_DATA Invalid value [PKG-9999] for parameter [packageName] specified');
		expect(emulator!.inspect().vault).toMatchObject({exports: 0, jobsCreated: 0, sessions: 0});
	});
});
