/**
 * The bad-input catalogue of README: each gets exit 2, one "Error:" line saying what is wrong and
 * one "Hint:" line saying what to do, no stack trace, and no request to the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultEnv, type FaultEnv} from '../faults/fault-env.js';

const vaultFixtures = path.resolve(import.meta.dirname, '../../fixtures/vault');
let mstr: FaultEnv;
let vault: FaultEnv;
let aep: FaultEnv;

beforeAll(async () => {
	[mstr, vault, aep] = await Promise.all([startFaultEnv('mstr', []), startFaultEnv('vault', []), startFaultEnv('aep', [])]);
	fs.writeFileSync(path.join(mstr.work, 'empty.mmp'), '');
	fs.writeFileSync(path.join(mstr.work, 'year.zip'), fs.readFileSync(path.join(mstr.work, 'year.mmp')));
	fs.mkdirSync(path.join(mstr.work, 'folder.mmp'));
	fs.copyFileSync(path.join(mstr.work, 'year.mmp'), path.join(mstr.work, 'locked.mmp'));
	fs.chmodSync(path.join(mstr.work, 'locked.mmp'), 0o000);
	for (const name of ['not-a-zip.vpk', 'path-traversal.vpk', 'no-manifest.vpk', 'empty.vpk']) fs.copyFileSync(path.join(vaultFixtures, name), path.join(vault.work, name));
	fs.writeFileSync(path.join(aep.work, 'subs.txt'), 'this is not json');
	fs.writeFileSync(path.join(aep.work, 'subs.json'), JSON.stringify({'no-such-artifact': {id: 'x', type: 'schema'}}));
});

afterAll(async () => {
	await Promise.all([mstr, vault, aep].map(async env => env?.emulator.close()));
});

type Case = {name: string; env: () => FaultEnv; args: () => string[]; error: RegExp; sends?: 'nothing' | 'no-import'};

const mstrImport = (file: string, ...extra: string[]) => ['import', '--profile', 'p', '--package', path.join(mstr.work, file), '--yes', '--json', ...extra];
const vaultImport = (file: string, ...extra: string[]) => ['import', '--profile', 'p', '--package', path.join(vault.work, file), '--yes', '--json', ...extra];
const aepImport = (...extra: string[]) => ['import', '--profile', 'p', '--package', 'Loyalty Journeys', '--target-sandbox', 'prod', '--yes', '--json', ...extra];
// root reads any file whatever its mode, so "unreadable" cannot be staged for root (CI containers run as root).
const isRoot = os.userInfo().uid === 0;

const cases: Case[] = [
	{name: 'missing package', env: () => mstr, args: () => mstrImport('nope.mmp'), error: /^No such file: .*nope\.mmp\.$/},
	...(isRoot ? [] : [{name: 'unreadable package', env: () => mstr, args: () => mstrImport('locked.mmp'), error: /permission denied/}]),
	{name: 'empty package', env: () => mstr, args: () => mstrImport('empty.mmp'), error: /empty\.mmp is empty\./},
	{name: 'a folder instead of a package', env: () => mstr, args: () => mstrImport('folder.mmp'), error: /is a folder, not a/},
	{name: 'wrong extension', env: () => mstr, args: () => mstrImport('year.zip'), error: /does not end in \.mmp/},
	{name: 'profile of the wrong vendor for the package', env: () => mstr, args: () => ['import', '--profile', 'p', '--package', path.join(vaultFixtures, 'small.vpk'), '--yes', '--json'], error: /small\.vpk does not end in \.mmp/},
	{name: 'not a zip (.vpk)', env: () => vault, args: () => vaultImport('not-a-zip.vpk'), error: /not a (zip|ZIP)|not a valid|zip/i},
	{name: 'hostile zip: path traversal', env: () => vault, args: () => vaultImport('path-traversal.vpk'), error: /\.\.|outside|traversal|unsafe/i},
	{name: 'no manifest', env: () => vault, args: () => vaultImport('no-manifest.vpk'), error: /vaultpackage\.xml/},
	{name: 'substitutions file that is not JSON', env: () => aep, args: () => aepImport('--substitutions', path.join(aep.work, 'subs.txt')), error: /not JSON|JSON/},
	{name: 'substitutions naming artifacts not in the package', env: () => aep, args: () => aepImport('--substitutions', path.join(aep.work, 'subs.json')), error: /no-such-artifact/, sends: 'no-import'},
	{name: 'unknown action name', env: () => mstr, args: () => mstrImport('year.mmp', '--default-action', 'explode'), error: /"explode" is not an action/},
	{name: 'unknown profile', env: () => mstr, args: () => ['import', '--profile', 'nobody', '--package', 'x.mmp', '--yes', '--json'], error: /No profile named 'nobody'/},
	{name: 'absurd --timeout', env: () => mstr, args: () => mstrImport('year.mmp', '--timeout', '-5'), error: /--timeout -5 is not a number of minutes/},
	{name: 'absurd --poll-interval', env: () => mstr, args: () => mstrImport('year.mmp', '--poll-interval', 'soon'), error: /--poll-interval soon is not a number of seconds/},
	{name: 'absurd --request-timeout', env: () => mstr, args: () => mstrImport('year.mmp', '--request-timeout', '0'), error: /--request-timeout 0 is not a number of seconds/},
	{name: 'a flag packport does not have', env: () => mstr, args: () => mstrImport('year.mmp', '--no-verify'), error: /^Unknown flag --no-verify\.$/},
	{name: 'a short flag packport does not have', env: () => mstr, args: () => mstrImport('year.mmp', '-x'), error: /^Unknown flag -x\.$/},
	{name: 'an Adobe option on a MicroStrategy profile', env: () => mstr, args: () => mstrImport('year.mmp', '--target-sandbox', 'prod'), error: /target-sandbox/},
];

describe('bad input: exit 2, one line, nothing sent', () => {
	it.each(cases)('$name', async ({env, args, error, sends = 'nothing'}) => {
		const target = env();
		const before = target.emulator.inspect().calls.length;
		const run = await target.run(args());
		expect(run.code, run.stdout + run.stderr).toBe(2);
		const [message, hint, ...rest] = run.stderr.trim().split('\n');
		expect(message).toMatch(/^Error: /);
		expect(message!.replace(/^Error: /, '')).toMatch(error);
		expect(hint).toMatch(/^Hint: \S/);
		expect(rest).toEqual([]);
		expect(JSON.parse(run.stdout)).toMatchObject({ok: false, exitCode: 2});
		const calls = target.emulator.inspect().calls.slice(before);
		if (sends === 'nothing') expect(calls).toEqual([]);
		else expect(calls.filter(call => call.path.endsWith('/packages/import'))).toEqual([]);
	});

	it.each([
		['a URL without scheme', ['--url', 'bi.example.com/MicroStrategyLibrary'], /not a URL/],
		['plain http to a remote host', ['--url', 'http://bi.example.com/MicroStrategyLibrary'], /plain http/],
	])('profiles add refuses %s', async (_name, flags, error) => {
		const run = await mstr.run(['profiles', 'add', 'bad', '--vendor', 'mstr', '--username', 'u', ...flags]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(error);
		expect(run.stderr).not.toMatch(/\n\s+at /);
	});

	it.each([['import', '--help'], ['profiles', 'add', '--help'], ['status', '-h']])('%s %s … shows the help page and exits 0', async (...args) => {
		const run = await mstr.run(args);
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('Usage');
		expect(run.stdout).toContain('packport import --profile NAME --package');
		expect(run.stderr).toBe('');
	});
});
