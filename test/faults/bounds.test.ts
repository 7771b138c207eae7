/**
 * Issue 14: bounded on any answer (findings 10, 12, 14, 16, 20). Each test is a server that misbehaves
 * — the emulator's fault scenarios or a few lines of hostile HTTP — and the built CLI against it.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {describe, expect, it, type TestContext} from 'vitest';
import {cliPath, makeTempDir, runCli} from '../helpers/cli.js';
import {verbatim} from '../helpers/replay-server.js';
import {startAepReplay, packageList} from '../replay/aep-samples.js';
import {startFaultEnv} from './fault-env.js';

// Every test has its own servers and folders, closed when it ends (the test context's
// onTestFinished, which knows which of the concurrent tests it is), and mostly waits on the CLI's
// child process: the tests of each describe run at the same time.
type Finished = TestContext['onTestFinished'];

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

/** An emulator with `scenarios` (see fault-env.ts), closed when the test ends. */
const faultEnv = async (onTestFinished: Finished, ...args: Parameters<typeof startFaultEnv>) => {
	const env = await startFaultEnv(...args);
	onTestFinished(async () => env.emulator.close());
	return env;
};

/** A MicroStrategy "server" whose login answers with `answer`. */
const hostileMstr = async (onTestFinished: Finished, answer: (response: http.ServerResponse) => void) => {
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => answer(response));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	onTestFinished(async () => {
		server.closeAllConnections();
		await new Promise<void>(resolve => server.close(() => resolve()));
	});
	const configDir = makeTempDir();
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/MicroStrategyLibrary`;
	const added = await runCli(['profiles', 'add', 'h', '--vendor', 'mstr', '--url', url, '--username', 'admin', '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F', '--password-stdin'], {env: {PACKPORT_CONFIG_DIR: configDir}, input: 'pw-123456'});
	expect(added.code, added.stderr).toBe(0);
	return configDir;
};

const trickle = (response: http.ServerResponse) => {
	response.writeHead(204, {'x-mstr-authtoken': 'token'});
	const timer = setInterval(() => response.write(' '), 1000);
	response.on('close', () => clearInterval(timer));
};

describe.concurrent('answers that never end or make no sense', () => {
	it('a 2 GiB status answer is cut at 32 MiB and polled again; the import ends normally, with bounded memory', async ({onTestFinished}) => {
		const env = await faultEnv(onTestFinished, 'mstr', ['mstr-huge-answer']);
		// GNU time reports the child's peak RSS (kB): the whole import, the big answer included.
		// (Spawned asynchronously: the emulator answering it runs in this process.)
		const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, cliPath, ...env.importArgs()], {env: {PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', PACKPORT_CONFIG_DIR: env.configDir}});
		const run = {stdout: '', stderr: '', status: null as number | null};
		child.stdout.on('data', chunk => (run.stdout += String(chunk)));
		child.stderr.on('data', chunk => (run.stderr += String(chunk)));
		run.status = await new Promise(resolve => child.on('close', resolve));
		expect(run.status, run.stderr).toBe(0);
		expect(JSON.parse(run.stdout)).toMatchObject({exitCode: 0, status: 'imported'});
		const peakKb = Number(run.stderr.trim().split('\n').at(-1));
		expect(peakKb / 1024).toBeLessThan(150);
	});

	it('a status answer without a status word: polled again, then outcome unknown (exit 5) — never an internal error', async ({onTestFinished}) => {
		const env = await faultEnv(onTestFinished, 'mstr', ['mstr-no-status']);
		const run = await env.run(env.importArgs('--timeout', '0.02'));
		expect(run.code).toBe(5);
		expect(JSON.parse(run.stdout)).toMatchObject({exitCode: 5, status: 'unknown'});
		expect(run.stderr).not.toContain('internal error');
	});

	it('--request-timeout 2 ends an answer that arrives a byte a second, in about 2 s', async ({onTestFinished}) => {
		const configDir = await hostileMstr(onTestFinished, trickle);
		const started = Date.now();
		const run = await runCli(['import', '--profile', 'h', '--package', path.join(fixtures, 'mstr/year.mmp'), '--yes', '--request-timeout', '2', '--no-undo'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		const seconds = (Date.now() - started) / 1000;
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('no answer in time');
		expect(seconds).toBeLessThan(6);
	});

	it('--timeout reached before anything was sent: exit 130, nothing imported (not "outcome unknown")', async ({onTestFinished}) => {
		const configDir = await hostileMstr(onTestFinished, trickle);
		const run = await runCli(['import', '--profile', 'h', '--package', path.join(fixtures, 'mstr/year.mmp'), '--yes', '--json', '--timeout', '0.02', '--no-undo'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(run.code).toBe(130);
		expect(JSON.parse(run.stdout).error.message).toBe('Stopped after 0.02 min (--timeout) before the import started; nothing was imported.');
	});

	it('a login that gives no session token is a failed sign-in (exit 3), not a crash', async ({onTestFinished}) => {
		const configDir = await hostileMstr(onTestFinished, response => response.writeHead(204).end());
		const run = await runCli(['import', '--profile', 'h', '--package', path.join(fixtures, 'mstr/year.mmp'), '--yes', '--no-undo'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('Error: MicroStrategy answered the login (HTTP 204) without an X-MSTR-AuthToken header, so there is no session.');
	});

	it('an Adobe package list that always has a next page (the same page) ends at once with what to do', async ({onTestFinished}) => {
		const {server, configDir} = await startAepReplay({'GET /packages': verbatim(packageList)});
		onTestFinished(async () => server.close());
		const run = await runCli(['import', '--profile', 'replay', '--package', 'no such name', '--yes'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(`Error: Adobe's package list did not come to an end (2 packages read, then pages repeated or ran past 10,000), so "no such name" could not be looked up by name.`);
		expect(server.calls('GET', '/packages').length).toBeLessThan(4);
	});

	it('--action with something that is not an object id: exit 2 before the sign-in', async ({onTestFinished}) => {
		const env = await faultEnv(onTestFinished, 'mstr', []);
		const run = await env.run(env.importArgs('--action', 'Year=replace'));
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('Error: --action names "Year", which is not a MicroStrategy object id (32 hexadecimal digits).');
		expect(env.state().logins).toBe(0);
	});
});

