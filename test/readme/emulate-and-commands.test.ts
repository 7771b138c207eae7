/**
 * A newcomer's first commands (issue 15): `packport emulate` prints a block a person can use (URLs,
 * demo accounts, Adobe org id, `profiles add` lines that work as printed, Ctrl-C to stop) unless
 * --json; `help`, `version`, `-v` work as in gh; a mistyped command gets a did-you-mean.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {suggestCommand} from '../../source/commands/argv-check.js';
import {aepDemoCredentials, mstrDemoCredentials, vaultDemoCredentials} from '../../source/emulator/index.js';
import {cliPath, makeTempDir, runCli, waitFor} from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
let work: string;

beforeEach(() => {
	work = makeTempDir('packport-first-hour-');
});

afterEach(() => {
	fs.rmSync(work, {recursive: true, force: true});
});

const env = () => ({PACKPORT_CONFIG_DIR: path.join(work, 'config'), PACKPORT_SECRET_STORE: 'file'});

/** `packport emulate ARGS` until its first stdout is complete; returns it and a stop function. */
const startEmulate = async (args: string[], ready: (stdout: string) => boolean) => {
	let output = {stdout: () => '', stderr: () => ''};
	let child!: Parameters<NonNullable<Parameters<typeof runCli>[1]['onStart']>>[0];
	const done = runCli(['emulate', ...args], {
		env: env(),
		onStart(started, read) {
			child = started;
			output = read;
		},
	});
	await waitFor(() => ready(output.stdout()), 10_000);
	return {
		stdout: output.stdout(),
		async stop() {
			child.kill('SIGINT');
			return done;
		},
	};
};

