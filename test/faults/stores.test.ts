/**
 * The local stores under damage, concurrency and careless permissions (issue 14, findings 3, 7, 8,
 * 17, 18 and part of 20): real files in temp folders, the built CLI as child processes, asserting
 * what the user sees and what is left on disk. Profiles point at a closed loopback port, so a run
 * that wrongly gets as far as the network fails at once instead of reaching out.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makeTempDir, runCli} from '../helpers/cli.js';

const url = 'http://127.0.0.1:9/MicroStrategyLibrary';
const addArgs = (name: string) => ['profiles', 'add', name, '--vendor', 'mstr', '--url', url, '--username', 'admin', '--password-stdin'];
const fileStore = (configDir: string) => ({PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'file'});
const lines = (text: string) => text.trimEnd().split('\n');
const leftovers = (directory: string) => fs.readdirSync(directory).filter(name => name.endsWith('.tmp') || name.endsWith('.lock'));
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const isRoot = process.getuid?.() === 0;

/** A history line as packport writes it. */
const entry = (runId: string, jobId: string) =>
	JSON.stringify({runId, phase: 'finished', at: '2026-01-02T03:04:05.000Z', profile: 'prod', vendor: 'vault', package: 'year.vpk', sha256: null, jobId, outcome: 'imported', exitCode: 0, undoPackage: null});

// Folders made immutable or handed to another user are given back, so the temp dirs can go.
const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('finding 3: a secrets file open to others or owned by someone else', () => {
	it('is refused with the file, what is wrong and the fix; profiles show says the real mode', async () => {
		const configDir = makeTempDir();
		const env = fileStore(configDir);
		const file = path.join(configDir, 'secrets.json');
		expect((await runCli(addArgs('prod'), {env, input: 'first-secret\n'})).code).toBe(0);

		fs.chmodSync(file, 0o644);
		const show = await runCli(['profiles', 'show', 'prod'], {env});
		expect(show.code).toBe(2);
		expect(show.stdout).not.toContain('readable only by you');
		expect(lines(show.stderr)).toEqual([
			`Error: ${file} can be read by other users (mode 0644), so packport won't read secrets from it.`,
			`Hint: Run: chmod 600 ${file} (and change the passwords in it if someone may have read them).`,
		]);
		// An import does not use the secret either: exit 2 with the JSON failure, nothing sent.
		const imported = await runCli(['import', '--profile', 'prod', '--package', 'year.mmp', '--yes', '--json'], {env});
		expect(imported.code).toBe(2);
		expect(JSON.parse(imported.stdout).error).toMatchObject({code: 'SECRETS_FILE_UNSAFE', hint: expect.stringContaining(`chmod 600 ${file}`)});

		if (isRoot) {
			fs.chmodSync(file, 0o600);
			fs.chownSync(file, 65_534, 65_534);
			const foreign = await runCli(['profiles', 'show', 'prod', '--json'], {env});
			expect(foreign.code).toBe(2);
			expect(JSON.parse(foreign.stdout).error.message).toBe(`${file} belongs to another user (uid 65534), so packport won't read secrets from it.`);
			fs.chownSync(file, 0, 0);
		}

		fs.chmodSync(file, 0o600);
		const fixed = await runCli(['profiles', 'show', 'prod'], {env});
		expect(fixed.code).toBe(0);
		expect(fixed.stdout).toContain(`saved in ${file} (file, mode 0600, readable only by you)`);
	});
});

describe('finding 7: ten profiles add at once', () => {
	it('keep all ten profiles and secrets, each "saved" is true, a dead process\'s lock is taken over', async () => {
		const configDir = makeTempDir();
		const env = fileStore(configDir);
		// A lock left by a process that died (kill -9 mid-write) must not block anyone.
		const dead = spawnSync(process.execPath, ['-e', '']).pid;
		fs.writeFileSync(path.join(configDir, 'config.json.lock'), `${dead}\n${os.hostname()}\n2026-01-01T00:00:00.000Z\n`);
		const names = Array.from({length: 10}, (_, index) => `p${index}`);
		const runs = await Promise.all(names.map(async name => runCli(addArgs(name), {env, input: `secret-of-${name}\n`})));

		for (const [index, run] of runs.entries()) {
			expect(run.code, run.stderr).toBe(0);
			expect(lines(run.stdout)[0]).toBe(`Profile saved: ${names[index]} (MicroStrategy, ${url}).`);
		}

		// The once-only note is decided under the lock: exactly one of the ten shows it.
		expect(runs.filter(run => run.stderr.includes('This note is shown once.'))).toHaveLength(1);
		const config = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'));
		expect(Object.keys(config.profiles).sort()).toEqual(names);
		const secrets = JSON.parse(fs.readFileSync(path.join(configDir, 'secrets.json'), 'utf8'));
		expect(secrets).toEqual(Object.fromEntries(names.map(name => [name, `secret-of-${name}`])));
		expect(modeOf(path.join(configDir, 'secrets.json'))).toBe(0o600);
		expect(leftovers(configDir)).toEqual([]);
	});
});

