/**
 * Full imports for every vendor, success and failure, with known secrets: not one byte of stdout,
 * stderr, --json-stream, history or config (other than the secret store) may contain them.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

let emulator: RunningEmulator;
let configDir: string;
let work: string;
const outputs: string[] = [];
const secrets = [mstrDemoCredentials.password, vaultDemoCredentials.password, aepDemoCredentials.clientSecret, 'wrong-secret-4711'];

beforeAll(async () => {
	emulator = await startEmulator({port: 0, timing: {mstrImportMs: 100, mstrReadyMs: 10, vaultJobMs: 100, vaultPollLimitMs: 30, aepJobMs: 100}});
	configDir = makeTempDir();
	work = makeTempDir();
	fs.copyFileSync(path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp'), path.join(work, 'year.mmp'));
	fs.copyFileSync(path.resolve(import.meta.dirname, '../../fixtures/vault/small.vpk'), path.join(work, 'small.vpk'));
	const env = {PACKPORT_CONFIG_DIR: configDir};
	const add = async (args: string[], secret: string) => outputs.push(JSON.stringify(await runCli(['profiles', 'add', ...args], {env, input: secret})));
	await add(['m', '--vendor', 'mstr', '--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F', '--password-stdin'], mstrDemoCredentials.password);
	await add(['v', '--vendor', 'vault', '--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'], vaultDemoCredentials.password);
	await add(['a', '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId, '--org-id', aepDemoCredentials.orgId, '--target-sandbox', 'prod', '--client-secret-stdin'], aepDemoCredentials.clientSecret);
	const runs: Array<[string[], Record<string, string>]> = [
		[['import', '--profile', 'm', '--package', path.join(work, 'year.mmp'), '--yes', '--json-stream', '--poll-interval', '0.05'], {}],
		[['import', '--profile', 'm', '--package', path.join(work, 'year.mmp'), '--yes', '--json'], {PACKPORT_PASSWORD: 'wrong-secret-4711'}],
		[['import', '--profile', 'v', '--package', path.join(work, 'small.vpk'), '--yes', '--deploy', '--json-stream', '--poll-interval', '0.05'], {}],
		[['import', '--profile', 'v', '--package', path.join(work, 'small.vpk'), '--yes'], {PACKPORT_PASSWORD: 'wrong-secret-4711'}],
		[['import', '--profile', 'a', '--package', 'Acme Release 12', '--yes', '--json-stream', '--poll-interval', '0.05'], {}],
		[['import', '--profile', 'a', '--package', 'Acme Release 12', '--yes', '--json'], {PACKPORT_CLIENT_SECRET: 'wrong-secret-4711'}],
		[['profiles', 'show', 'm', '--json'], {}],
		[['profiles', 'list', '--json'], {}],
		[['history', '--json'], {}],
	];
	for (const [args, extra] of runs) outputs.push(JSON.stringify(await runCli(args, {env: {...env, ...extra}})));
}, 120_000);

afterAll(async () => emulator?.close());

describe('secrets stay secret', () => {
	it('the runs really ran: successes and refusals', () => {
		const codes = outputs.slice(3).map(output => (JSON.parse(output) as {code: number}).code);
		expect(codes).toEqual([0, 3, 0, 3, 0, 3, 0, 0, 0]);
	});

	it('no output of any command contains a secret', () => {
		for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret);
	});

	it('no file in the config folder but the secret store contains one', () => {
		const files = fs.readdirSync(configDir).filter(name => name !== 'secrets.json');
		expect(files).toEqual(expect.arrayContaining(['config.json', 'history.jsonl']));
		for (const name of files) {
			const text = fs.readFileSync(path.join(configDir, name), 'utf8');
			for (const secret of secrets) expect(text, name).not.toContain(secret);
		}
	});
});