describe.concurrent('server text never drives the terminal', () => {
	it('an import id and status word with escape sequences: not in progress lines, the Job: line, JSON or history', async ({onTestFinished}) => {
		const env = await faultEnv(onTestFinished, 'mstr', ['mstr-hostile-text']);
		const plain = await env.run(env.importArgs().filter(arg => arg !== '--json'));
		expect(plain.code, plain.stderr).toBe(0);
		expect(plain.stdout).toContain('Job: ');
		const json = await env.run(env.importArgs());
		const history = await env.run(['history']);
		const historyFile = fs.readFileSync(path.join(env.configDir, 'history.jsonl'), 'utf8');
		for (const text of [plain.stdout, plain.stderr, json.stdout, history.stdout, historyFile]) {
			// eslint-disable-next-line no-control-regex
			expect(text).not.toMatch(/\u001B|\u0007|\\u001b|\\u0007/i);
		}
	});
});

describe.concurrent('every wait has an end', () => {
	it('status --watch stops at its --timeout with exit 5, the job going on', async ({onTestFinished}) => {
		const env = await faultEnv(onTestFinished, 'vault', [], {vaultJobMs: 60_000});
		const started = await env.run(env.importArgs('--timeout', '0.02'));
		const jobId = JSON.parse(started.stdout).jobId as string;
		expect(jobId).toBeTruthy();
		const watch = await env.run(['status', '--profile', 'p', '--job', jobId, '--watch', '--timeout', '0.02', '--poll-interval', '0.05']);
		expect(watch.code).toBe(5);
		expect(watch.stderr).toContain(`Error: Stopped watching job ${jobId} after 0.02 min (--timeout); it goes on on the server.`);
	});
});
