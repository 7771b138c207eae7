/**
 * Where `profiles add` keeps a secret: the OS keychain when one answers, else the 0600 file with a
 * note said once. The keychain case runs a real Secret Service (gnome-keyring in a private D-Bus
 * session, what a Linux desktop has); `.ci/run` installs it.
 */
import {execFile, spawnSync} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startEmulator, mstrDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {cliPath, makeTempDir, runCli} from '../helpers/cli.js';

const projectId = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
const fixture = path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp');

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
// Only a machine with gnome-keyring and D-Bus can host a real Secret Service; `.ci/run` installs both.
const keychainAvailable = has('dbus-run-session') && has('gnome-keyring-daemon');

let emulator: RunningEmulator | undefined;
afterEach(async () => {
	await emulator?.close();
	emulator = undefined;
});

const addArgs = (url: string) => ['profiles', 'add', 'prod', '--vendor', 'mstr', '--url', url, '--username', mstrDemoCredentials.username, '--project-id', projectId, '--password-stdin'];

describe('secret store without an OS keychain', () => {
	it('saves to the 0600 file and says so once, and profiles show names the file', async () => {
		const configDir = makeTempDir();
		const env = {PACKPORT_CONFIG_DIR: configDir};
		const first = await runCli(addArgs('https://bi.example.com/MicroStrategyLibrary'), {env, input: 'first-secret-value\n'});
		expect(first.code, first.stderr).toBe(0);
		const file = path.join(configDir, 'secrets.json');
		expect(first.stdout).toContain(`saved in ${file} (file, mode 0600`);
		expect(first.stderr).toContain(`secrets are saved in ${file} (mode 0600, readable only by you). This note is shown once.`);
		expect(first.stderr).toContain('no OS keychain answered');

		const second = await runCli(addArgs('https://bi.example.com/MicroStrategyLibrary'), {env, input: 'second-secret-value\n'});
		expect(second.code).toBe(0);
		expect(second.stderr).toBe('');
		expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({prod: 'second-secret-value'});

		const shown = JSON.parse((await runCli(['profiles', 'show', 'prod', '--json'], {env})).stdout);
		expect(shown.secret).toEqual({saved: true, store: file, kind: 'file'});
	});

	it('refuses PACKPORT_SECRET_STORE=keychain when there is none, saving nothing', async () => {
		const configDir = makeTempDir();
		const run = await runCli(addArgs('https://bi.example.com/MicroStrategyLibrary'), {env: {PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'keychain'}, input: 'a-secret-value\n'});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/PACKPORT_SECRET_STORE=keychain, but no OS keychain answered/);
		expect(run.stderr).not.toMatch(/\n\s+at /);
		expect(fs.existsSync(path.join(configDir, 'secrets.json'))).toBe(false);
	});
});

// Skipped, with this reason, on a machine without gnome-keyring and D-Bus (.ci/run installs them).
describe.skipIf(!keychainAvailable)('secret store with an OS keychain (gnome-keyring over D-Bus)', () => {
	it('keeps the secret in the keychain, imports with it, and removes it with the profile', async () => {
		emulator = await startEmulator({port: 0, timing: {mstrImportMs: 100, mstrReadyMs: 10}});
		const configDir = makeTempDir();
		const home = makeTempDir();
		const work = makeTempDir();
		fs.copyFileSync(fixture, path.join(work, 'year.mmp'));
		// One D-Bus session with an unlocked keyring; every packport command below runs inside it.
		const cli = `"${process.execPath}" "${cliPath}"`;
		const script = [
			'eval "$(printf \'keyring-pass\\n\' | gnome-keyring-daemon --unlock --components=secrets)"',
			`printf '%s\\n' "$SECRET" | ${cli} ${addArgs(emulator.urls.mstr).map(arg => `'${arg}'`).join(' ')} > add.out 2> add.err`,
			`${cli} profiles show prod --json > show.json`,
			`${cli} import --profile prod --package year.mmp --poll-interval 0.05 --yes --json > import.json`,
			`${cli} profiles remove prod > remove.out`,
			`${cli} profiles add prod --vendor mstr --url ${emulator.urls.mstr} --username u --project-id ${projectId} > /dev/null`,
			`${cli} profiles show prod --json > show-after.json`,
		].join(' && ');
		// Asynchronous: the emulator answers from this very process.
		await promisify(execFile)('dbus-run-session', ['--', 'sh', '-c', script], {
			cwd: work,
			env: {PATH: process.env.PATH, HOME: home, PACKPORT_CONFIG_DIR: configDir, SECRET: mstrDemoCredentials.password, CI: 'true'},
		});
		const read = (name: string) => fs.readFileSync(path.join(work, name), 'utf8');

		expect(read('add.out')).toContain('saved in the OS keychain, service "packport:');
		expect(read('add.err')).toBe('');
		expect(JSON.parse(read('show.json')).secret).toMatchObject({saved: true, kind: 'keychain'});
		expect(fs.existsSync(path.join(configDir, 'secrets.json'))).toBe(false);
		const result = JSON.parse(read('import.json'));
		expect(result).toMatchObject({ok: true, status: 'imported'});
		// After remove, a profile of the same name has no secret: the keychain entry went with it.
		expect(JSON.parse(read('show-after.json')).secret).toEqual({saved: false, store: null, kind: null});
		for (const file of fs.readdirSync(configDir)) expect(fs.readFileSync(path.join(configDir, file), 'utf8')).not.toContain(mstrDemoCredentials.password);
	});
});
