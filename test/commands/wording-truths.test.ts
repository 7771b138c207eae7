/**
 * Small truths in what users read, through the built CLI against the emulator: counts in the
 * singular, "an Adobe …", a hint that names the blocked steps where no steps are shown, and a host
 * that does not exist recorded as unreachable (exit 3), never as a refused secret.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {startFaultEnv, type FaultEnv} from '../faults/fault-env.js';

let env: FaultEnv | undefined;
afterEach(async () => {
	await env?.emulator.close();
	env = undefined;
});

const plain = (args: string[]) => args.filter(arg => arg !== '--json');

describe('wording', () => {
	it('an option of another vendor: "an Adobe Experience Platform option", "pick an Adobe … profile"', async () => {
		env = await startFaultEnv('mstr', []);
		const run = await env.run(plain(env.importArgs('--target-sandbox', 'prod')));
		expect(run.code).toBe(2);
		expect(run.stderr).toContain("Error: --target-sandbox is an Adobe Experience Platform option, and profile 'p' is MicroStrategy.");
		expect(run.stderr).toContain('Hint: Drop --target-sandbox, or pick an Adobe Experience Platform profile.');
	});

	it('Vault, Blocked with --deploy, plain output: one blocked step, named with what it needs (no "steps above" that are not there)', async () => {
		env = await startFaultEnv('vault', ['vault-blocked']);
		const run = await env.run(plain(env.importArgs('--deploy')));
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/Error: Package PKG-0004 is blocked__v with 1 blocked step; it cannot be deployed\./);
		expect(run.stderr).toContain('Hint: Add what the blocked steps need to the target Vault (00020 Claims document (Doctype) needs Renditiontype air_bulk_03__c), then import again.');
		expect(run.stderr).not.toContain('steps above');
		expect(run.stderr).not.toMatch(/\b1 steps\b|step\(s\)/);
	});

	it('Vault, Blocked without --deploy: "1 step is blocked", naming it, exit 4', async () => {
		env = await startFaultEnv('vault', ['vault-blocked']);
		const run = await env.run(env.importArgs());
		expect(run.code).toBe(4);
		expect(JSON.parse(run.stdout).warnings).toContain(
			'1 step is blocked by missing dependencies (00020 Claims document (Doctype) needs Renditiontype air_bulk_03__c); the package cannot be deployed until they exist in the target Vault.',
		);
	});
});

describe('a host that does not exist', () => {
	const profiles = {
		vault: ['--vendor', 'vault', '--url', 'https://no-such-host.invalid', '--username', 'u', '--password-stdin'],
		mstr: ['--vendor', 'mstr', '--url', 'https://no-such-host.invalid/MicroStrategyLibrary', '--username', 'u', '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F', '--password-stdin'],
		aep: [
			...['--vendor', 'aep', '--url', 'https://no-such-host.invalid', '--ims-url', 'https://no-such-host.invalid'],
			...['--client-id', 'c', '--org-id', 'o@AdobeOrg', '--sandbox', 'dev', '--target-sandbox', 'prod', '--client-secret-stdin'],
		],
	};
	const packages = {vault: 'fixtures/vault/small.vpk', mstr: 'fixtures/mstr/year.mmp', aep: 'Loyalty Journeys'};

	it.each(['vault', 'mstr', 'aep'] as const)('%s: exit 3 "could not connect", recorded as unreachable (not unauthorized)', async vendor => {
		const configDir = makeTempDir();
		const cliEnv = {PACKPORT_CONFIG_DIR: configDir};
		expect((await runCli(['profiles', 'add', 'gone', ...profiles[vendor]], {env: cliEnv, input: 'secret\n'})).code).toBe(0);
		const run = await runCli(['import', '--profile', 'gone', '--package', packages[vendor], '--yes', '--json'], {env: cliEnv, cwd: `${import.meta.dirname}/../..`});
		expect(run.code).toBe(3);
		const result = JSON.parse(run.stdout);
		expect(result).toMatchObject({status: 'unreachable', error: {code: 'connect'}});
		expect(result.error.message).toMatch(/^Can't reach https:\/\/no-such-host\.invalid .*: (host not found|name lookup failed)\.$/);
		const history = JSON.parse((await runCli(['history', '--json'], {env: cliEnv})).stdout);
		expect(history).toEqual([expect.objectContaining({profile: 'gone', outcome: 'unreachable', exitCode: 3})]);
	});
});
