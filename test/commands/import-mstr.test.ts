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

// A 100 ms import still takes a few 50 ms polls; mstr-slow-import makes it 2 s for the tests that
// stop it half-way.
const setUp = async (scenarios: string[] = [], timing = {mstrImportMs: 100, mstrReadyMs: 20}) => {
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

	it('a server that takes action changes on an uploaded package: --default-action and --action applied, read back', async () => {
		await emulator.close();
		await setUp(['mstr-actions-accepted']);
		const run = await runCli([...importArgs(), '--yes', '--json', '--default-action', 'use_existing', '--action', '8D679D5111D3E4981000E787EC6DE8A4=force_replace'], {env: env()});
		expect(run.code, run.stderr).toBe(0);
		const {details} = JSON.parse(run.stdout);
		const year = details.objects.find((object: {id: string}) => object.id === '8D679D5111D3E4981000E787EC6DE8A4');
		expect(year.action).toBe('force_replace');
		expect(details.objects.filter((object: {action: string}) => object.action === 'use_existing')).toHaveLength(4);
	});

	it('as documented, the server refuses action changes on an uploaded package: exit 1 ACTIONS_REFUSED, nothing imported', async () => {
		const run = await runCli([...importArgs(), '--yes', '--json', '--action', '8D679D5111D3E4981000E787EC6DE8A4=use_existing'], {env: env()});
		expect(run.code).toBe(1);
		const result = JSON.parse(run.stdout);
		expect(result.error.code).toBe('ACTIONS_REFUSED');
		expect(result.error.message).toContain('nothing was imported');
		expect(mstrState()).toMatchObject({importsCreated: 0, sessions: 0, holders: 0});
	});

	it('a server that answers the change but ignores it: exit 1 ACTIONS_NOT_APPLIED naming the object, the result showing its real action', async () => {
		await emulator.close();
		await setUp(['mstr-actions-ignored']);
		const run = await runCli([...importArgs(), '--yes', '--json', '--action', '8D679D5111D3E4981000E787EC6DE8A4=use_existing'], {env: env()});
		expect(run.code).toBe(1);
		const result = JSON.parse(run.stdout);
		expect(result.error.code).toBe('ACTIONS_NOT_APPLIED');
		expect(result.error.message).toContain('Year (8D679D5111D3E4981000E787EC6DE8A4): asked use_existing, the server keeps replace');
		expect(result.details.objects.find((object: {id: string}) => object.id === '8D679D5111D3E4981000E787EC6DE8A4').action).toBe('replace');
		expect(mstrState().importsCreated).toBe(0);
	});

	it('a row without an action of its own shows (and imports with) the default action', async () => {
		const run = await runCli([...importArgs(), '--yes', '--json'], {env: env()});
		const {details} = JSON.parse(run.stdout);
		const dependent = details.objects.find((object: {name: string}) => object.name === 'Last 5 Years');
		expect(dependent.action).toBe(details.actions.defaultAction);
	});

	it('API-token sign-in: the token alone, checked by the server; a wrong token names what to check', async () => {
		const token = await runCli(['profiles', 'add', 'token', '--vendor', 'mstr', '--url', emulator.urls.mstr, '--login-mode', '4096', '--project-id', projectId, '--password-stdin'], {env: env(), input: mstrDemoCredentials.apiToken});
		expect(token.code, token.stderr).toBe(0);
		expect(token.stdout).toContain('The API token is saved in');
		const good = await runCli(['import', '--profile', 'token', '--package', path.join(work, 'year.mmp'), '--poll-interval', '0.05', '--yes', '--json'], {env: env()});
		expect(good.code, good.stderr).toBe(0);
		const bad = await runCli(['import', '--profile', 'token', '--package', path.join(work, 'year.mmp'), '--yes'], {env: {...env(), PACKPORT_PASSWORD: 'not-the-token'}});
		expect(bad.code).toBe(3);
		expect(bad.stderr).toContain("Hint: Check the API token of profile 'token' (it may have expired or been revoked).");
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
		await emulator.close();
		await setUp(['mstr-holder-fails']);
		const run = await runCli([...importArgs('not-a-package.mmp'), '--yes', '--json'], {env: env()});
		expect(run.code).toBe(1);
		expect(JSON.parse(run.stdout).error.message).toContain('could not read');
		expect(mstrState()).toMatchObject({sessions: 0, holders: 0});
	});

	it('keep_both: MicroStrategy makes no undo package, so the import runs without asking for one (said first); --undo-out insists', async () => {
		const run = await runCli([...importArgs('keep-both.mmp'), '--yes', '--json'], {env: env()});
		expect(run.code).toBe(0);
		const result = JSON.parse(run.stdout);
		expect(result.undoPackage).toBeNull();
		expect(result.details.actions.generateUndo).toBe(false);
		expect(result.warnings.join(' ')).toContain('use keep_both: MicroStrategy cannot make an undo package for such an import, so it runs without one');
		const insisted = await runCli([...importArgs('keep-both.mmp'), '--yes', '--json', '--undo-out', path.join(work, 'kb.undo.mmp')], {env: env()});
		expect(insisted.code).toBe(4);
		expect(JSON.parse(insisted.stdout).warnings.join(' ')).toContain('No undo package: 3 objects use keep_both, for which MicroStrategy makes no undo package.');
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
		// MicroStrategy keeps an import only in its session: no status command is offered.
		expect(result.error.hint).toContain(`MicroStrategy keeps import ${result.jobId} only in this session`);
		expect(result.error.hint).not.toContain('packport status');
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
