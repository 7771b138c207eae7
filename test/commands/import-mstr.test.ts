/**
 * `packport import` for MicroStrategy, as CI runs it: the built CLI in a child process, against
 * the emulator over real HTTP, with a temp config dir and packages copied to a temp folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startEmulator, mstrDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli, waitFor} from '../helpers/cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/mstr');
const projectId = 'B19DEDCC11D4E0EFC000EB9495D0F44F';

let emulator: RunningEmulator;
let configDir: string;
let work: string;

const setUp = async (scenarios: string[] = [], timing = {mstrImportMs: 300, mstrReadyMs: 20}) => {
	emulator = await startEmulator({port: 0, scenarios, timing});
	configDir = makeTempDir();
	work = makeTempDir();
	for (const name of ['year.mmp', 'keep-both.mmp', 'not-a-package.mmp']) fs.copyFileSync(path.join(fixtures, name), path.join(work, name));
	const added = await runCli(
		['profiles', 'add', 'demo', '--vendor', 'mstr', '--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', projectId, '--password-stdin'],
		{env: {PACKPORT_CONFIG_DIR: configDir}, input: `${mstrDemoCredentials.password}\n`},
	);
	expect(added.code, added.stderr).toBe(0);
};

const importArgs = (file = 'year.mmp', ...extra: string[]) => {
	const pollInterval = extra.includes('--poll-interval') ? [] : ['--poll-interval', '0.05'];
	return ['import', '--profile', 'demo', '--package', path.join(work, file), ...pollInterval, ...extra];
};
const env = () => ({PACKPORT_CONFIG_DIR: configDir});
const mstrState = () => (emulator.inspect() as {mstr: Record<string, number>}).mstr;

afterEach(async () => {
	await emulator?.close();
});

describe('packport import (MicroStrategy)', () => {
	beforeEach(async () => setUp());

	it('imports with --yes --json, saves the undo package and leaves nothing on the server', async () => {
		const run = await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		expect(run.code, run.stderr).toBe(0);
		const result = JSON.parse(run.stdout);
		expect(result).toMatchObject({ok: true, exitCode: 0, vendor: 'mstr', profile: 'demo', status: 'imported', error: null});
		expect(result.jobId).toEqual(expect.any(String));
		expect(result.package.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(result.undoPackage).toBe(path.join(work, 'year.undo.mmp'));
		expect(fs.statSync(result.undoPackage).size).toBeGreaterThan(0);
		expect(result.steps.map((step: {name: string}) => step.name)).toEqual(['login', 'holder', 'upload', 'definition', 'import', 'undo', 'cleanup']);
		expect(result.details.objects.length).toBe(5);
		expect(result.details.cleanup.done).toEqual(['Import process deleted', 'Package holder deleted', 'Signed out']);
		expect(mstrState()).toMatchObject({sessions: 0, holders: 0, imports: 0, logins: 1, uploads: 1});
	});

	it('never overwrites an undo package: the second run picks a new name', async () => {
		const first = await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		const second = await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		expect(JSON.parse(first.stdout).undoPackage).toBe(path.join(work, 'year.undo.mmp'));
		expect(JSON.parse(second.stdout).undoPackage).toBe(path.join(work, 'year.undo-2.mmp'));
	});

	it('applies --default-action and --action to the objects it imports', async () => {
		const run = await runCli([...importArgs(), '--yes', '--json', '--default-action', 'use_existing', '--action', '8D679D5111D3E4981000E787EC6DE8A4=force_replace'], {env: env()});
		expect(run.code, run.stderr).toBe(0);
		const {details} = JSON.parse(run.stdout);
		const year = details.objects.find((object: {id: string}) => object.id === '8D679D5111D3E4981000E787EC6DE8A4');
		expect(year.action).toBe('force_replace');
		expect(details.objects.filter((object: {action: string}) => object.action === 'use_existing')).toHaveLength(4);
	});

	it('prints one JSON event per line with --json-stream, the result last', async () => {
		const run = await runCli([...importArgs(), '--yes', '--json-stream'], {env: env()});
		expect(run.code, run.stderr).toBe(0);
		const lines = run.stdout.trim().split('\n').map(line => JSON.parse(line));
		expect(lines.at(-1)).toMatchObject({type: 'result', ok: true, status: 'imported'});
		expect(lines.some(line => line.type === 'step' && line.name === 'upload' && line.status === 'done')).toBe(true);
		expect(lines.some(line => line.type === 'progress' && line.step === 'import')).toBe(true);
	});

	it('prints plain progress lines and a summary without --json', async () => {
		const run = await runCli([...importArgs(), '--yes'], {env: env()});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('✔ Package uploaded');
		expect(run.stdout).toContain('✔ Imported');
		expect(run.stdout).toContain(`Undo package: ${path.join(work, 'year.undo.mmp')}`);
	});

	it('refuses to run without --yes when stdin is not a terminal, naming the flag', async () => {
		const run = await runCli(importArgs(), {env: env()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--yes');
		expect(mstrState().logins).toBe(0);
	});

	it.each([
		['an unknown action', ['--default-action', 'overwrite'], 'not an action'],
		['a malformed --action', ['--action', 'nothing'], 'OBJECT_ID=ACTION'],
		['an absurd timeout', ['--timeout', '-3'], '--timeout'],
		['an absurd poll interval', ['--poll-interval', 'soon'], '--poll-interval'],
	])('exits 2 on %s before sending anything', async (_name, extra, message) => {
		const run = await runCli(importArgs('year.mmp', '--yes', '--json', ...extra), {env: env()});
		expect(run.code).toBe(2);
		const result = JSON.parse(run.stdout);
		expect(result).toMatchObject({ok: false, exitCode: 2});
		expect(result.error.message).toContain(message);
		expect(mstrState().logins).toBe(0);
	});

	it.each([
		['a missing file', 'nope.mmp', 'No such file'],
		['a folder', '.', 'folder'],
		['the wrong extension', 'year.txt', 'does not end in .mmp'],
	])('exits 2 on %s with one line and no request', async (_name, file, message) => {
		fs.writeFileSync(path.join(work, 'year.txt'), 'x');
		const run = await runCli(['import', '--profile', 'demo', '--package', path.join(work, file), '--yes'], {env: env()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(message);
		expect(run.stderr).not.toContain('    at ');
		expect(mstrState().logins).toBe(0);
	});

	it('exits 2 for an unknown profile, listing the known ones', async () => {
		const run = await runCli(['import', '--profile', 'prod', '--package', path.join(work, 'year.mmp'), '--yes'], {env: env()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain("No profile named 'prod'");
		expect(run.stderr).toContain('Known profiles: demo');
	});

	it('exits 3 on a wrong password and never prints it', async () => {
		const run = await runCli([...importArgs(), '--yes', '--json'], {env: {...env(), PACKPORT_PASSWORD: 'wrong-secret-value'}});
		expect(run.code).toBe(3);
		const result = JSON.parse(run.stdout);
		expect(result.error.message).toContain('ERR003');
		expect(run.stdout + run.stderr).not.toContain('wrong-secret-value');
	});

	it('exits 3 when the server is not there', async () => {
		await emulator.close();
		const run = await runCli([...importArgs(), '--yes'], {env: env()});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain("Can't reach");
		expect(run.stderr).toContain("profile 'demo'");
	});

	it('a package the server cannot read fails with exit 1 and cleans up', async () => {
		const run = await runCli([...importArgs('not-a-package.mmp'), '--yes', '--json'], {env: env()});
		expect(run.code).toBe(1);
		expect(JSON.parse(run.stdout).error.message).toContain('ERR006');
		expect(mstrState()).toMatchObject({sessions: 0, holders: 0});
	});

	it('keep_both leaves no undo package: exit 4 with a warning', async () => {
		const run = await runCli([...importArgs('keep-both.mmp'), '--yes', '--json'], {env: env()});
		expect(run.code).toBe(4);
		const result = JSON.parse(run.stdout);
		expect(result.undoPackage).toBeNull();
		expect(result.warnings.join(' ')).toContain('undo package');
	});

	it('--no-undo imports without asking for an undo package', async () => {
		const run = await runCli([...importArgs(), '--yes', '--json', '--no-undo'], {env: env()});
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout).undoPackage).toBeNull();
		expect(fs.existsSync(path.join(work, 'year.undo.mmp'))).toBe(false);
	});

	it('records the import in history', async () => {
		await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		const run = await runCli(['history', '--json'], {env: env()});
		const [entry] = JSON.parse(run.stdout);
		expect(entry).toMatchObject({profile: 'demo', vendor: 'mstr', outcome: 'imported', exitCode: 0, undoPackage: path.join(work, 'year.undo.mmp')});
		expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('packport import (MicroStrategy) against a failing server', () => {
	it('a failing import exits 1 with the job id in JSON and the holder deleted', async () => {
		await setUp(['mstr-import-fails']);
		const run = await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		expect(run.code).toBe(1);
		const result = JSON.parse(run.stdout);
		expect(result).toMatchObject({ok: false, exitCode: 1, status: 'failed'});
		expect(result.jobId).toEqual(expect.any(String));
		expect(result.error.message).toContain('import failed');
		expect(result.steps).toContainEqual(expect.objectContaining({name: 'import', status: 'failed'}));
		expect(mstrState()).toMatchObject({sessions: 0, holders: 0, imports: 0});
	});

	it('Ctrl-C during the import cleans up and exits 5 with the job id', async () => {
		await setUp(['mstr-slow-import']);
		const run = await runCli([...importArgs(), '--yes', '--json-stream'], {
			env: env(),
			onStart(child, output) {
				void waitFor(() => output.stdout().includes('"step":"import","percent"')).then(() => child.kill('SIGINT'));
			},
		});
		expect(run.code).toBe(5);
		const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
		expect(result).toMatchObject({type: 'result', exitCode: 5, status: 'unknown'});
		expect(result.jobId).toEqual(expect.any(String));
		expect(result.error.hint).toContain(`--job ${result.jobId}`);
		expect(result.details.cleanup.done).toContain('Package holder deleted');
		expect(mstrState()).toMatchObject({sessions: 0, holders: 0, imports: 0});
	});

	it('a deadline that passes exits 5, never success', async () => {
		await setUp(['mstr-slow-import']);
		const run = await runCli([...importArgs(), '--yes', '--json', '--timeout', '0.01'], {env: env()});
		expect(run.code).toBe(5);
		const result = JSON.parse(run.stdout);
		expect(result.ok).toBe(false);
		expect(result.error.message).toContain('--timeout');
		expect(mstrState()).toMatchObject({holders: 0, sessions: 0});
	});

	it('a session that expires mid-import exits 5: outcome unknown', async () => {
		await setUp(['mstr-session-expiry']);
		const run = await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		expect(run.code).toBe(5);
		expect(JSON.parse(run.stdout).error.message).toContain('session');
	});

	it.each([['mstr-rate-limit'], ['mstr-5xx-burst']])('recovers from %s on status polls', async scenario => {
		await setUp([scenario]);
		const run = await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		expect(run.code, run.stdout).toBe(0);
		expect(mstrState().importsCreated).toBe(1);
	});

	it('a server that refuses action changes stops the headless run with a clear reason', async () => {
		await setUp(['mstr-actions-refused']);
		const run = await runCli([...importArgs(), '--yes', '--json', '--default-action', 'use_existing'], {env: env()});
		expect(run.code).toBe(1);
		const result = JSON.parse(run.stdout);
		expect(result.error.code).toBe('ACTIONS_REFUSED');
		expect(result.error.hint).toContain('--action');
		expect(mstrState()).toMatchObject({holders: 0, importsCreated: 0});
	});
});
