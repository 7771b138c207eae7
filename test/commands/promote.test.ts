/**
 * `packport promote`: the built CLI against the emulator over real HTTP, two profiles of one vendor
 * standing for two environments. Bad input must stop before either side is asked anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

const projectId = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
let emulator: RunningEmulator;
let configDir: string;
let work: string;

const env = () => ({PACKPORT_CONFIG_DIR: configDir});
const addProfile = async (name: string, vendor: 'mstr' | 'vault') => {
	const fields =
		vendor === 'mstr'
			? ['--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', projectId, '--password-stdin']
			: ['--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'];
	const added = await runCli(['profiles', 'add', name, '--vendor', vendor, ...fields], {
		env: env(),
		input: vendor === 'mstr' ? mstrDemoCredentials.password : vaultDemoCredentials.password,
	});
	expect(added.code, added.stderr).toBe(0);
};

/** Every counter of the emulator: a bad promote leaves them all as they were. */
const counters = () => {
	const {calls, ...vendors} = emulator.inspect();
	return {vendors, calls: calls.length};
};

const promote = async (...args: string[]) => {
	const run = await runCli(['promote', ...args], {env: env()});
	return {...run, json: run.stdout ? JSON.parse(run.stdout) : undefined};
};

beforeAll(async () => {
	emulator = await startEmulator({port: 0, timing: {mstrImportMs: 100, mstrReadyMs: 20, vaultJobMs: 150, vaultPollLimitMs: 40, aepJobMs: 150}});
	configDir = makeTempDir();
	work = makeTempDir();
	await addProfile('mstr-dev', 'mstr');
	await addProfile('mstr-prod', 'mstr');
	await addProfile('vault-dev', 'vault');
});

afterAll(async () => emulator?.close());

describe('packport promote: bad input, nothing sent', () => {
	it('profiles of two vendors: exit 2, the sentence names both, nothing sent', async () => {
		const before = counters();
		const {code, stderr, json} = await promote('--from', 'mstr-dev', '--to', 'vault-dev', '--package', 'x.json', '--yes', '--json');
		expect(code).toBe(2);
		expect(stderr).toBe(
			"Error: --from 'mstr-dev' is MicroStrategy and --to 'vault-dev' is Veeva Vault; promote moves a package between two environments of one vendor.\n" +
				'Hint: Pick two profiles of the same vendor.\n',
		);
		expect(json).toMatchObject({ok: false, exitCode: 2, status: 'invalid', profile: 'vault-dev', source: {profile: 'mstr-dev', status: 'invalid', error: {code: 'usage'}}});
		expect(counters()).toEqual(before);
	});

	it('the same profile twice: exit 2, nothing sent', async () => {
		const before = counters();
		const {code, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-dev', '--package', 'x.json', '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: --from and --to are both 'mstr-dev'; promote moves a package from one environment to another\.\nHint: /);
		expect(counters()).toEqual(before);
	});

	it('an unknown profile says which flag named it', async () => {
		const {code, stderr} = await promote('--from', 'nope', '--to', 'mstr-prod', '--package', 'x.json', '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: --from: No profile named 'nope'\.\nHint: Known profiles: /);
	});

	it('--profile is refused, and --from, --to and --package are required', async () => {
		expect((await promote('--profile', 'mstr-dev', '--to', 'mstr-prod', '--package', 'x', '--yes')).stderr).toMatch(/^Error: promote takes --from and --to, not --profile\./);
		expect((await promote('--to', 'mstr-prod', '--package', 'x', '--yes')).stderr).toMatch(/^Error: --from is required/);
		expect((await promote('--from', 'mstr-dev', '--package', 'x', '--yes')).stderr).toMatch(/^Error: --to is required/);
		expect((await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--yes')).stderr).toMatch(/^Error: --package is required/);
	});

	it('an import option of another vendor is refused as import refuses it', async () => {
		const before = counters();
		const {code, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', 'x.json', '--deploy', '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: --deploy is a Veeva Vault option, and profile 'mstr-prod' is MicroStrategy\./);
		expect(counters()).toEqual(before);
	});

	it('without --yes and no terminal on stdin: exit 2, nothing sent', async () => {
		const before = counters();
		const {code, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', path.join(work, 'x.json'));
		expect(code).toBe(2);
		expect(stderr).toMatch(/stdin is not a terminal|not available yet|x\.json/);
		expect(counters()).toEqual(before);
	});

	it('a missing secret names the profile and its side', async () => {
		const bare = makeTempDir();
		const config = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'));
		fs.writeFileSync(path.join(bare, 'config.json'), JSON.stringify(config));
		const run = await runCli(['promote', '--from', 'mstr-dev', '--to', 'mstr-prod', '--package', 'x.json', '--yes'], {
			env: {PACKPORT_CONFIG_DIR: bare, PACKPORT_SECRET_STORE: 'file', PACKPORT_PASSWORD_MSTR_DEV: 'x'},
		});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/No password for profile 'mstr-prod' \(--to\)|not available yet|x\.json/);
	});
});