describe('finding 8: a damaged secrets file, and a write that fails', () => {
	it('is never overwritten: named, kept, copied beside it, exit 2; a failed rename leaves no temp file', async () => {
		const configDir = makeTempDir();
		const env = fileStore(configDir);
		const file = path.join(configDir, 'secrets.json');
		expect((await runCli(addArgs('prod'), {env, input: 'first-secret\n'})).code).toBe(0);
		const damaged = '{\n\t"prod": "first-secret",\n\t"other": "second-sec';
		fs.writeFileSync(file, damaged, {mode: 0o600});

		const run = await runCli(addArgs('next'), {env, input: 'third-secret\n'});
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		const [error, hint, ...rest] = lines(run.stderr);
		expect(rest).toEqual([]);
		expect(error).toMatch(new RegExp(`^Error: ${file} is damaged \\(not valid JSON: .+\\); packport left it as it is\\.$`));
		const copy = /^Hint: A copy is at (\S+)\. Repair the file, or move it away/.exec(hint ?? '')?.[1];
		expect(copy).toMatch(/secrets\.json\.damaged-\d{4}-\d\d-\d\dT\d{6}Z$/);
		expect(fs.readFileSync(file, 'utf8')).toBe(damaged);
		expect(fs.readFileSync(copy!, 'utf8')).toBe(damaged);
		expect(modeOf(copy!)).toBe(0o600);
		// Refused before anything changed: no profile without its secret.
		expect(Object.keys(JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')).profiles)).toEqual(['prod']);

		// A rename that fails (an immutable file, as root on ext4): the temp file holding the secret goes.
		fs.writeFileSync(file, '{"prod": "first-secret"}', {mode: 0o600});
		if (spawnSync('chattr', ['+i', file]).status !== 0) return;
		cleanups.push(() => spawnSync('chattr', ['-i', file]));
		const blocked = await runCli(addArgs('blocked'), {env, input: 'fourth-secret\n'});
		expect(blocked.code).toBe(2);
		expect(blocked.stdout).not.toContain('saved');
		expect(blocked.stderr).toContain(`Could not save ${file}: operation not permitted (EPERM).`);
		expect(leftovers(configDir)).toEqual([]);
		expect(fs.readFileSync(file, 'utf8')).toBe('{"prod": "first-secret"}');
	});
});

describe('finding 17: history lines of any shape, and a history over 512 MB', () => {
	it('skips and counts odd lines; streams a huge file instead of calling it empty', async () => {
		const configDir = makeTempDir();
		const file = path.join(configDir, 'history.jsonl');
		const odd = ['[]', '{"profile": 5}', JSON.stringify({...JSON.parse(entry('r9', '9')), profile: 5}), 'null', 'not json'];
		fs.writeFileSync(file, [entry('r1', '101'), ...odd, entry('r2', '102'), ''].join('\n'));
		const human = await runCli(['history'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(human.code, human.stderr).toBe(0);
		expect(lines(human.stdout)).toHaveLength(3);
		expect(human.stdout).toMatch(/prod\s+vault\s+imported\s+101 {2}year\.vpk/);
		expect(human.stdout).toMatch(/imported\s+102 {2}year\.vpk/);
		expect(human.stderr).toBe(`5 lines skipped in ${file}: not history entries packport can read.\n`);
		const json = await runCli(['history', '--json'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect((JSON.parse(json.stdout) as Array<{jobId: string}>).map(run => run.jobId)).toEqual(['101', '102']);

		// 600 MB, sparse: one entry, a 600 MB line of zero bytes, one more entry.
		const big = makeTempDir();
		const bigFile = path.join(big, 'history.jsonl');
		fs.writeFileSync(bigFile, `${entry('r1', '201')}\n`);
		const fd = fs.openSync(bigFile, 'r+');
		fs.writeSync(fd, `\n${entry('r2', '202')}\n`, 600 * 1024 * 1024);
		fs.closeSync(fd);
		cleanups.push(() => fs.rmSync(big, {recursive: true, force: true}));
		const huge = await runCli(['history'], {env: {PACKPORT_CONFIG_DIR: big}});
		expect(huge.code, huge.stderr).toBe(0);
		expect(huge.stdout).not.toContain('No imports yet');
		expect(huge.stdout).toMatch(/imported\s+201 /);
		expect(huge.stdout).toMatch(/imported\s+202 /);
		expect(huge.stderr).toBe(`1 line skipped in ${bigFile}: not history entries packport can read.\n`);
	});
});

describe('finding 18: a truncated config.json, and HOME unset', () => {
	it('is one line naming the file (exit 2), a JSON object under --json, the file kept; reading commands write nothing', async () => {
		const configDir = makeTempDir();
		const env = fileStore(configDir);
		const file = path.join(configDir, 'config.json');
		const truncated = `{"profiles": {"prod": {"vendor": "mstr", "url": "${url.slice(0, 20)}`;
		fs.writeFileSync(file, truncated);

		const list = await runCli(['profiles', 'list'], {env});
		expect(list.code).toBe(2);
		const [error, hint, ...rest] = lines(list.stderr);
		expect(rest).toEqual([]);
		expect(error).toMatch(new RegExp(`^Error: ${file} is damaged \\(not valid JSON: .+\\); packport left it as it is\\.$`));
		expect(hint).toMatch(/^Hint: A copy is at \S+config\.json\.damaged-\S+\. Repair the file, or move it away/);

		const imported = await runCli(['import', '--profile', 'prod', '--package', 'year.mmp', '--yes', '--json'], {env});
		expect(imported.code).toBe(2);
		const result = JSON.parse(imported.stdout);
		expect(result).toMatchObject({ok: false, exitCode: 2, error: {code: 'FILE_DAMAGED', message: expect.stringContaining(file), hint: expect.stringContaining('A copy is at')}});
		expect(fs.readFileSync(file, 'utf8')).toBe(truncated);
		// One copy per distinct content, however many commands saw it.
		expect(fs.readdirSync(configDir).filter(name => name.startsWith('config.json.damaged-'))).toHaveLength(1);

		// Without HOME (XDG_CONFIG_HOME says where): reading commands create no folder and no file.
		const xdg = makeTempDir();
		const work = makeTempDir();
		for (const args of [['profiles', 'list'], ['profiles', 'list', '--json'], ['history'], ['--help']]) {
			const run = await runCli(args, {cwd: work, env: {HOME: undefined, XDG_CONFIG_HOME: xdg}});
			expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
		}

		expect(fs.readdirSync(xdg)).toEqual([]);
		expect(fs.readdirSync(work)).toEqual([]);
	});
});

describe('finding 20 (part): usage errors of status and profiles show under --json, and 300,000 profiles', () => {
	it('print the JSON failure object; profiles list lists them all', async () => {
		const configDir = makeTempDir();
		const env = fileStore(configDir);
		for (const [args, message] of [
			[['status', '--json'], '--profile is required.'],
			[['profiles', 'show', '--json'], 'profiles show needs a NAME.'],
			[['profiles', 'show', 'ghost', '--json'], "No profile named 'ghost'."],
		] as const) {
			const run = await runCli([...args], {env});
			expect(run.code, args.join(' ')).toBe(2);
			expect(JSON.parse(run.stdout)).toMatchObject({ok: false, exitCode: 2, error: {code: 'usage', message, hint: expect.any(String)}});
			expect(run.stderr).toContain(`Error: ${message}`);
		}

		const profiles = Object.fromEntries(Array.from({length: 300_000}, (_, index) => [`p${index}`, {vendor: 'mstr', url, username: 'admin'}]));
		fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({profiles}));
		const list = await runCli(['profiles', 'list'], {env});
		expect(list.code, list.stderr).toBe(0);
		const rows = lines(list.stdout);
		expect(rows).toHaveLength(300_001);
		expect(rows[0]).toMatch(/^NAME\s+VENDOR {2}URL$/);
		expect(rows.at(-1)).toMatch(new RegExp(`^p\\d+\\s+mstr\\s+${url.replaceAll('.', '\\.')}$`));
	});
});
