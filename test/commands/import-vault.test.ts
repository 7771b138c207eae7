/** `packport import` for Veeva Vault: the built CLI against the emulator over real HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/vault');
let emulator: RunningEmulator;
let configDir: string;
let work: string;

const setUp = async (scenarios: string[] = []) => {
	// The real poll limit is 10 s per job; here 40 ms, with the client polling at 50 ms.
	emulator = await startEmulator({port: 0, scenarios, timing: {vaultJobMs: 150, vaultPollLimitMs: 40}});
	configDir = makeTempDir();
	work = makeTempDir();
	// Only the packages: a run against fixtures/ by hand leaves NAME-vault-logs folders beside them.
	for (const name of fs.readdirSync(fixtures).filter(file => file.endsWith('.vpk'))) fs.copyFileSync(path.join(fixtures, name), path.join(work, name));
	const added = await runCli(['profiles', 'add', 'vlt', '--vendor', 'vault', '--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'], {
		env: {PACKPORT_CONFIG_DIR: configDir},
		input: vaultDemoCredentials.password,
	});
	expect(added.code, added.stderr).toBe(0);
};

const run = async (file: string, ...extra: string[]) => {
	const poll = extra.includes('--poll-interval') ? [] : ['--poll-interval', '0.05'];
	const result = await runCli(['import', '--profile', 'vlt', '--package', path.join(work, file), '--yes', '--json', ...poll, ...extra], {env: {PACKPORT_CONFIG_DIR: configDir}});
	return {...result, json: result.stdout ? JSON.parse(result.stdout) : undefined};
};

const vault = () => (emulator.inspect() as {vault: Record<string, number>}).vault;

afterEach(async () => emulator?.close());

describe('packport import (Vault)', () => {
	it('imports and deploys: exit 0, JSON with steps and counts, logs saved beside the package', async () => {
		await setUp();
		const {code, json, stderr} = await run('multi-step.vpk', '--deploy');
		expect(code, stderr).toBe(0);
		expect(json).toMatchObject({ok: true, vendor: 'vault', status: 'deployed', details: {packageName: 'PKG-0004', packageStatus: 'imported__v'}});
		expect(json.details.steps).toHaveLength(6);
		expect(json.details.deploy.counts).toMatchObject({total_steps: 6, deployed: 6, failed: 0});
		const logs = path.join(work, 'multi-step-vault-logs');
		// The package has a data step: Vault also offers the data deployment log (a zip).
		expect(fs.readdirSync(logs).sort()).toEqual([expect.stringMatching(/^\d+_PKG-0004_[\d_-]+_Success_Failure_logs\.zip$/), 'PKG-0004-Deployment.log', 'PKG-0004-Validation.log']);
		expect(vault()).toMatchObject({logins: 1, uploads: 1, deploys: 1, sessions: 0});
	});

	it('a Blocked package without --deploy exits 4 with the missing dependencies in JSON', async () => {
		await setUp(['vault-blocked']);
		const {code, json} = await run('multi-step.vpk');
		expect(code).toBe(4);
		expect(json.status).toBe('blocked');
		const blocked = json.details.steps.find((step: {status: string}) => step.status === 'blocked__v');
		expect(blocked.dependencies).toEqual([{name: 'air_bulk_03__c', type: 'Renditiontype', status: 'Missing - Block'}]);
	});

	it('a package whose dependency is missing in the target comes back Blocked, named in JSON', async () => {
		await setUp();
		const {code, json} = await run('blocked.vpk', '--deploy');
		expect(code).toBe(1);
		expect(json.details.steps[1]).toMatchObject({name: '00020', status: 'blocked__v', dependencies: [{name: 'air_bulk_03__c', type: 'Renditiontype', status: 'Missing - Block'}]});
		expect(vault().deploys).toBe(0);
	});

	it('a Blocked package with --deploy exits 1 and never calls deploy', async () => {
		await setUp(['vault-blocked']);
		const {code, json} = await run('multi-step.vpk', '--deploy');
		expect(code).toBe(1);
		expect(json.error.message).toContain('cannot be deployed');
		expect(vault().deploys).toBe(0);
	});

	it.each([
		['vault-deploy-warnings', 4, 'deployed_with_warnings'],
		['vault-deploy-failures', 1, 'deployed_with_failures__v'],
	])('%s exits %i', async (scenario, exitCode, status) => {
		await setUp([scenario]);
		const {code, json} = await run('small.vpk', '--deploy');
		expect(code).toBe(exitCode);
		expect(json.status).toBe(status);
	});

	it('a session that expires mid-job costs one extra login and no second upload', async () => {
		await setUp(['vault-session-expiry']);
		const {code, json} = await run('small.vpk');
		expect(code).toBe(0);
		expect(json.details.logins).toBe(2);
		expect(vault()).toMatchObject({logins: 2, uploads: 1, jobsCreated: 1});
	});

	it('polling faster than the job-status limit slows down instead of failing', async () => {
		await setUp();
		const {code} = await run('small.vpk', '--poll-interval', '0.01');
		expect(code).toBe(0);
		const limited = emulator.inspect().calls.filter(call => call.path.includes('/services/jobs/'));
		expect(limited.length).toBeGreaterThan(1);
	});

	it('--validate-only validates without importing', async () => {
		await setUp(['vault-blocked']);
		const {code, json} = await run('multi-step.vpk', '--validate-only');
		expect(code).toBe(4);
		expect(json.details.packageStatus).toBe('Blocked');
		expect(vault()).toMatchObject({validations: 1, jobsCreated: 0});
	});

	it('an upload answered by a proxy\'s 503 page: the job lists say nothing started — never reported imported', async () => {
		await setUp(['vault-upload-503-page']);
		const {code, json} = await run('multi-step.vpk');
		expect(code).toBe(3);
		expect(json.jobId).toBeNull();
		expect(json.status).not.toBe('imported');
		expect(json.error.message).toContain('nothing was imported');
	});

	it('a package folder: zipped on the fly, imported, the temp file gone', async () => {
		await setUp();
		const folder = path.join(work, 'folder-package');
		fs.cpSync(path.resolve(import.meta.dirname, '../../fixtures/vault/folder-package'), folder, {recursive: true});
		const {code, json, stderr} = await run('folder-package');
		expect(code, stderr).toBe(0);
		expect(json.package.path).toBe(folder);
		expect(fs.existsSync(path.join(work, 'folder-package-vault-logs'))).toBe(true);
	});

	it('refuses a session on another Vault (the DNS fallback trap) with exit 3', async () => {
		await setUp(['vault-dns-fallback']);
		const {code, json} = await run('small.vpk');
		expect(code).toBe(3);
		expect(json.error.code).toBe('VAULT_DNS_MISMATCH');
		expect(vault().uploads).toBe(0);
	});

	it.each([
		['empty.vpk', 'is empty'],
		['not-a-zip.vpk', 'not a zip archive'],
		['no-manifest.vpk', 'no vaultpackage.xml'],
		['no-namespace.vpk', 'namespace'],
		['unparsable-manifest.vpk', 'does not parse'],
		['path-traversal.vpk', 'unsafe path'],
		['huge-manifest.vpk', 'larger than'],
		['missing.vpk', 'No such file'],
	])('%s exits 2 before any request', async (file, message) => {
		await setUp();
		const {code, json} = await run(file);
		expect(code).toBe(2);
		expect(json.error.message).toContain(message);
		expect(vault().logins).toBe(0);
	});
});
