/**
 * Signals and crashes during an import, and history under concurrent runs: SIGTERM detaches (or,
 * with --on-interrupt wait, waits for the end), kill -9 leaves an entry the next start offers to
 * re-attach, and two imports at once leave config and history whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/cli.js';
import {startFaultEnv, type FaultEnv} from './fault-env.js';

let env: FaultEnv | undefined;
afterEach(async () => {
	await env?.emulator.close();
	env = undefined;
});

const submittedJob = (stdout: string) => /"jobId":\s*"?([\w-]+)"?/.exec(stdout)?.[1];

describe('signals after the submit (headless)', () => {
	it('SIGTERM detaches: exit 5, the job keeps running, history and the command say how to re-attach', async () => {
		env = await startFaultEnv('vault', [], {vaultJobMs: 4000});
		const run = await env.run(env.importArgs('--json-stream').filter(arg => arg !== '--json'), {
			onStart(child, output) {
				void waitFor(() => submittedJob(output.stdout()) !== undefined).then(() => child.kill('SIGTERM'));
			},
		});
		expect(run.code).toBe(5);
		const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
		expect(result.error.message).toMatch(/Interrupted while the import was running \(job \d+\)/);
		expect(result.error.hint).toBe(`Check it with: packport status --profile p --job ${result.jobId} --watch`);
		expect(result.details.cleanup.done).toContain('Signed out');
		const history = JSON.parse((await env.run(['history', '--json'])).stdout);
		expect(history).toEqual([expect.objectContaining({phase: 'finished', jobId: result.jobId, outcome: 'unknown', exitCode: 5})]);
		expect(env.state().jobsCreated).toBe(1);
	});

	it('Ctrl-C (SIGINT) while Vault runs the import job detaches the same way: exit 5 with the re-attach command', async () => {
		env = await startFaultEnv('vault', [], {vaultJobMs: 4000});
		const run = await env.run(env.importArgs('--json-stream').filter(arg => arg !== '--json'), {
			onStart(child, output) {
				// The import job's first status: the upload is done and the job runs on the server.
				void waitFor(() => /"step":"import","serverStatus":"queued","jobId":"\d+"/.test(output.stdout())).then(() => child.kill('SIGINT'));
			},
		});
		expect(run.code).toBe(5);
		const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
		expect(result).toMatchObject({status: 'unknown', error: {code: 'unknown-outcome'}});
		expect(result.error.hint).toBe(`Check it with: packport status --profile p --job ${result.jobId} --watch`);
		expect(env.state()).toMatchObject({jobsCreated: 1, sessions: 0});
	});

	it('--on-interrupt wait: the first SIGTERM waits for the job to end and reports its real outcome', async () => {
		env = await startFaultEnv('vault', [], {vaultJobMs: 1500});
		const run = await env.run([...env.importArgs('--json-stream', '--on-interrupt', 'wait').filter(arg => arg !== '--json')], {
			onStart(child, output) {
				void waitFor(() => submittedJob(output.stdout()) !== undefined).then(() => child.kill('SIGTERM'));
			},
		});
		expect(run.code, run.stderr).toBe(0);
		const lines = run.stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; message?: string; status?: string});
		expect(lines.some(line => line.type === 'log' && /Interrupted: waiting for job \d+ to end \(--on-interrupt wait\)/.test(line.message ?? ''))).toBe(true);
		expect(lines.at(-1)).toMatchObject({type: 'result', status: 'imported'});
	});

	it('refuses an unknown --on-interrupt with exit 2 before anything is sent', async () => {
		env = await startFaultEnv('vault', []);
		const run = await env.run(env.importArgs('--on-interrupt', 'later'));
		expect(run.code).toBe(2);
		expect(JSON.parse(run.stdout).error.message).toBe('--on-interrupt later is not detach or wait.');
		expect(env.state().logins).toBe(0);
	});
});

describe('a crash mid-import', () => {
	it('kill -9 leaves a "started" entry; history flags it with the re-attach command, and status --watch closes it', async () => {
		env = await startFaultEnv('aep', [], {aepJobMs: 2500});
		const run = await env.run(env.importArgs('--json-stream').filter(arg => arg !== '--json'), {
			onStart(child, output) {
				void waitFor(() => /"jobId":"[0-9a-f]{32}"/.test(output.stdout())).then(() => child.kill('SIGKILL'));
			},
		});
		expect(run.signal).toBe('SIGKILL');
		const [entry] = JSON.parse((await env.run(['history', '--json'])).stdout);
		expect(entry).toMatchObject({phase: 'started', profile: 'p', vendor: 'aep', outcome: null});
		const human = await env.run(['history']);
		expect(human.stdout).toContain('interrupted');
		expect(human.stdout).toContain(`Re-attach: packport status --profile p --job ${entry.jobId} --watch`);

		const watched = await env.run(['status', '--profile', 'p', '--job', entry.jobId, '--watch', '--poll-interval', '0.1']);
		expect(watched.code, watched.stderr).toBe(0);
		expect(watched.stdout).toMatch(/ended success/);
		const after = JSON.parse((await env.run(['history', '--json'])).stdout);
		expect(after).toEqual([expect.objectContaining({phase: 'finished', jobId: entry.jobId, outcome: 'imported', exitCode: 0})]);
		expect((await env.run(['history'])).stdout).not.toContain('Re-attach');
	});
});

describe('concurrent runs', () => {
	it('two imports and a profile change at once leave config and history whole', async () => {
		env = await startFaultEnv('vault', []);
		const second = `${env.work}/second.vpk`;
		fs.copyFileSync(path.join(env.work, 'multi-step.vpk'), second);
		const [first, other, added] = await Promise.all([
			env.run(env.importArgs()),
			env.run(['import', '--profile', 'p', '--package', second, '--poll-interval', '0.05', '--yes', '--json']),
			env.run(['profiles', 'add', 'q', '--vendor', 'vault', '--url', 'https://other.veevavault.com', '--username', 'someone', '--password-stdin'], {input: 'another-secret-value\n'}),
		]);
		expect([first.code, other.code, added.code]).toEqual([0, 0, 0]);
		const history = JSON.parse((await env.run(['history', '--json'])).stdout) as Array<{phase: string; jobId: string}>;
		expect(history.map(entry => entry.phase)).toEqual(['finished', 'finished']);
		expect(new Set(history.map(entry => entry.jobId)).size).toBe(2);
		for (const line of fs.readFileSync(path.join(env.configDir, 'history.jsonl'), 'utf8').trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
		const profiles = JSON.parse((await env.run(['profiles', 'list', '--json'])).stdout) as Array<{name: string}>;
		expect(profiles.map(profile => profile.name)).toEqual(['p', 'q']);
	});
});
