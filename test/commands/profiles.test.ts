import fs from 'node:fs';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {makeTempDir, runCli} from '../helpers/cli.js';

let configDir: string;
const env = () => ({PACKPORT_CONFIG_DIR: configDir});
const secret = 'sup3r-s3cret-passw0rd';
const addProd = async () =>
	runCli(['profiles', 'add', 'prod', '--vendor', 'mstr', '--url', 'https://bi.example.com/MicroStrategyLibrary', '--username', 'admin', '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F', '--password-stdin'], {
		env: env(),
		input: `${secret}\n`,
	});

beforeEach(() => {
	configDir = makeTempDir();
});

describe('packport profiles', () => {
	it('adds a profile, keeping the password out of the config file in a 0600 file', async () => {
		const run = await addProd();
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('Profile saved: prod');
		const config = fs.readFileSync(path.join(configDir, 'config.json'), 'utf8');
		expect(config).toContain('bi.example.com');
		expect(config).not.toContain(secret);
		const secretsFile = path.join(configDir, 'secrets.json');
		expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
		expect(JSON.parse(fs.readFileSync(secretsFile, 'utf8'))).toEqual({prod: secret});
	});

	it('lists and shows profiles without ever printing the secret', async () => {
		await addProd();
		const list = await runCli(['profiles', 'list'], {env: env()});
		expect(list.stdout).toMatch(/prod\s+mstr\s+https:\/\/bi\.example\.com\/MicroStrategyLibrary/);
		const show = await runCli(['profiles', 'show', 'prod', '--json'], {env: env()});
		const shown = JSON.parse(show.stdout);
		expect(shown).toMatchObject({name: 'prod', vendor: 'mstr', username: 'admin', loginMode: 1, secret: {saved: true, store: path.join(configDir, 'secrets.json')}});
		const human = await runCli(['profiles', 'show', 'prod'], {env: env()});
		expect(human.stdout).toContain('saved in');
		for (const output of [list, show, human]) expect(output.stdout + output.stderr).not.toContain(secret);
	});

	it('removes a profile and its secret', async () => {
		await addProd();
		const run = await runCli(['profiles', 'remove', 'prod'], {env: env()});
		expect(run.code).toBe(0);
		expect(JSON.parse(fs.readFileSync(path.join(configDir, 'secrets.json'), 'utf8'))).toEqual({});
		const list = await runCli(['profiles', 'list', '--json'], {env: env()});
		expect(JSON.parse(list.stdout)).toEqual([]);
	});

	it.each([
		['plain http to a remote host', ['--url', 'http://bi.example.com/MicroStrategyLibrary'], 'plain http'],
		['a URL without scheme', ['--url', 'bi.example.com'], 'not a URL'],
		['an unknown vendor', ['--vendor', 'sap'], '--vendor must be one of'],
		['a missing user name', ['--username', ''], '--username is required'],
	])('refuses %s with exit 2 and one line', async (_name, override, message) => {
		const flags = new Map([['--vendor', 'mstr'], ['--url', 'https://bi.example.com/MicroStrategyLibrary'], ['--username', 'admin']]);
		flags.set(override[0]!, override[1]!);
		const args = ['profiles', 'add', 'x', ...[...flags].flat()];
		const run = await runCli(args, {env: env()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(message);
		expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
	});

	it('accepts plain http to loopback (the emulator)', async () => {
		const run = await runCli(['profiles', 'add', 'local', '--vendor', 'mstr', '--url', 'http://127.0.0.1:9/MicroStrategyLibrary', '--username', 'a'], {env: env()});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('No password saved');
	});

	it('a repeated flag is bad usage (exit 2), not a crash', async () => {
		const run = await runCli(['profiles', 'add', 'x', '--vendor', 'mstr', '--vendor', 'vault'], {env: env()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--vendor can only be set once');
		expect(run.stderr).not.toContain('    at ');
	});

	it('says what to do for an unknown command or profile', async () => {
		const run = await runCli(['profiles', 'show', 'ghost'], {env: env()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain("No profile named 'ghost'");
	});
});

describe('packport --help and --version', () => {
	it('prints usage with every command', async () => {
		const run = await runCli(['--help']);
		expect(run.code).toBe(0);
		for (const command of ['import', 'status', 'profiles list', 'profiles add', 'history', 'emulate', 'Exit codes']) expect(run.stdout).toContain(command);
	});

	it('the wizard without a terminal exits 2 and names the headless command', async () => {
		const run = await runCli([], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('packport import');
	});
});