/** A printed shell line, run by bash with `packport` as the built bin. */
const bash = async (line: string) => {
	const command = line.replace(/(^|\|\s*)packport\b/, `$1'${process.execPath}' '${cliPath}'`);
	const child = spawn('bash', ['-c', command], {cwd: work, env: {PATH: process.env.PATH, HOME: work, CI: 'true', ...env()}, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	return {code, stdout, stderr};
};

describe('packport emulate', () => {
	it('prints a human block whose profiles add lines work against it as printed', async () => {
		const emulate = await startEmulate(['--scenario', 'mstr-lower-case'], stdout => stdout.includes('Ctrl-C to stop.\n'));
		try {
			const block = emulate.stdout;
			const origin = /packport emulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(block)?.[1];
			expect(origin, block).toBeTruthy();
			for (const text of [
				`${origin}/MicroStrategyLibrary`,
				`${origin}/vault`,
				`${origin}/aep`,
				`IMS (--ims-url) ${origin}`,
				`user ${mstrDemoCredentials.username}, password ${mstrDemoCredentials.password}`,
				`user ${mstrDemoCredentials.ldapUsername}, password ${mstrDemoCredentials.ldapPassword}`,
				mstrDemoCredentials.apiToken,
				`user ${vaultDemoCredentials.username}, password ${vaultDemoCredentials.password}`,
				`client id ${aepDemoCredentials.clientId}, client secret ${aepDemoCredentials.clientSecret}`,
				`org id ${aepDemoCredentials.orgId}`,
				'mstr-lower-case: MicroStrategy: statuses in lower case',
				'start with --port',
			]) {
				expect(block).toContain(text);
			}

			expect(block.startsWith('{')).toBe(false);
			const adds = block.split('\n').map(line => line.trim()).filter(line => /^echo \S+ \| packport profiles add /.test(line));
			expect(adds).toHaveLength(3);
			expect(adds.find(line => line.includes('--vendor aep'))).toContain(`--ims-url ${origin} `);
			for (const line of adds) {
				const added = await bash(line);
				expect(added.code, added.stderr).toBe(0);
			}

			// Each profile signs in: a MicroStrategy and an Adobe import, a Vault validation, at once.
			fs.copyFileSync(path.join(root, 'fixtures/mstr/year.mmp'), path.join(work, 'year.mmp'));
			fs.copyFileSync(path.join(root, 'fixtures/vault/small.vpk'), path.join(work, 'small.vpk'));
			const runs = await Promise.all([
				runCli(['import', '--profile', 'emu-mstr', '--package', './year.mmp', '--yes', '--poll-interval', '0.5'], {env: env(), cwd: work}),
				runCli(['import', '--profile', 'emu-vault', '--package', './small.vpk', '--yes', '--validate-only'], {env: env(), cwd: work}),
				runCli(['import', '--profile', 'emu-aep', '--package', 'Acme Release 01', '--yes', '--poll-interval', '0.5'], {env: env(), cwd: work}),
			]);
			for (const run of runs) expect(run.code, run.stderr).toBe(0);
		} finally {
			const stopped = await emulate.stop();
			expect(stopped.code).toBe(0);
		}
	});

	it('prints one JSON line with the URLs and the demo credentials under --json', async () => {
		const emulate = await startEmulate(['--json'], stdout => stdout.endsWith('\n'));
		const stopped = await emulate.stop();
		expect(stopped.code).toBe(0);
		const lines = stopped.stdout.trim().split('\n');
		expect(lines).toHaveLength(1);
		const parsed = JSON.parse(lines[0]!);
		expect(Object.keys(parsed)).toEqual(['port', 'urls', 'scenarios', 'credentials']);
		expect(parsed.urls.mstr).toBe(`http://127.0.0.1:${parsed.port}/MicroStrategyLibrary`);
		expect(parsed.credentials).toMatchObject({
			mstr: {username: mstrDemoCredentials.username, password: mstrDemoCredentials.password, ldapUsername: mstrDemoCredentials.ldapUsername, apiToken: mstrDemoCredentials.apiToken},
			vault: vaultDemoCredentials,
			aep: {clientId: aepDemoCredentials.clientId, clientSecret: aepDemoCredentials.clientSecret, orgId: aepDemoCredentials.orgId},
		});
	});

	it('refuses a port in use with Error and Hint lines, exit 2', async () => {
		const first = await startEmulate(['--json'], stdout => stdout.endsWith('\n'));
		const {port} = JSON.parse(first.stdout) as {port: number};
		const second = await runCli(['emulate', '--port', String(port)], {env: env()});
		await first.stop();
		expect(second.code).toBe(2);
		expect(second.stderr).toContain(`Error: Port ${port} is in use.`);
		expect(second.stderr).toContain('Hint: ');
	});
});

describe('help, version and did-you-mean', () => {
	it.each([['help'], ['help', 'import'], ['--help'], ['-h'], ['import', '--help']])('packport %s prints the help page, exit 0', async (...args) => {
		const run = await runCli(args, {env: env()});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('packport import --profile NAME');
	});

	it.each([['version'], ['--version'], ['-v'], ['import', '--version']])('packport %s prints the version, exit 0', async (...args) => {
		const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string}).version;
		const run = await runCli(args, {env: env()});
		expect(run.code).toBe(0);
		expect(run.stdout.trim()).toBe(version);
	});

	it('an unknown command gets a did-you-mean, exit 2 with Error and Hint lines', async () => {
		const run = await runCli(['improt', '--profile', 'prod'], {env: env()});
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toBe('Error: Unknown command "improt".\nHint: Did you mean `packport import`? Run `packport --help` for the commands.\n');
		const json = await runCli(['improt', '--json'], {env: env()});
		expect(json.code).toBe(2);
		expect(JSON.parse(json.stdout)).toMatchObject({ok: false, exitCode: 2, error: {message: 'Unknown command "improt".'}});
		const far = await runCli(['xyzzy'], {env: env()});
		expect(far.code).toBe(2);
		expect(far.stderr).toBe('Error: Unknown command "xyzzy".\nHint: Run `packport --help` for the commands.\n');
	});

	it.each([
		['improt', 'import'],
		['imprt', 'import'],
		['stauts', 'status'],
		['profile', 'profiles'],
		['prof', 'profiles'],
		['histroy', 'history'],
		['emulat', 'emulate'],
		['deplyo', 'deploy'],
		['verison', 'version'],
		['IMPORT', 'import'],
		['xyzzy', undefined],
		['a', undefined],
	])('suggests for %s: %s', (typed, expected) => {
		expect(suggestCommand(typed)).toBe(expected);
	});
});
