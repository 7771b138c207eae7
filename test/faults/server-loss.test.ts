/**
 * Issue 15, finding 4: the server dies while the import runs. Every vendor says it cannot reach the
 * server and is retrying (instead of sitting on the last status), gives up within a bound, ends
 * with exit 5 and how to check the job, and reports only the cleanup the server confirmed.
 */
import {describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/cli.js';
import {startFaultEnv, type FaultVendor} from './fault-env.js';

type StreamEvent = {type: string; level?: string; message?: string; jobId?: string; exitCode?: number; status?: string; error?: {message: string; hint: string | null}; details?: {cleanup?: {done: string[]; left: string[]}}};

const parse = (stdout: string): StreamEvent[] =>
	stdout
		.split('\n')
		.filter(line => line.trim())
		.map(line => JSON.parse(line) as StreamEvent);

describe('the server goes away during the import', () => {
	it.each<[FaultVendor, RegExp]>([
		['mstr', /keeps import \S+ only in this session/],
		['vault', /packport status --profile p --job \S+ --watch/],
		['aep', /packport status --profile p --job \S+ --watch/],
	])('%s: "can\'t reach …, retrying (n of 8)" lines, then exit 5 with how to check, and no claimed sign-out', async (vendor, check) => {
		// Jobs that run far longer than the test: the only way this ends is the give-up.
		const env = await startFaultEnv(vendor, [], {mstrImportMs: 600_000, vaultJobMs: 600_000, aepJobMs: 600_000});
		let closed = false;
		// Polls every 10 ms, so the backoff (2×, 4×… the interval) stays short enough for a test.
		const args = env.importArgs().filter(arg => arg !== '--json').map(arg => (arg === '0.05' ? '0.01' : arg));
		const run = await env.run([...args, '--json-stream'], {
			onStart(_child, output) {
				// Once the job runs on the server (a progress event with its id), the server dies.
				void waitFor(() => /"type":"progress"[^\n]*"jobId"/.test(output.stdout()), 30_000).then(async () => {
					closed = true;
					await env.emulator.close();
				});
			},
		});
		expect(closed, run.stdout + run.stderr).toBe(true);
		const events = parse(run.stdout);
		// With 10 ms polls Vault's job-status limit may answer first (API_LIMIT_EXCEEDED, retried
		// the same way, the count starting again once the server answers); the last run of retries
		// is the dead server's.
		const retries = events.filter(event => event.type === 'log' && /retrying \(\d of 8\)/.test(event.message ?? ''));
		const lastRun = retries.slice(retries.findLastIndex(event => /retrying \(1 of 8\)/.test(event.message!)));
		expect(lastRun.map(event => /retrying \((\d) of 8\)/.exec(event.message!)![1]), run.stdout).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
		// The first of them may still be the limit's answer, the server going away just after it.
		for (const event of lastRun.slice(1)) {
			expect(event.message).toMatch(/^Can't reach http:\/\/127\.0\.0\.1:\d+ \(reading the (import|job) status\): connection (refused|reset); retrying \(\d of 8\) in \d+ s\.$/);
		}

		const result = events.at(-1)!;
		expect(result.type).toBe('result');
		expect(run.code).toBe(5);
		expect(result.exitCode).toBe(5);
		expect(result.status).toBe('unknown');
		expect(result.error!.message).toMatch(/gave up after 9 tries over \d+ s\. The import was already submitted; its outcome is unknown\./);
		expect(result.error!.hint).toMatch(check);
		// Nothing was confirmed by a server that is gone: no "Signed out".
		expect(result.details!.cleanup!.done).not.toContain('Signed out');
		if (vendor !== 'aep') expect(result.details!.cleanup!.left.join('\n')).toMatch(/Not signed out of (Vault|MicroStrategy) \(.*\); the session ends when it times out/);
	}, 60_000);
});
