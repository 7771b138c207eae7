/**
 * The fault matrix of README: every fault the emulator injects, per vendor, through the built CLI
 * over real HTTP. Each row checks the exit code a CI job sees, what the JSON says, and what the
 * server was left with: never two jobs, never a MicroStrategy holder or import process left.
 */
import {describe, expect, it} from 'vitest';
import {startFaultEnv, type FaultEnv, type FaultVendor} from './fault-env.js';

/**
 * Each test has its own emulator, config folder and work folder, and spends its time waiting on
 * the CLI's child processes, so the tests run at the same time (vitest's maxConcurrency, 5).
 */
const withFaultEnv = async (vendor: FaultVendor, scenarios: string[], use: (env: FaultEnv) => Promise<void>, timing?: Record<string, number>) => {
	const own = await startFaultEnv(vendor, scenarios, timing);
	try {
		await use(own);
	} finally {
		await own.emulator.close();
	}
};

type Row = {
	vendor: FaultVendor;
	fault: string;
	extra?: string[];
	exitCode: number;
	status?: string;
	/** Jobs (imports) the server holds at the end: 1 when the import ran, 0 when it never started. */
	jobs: number;
	message?: RegExp;
};

const jobsOf = (vendor: FaultVendor, state: Record<string, number>) => (vendor === 'mstr' ? state.importsCreated : state.jobsCreated);

const rows: Row[] = [
	...(['mstr', 'vault', 'aep'] as const).flatMap((vendor): Row[] => [
		{vendor, fault: `${vendor}-5xx-burst`, exitCode: 0, jobs: 1},
		{vendor, fault: `${vendor}-rate-limit`, exitCode: 0, jobs: 1},
		{vendor, fault: `${vendor}-poll-hang`, extra: ['--request-timeout', '1'], exitCode: 0, jobs: 1},
		{vendor, fault: `${vendor}-bad-json`, exitCode: 0, jobs: 1},
	]),
	{vendor: 'mstr', fault: 'mstr-upload-reset', exitCode: 3, status: 'unreachable', jobs: 0, message: /MicroStrategy|reach|reset|closed/i},
	{vendor: 'mstr', fault: 'mstr-submit-lost', exitCode: 5, status: 'unknown', jobs: 1, message: /not sent again/},
	{vendor: 'mstr', fault: 'mstr-import-fails', exitCode: 1, status: 'failed', jobs: 1},
	{vendor: 'mstr', fault: 'mstr-session-expiry', exitCode: 5, status: 'unknown', jobs: 1, message: /session/i},
	{vendor: 'mstr', fault: 'mstr-slow-import', extra: ['--timeout', '0.02'], exitCode: 5, status: 'unknown', jobs: 1, message: /--timeout/},
	{vendor: 'vault', fault: 'vault-upload-reset', exitCode: 3, status: 'unreachable', jobs: 0, message: /show no job of yours started since, so nothing was imported/},
	{vendor: 'vault', fault: 'vault-submit-lost', exitCode: 0, status: 'imported', jobs: 1},
	{vendor: 'vault', fault: 'vault-job-fails', exitCode: 1, status: 'failed', jobs: 1, message: /ERRORS_ENCOUNTERED/},
	{vendor: 'vault', fault: 'vault-session-expiry', exitCode: 0, status: 'imported', jobs: 1},
	{vendor: 'aep', fault: 'aep-submit-lost', exitCode: 0, status: 'imported', jobs: 1},
	{vendor: 'aep', fault: 'aep-job-fails', exitCode: 1, status: 'failed', jobs: 1},
	{vendor: 'aep', fault: 'aep-token-expiry', exitCode: 0, status: 'imported', jobs: 1},
];

describe('fault matrix (headless, --json)', () => {
	it.concurrent.each(rows)('$fault $extra → exit $exitCode', async ({vendor, fault, extra = [], exitCode, status, jobs, message}) => withFaultEnv(vendor, [fault], async env => {
		const run = await env.run(env.importArgs(...extra));
		expect(run.stderr).not.toMatch(/\n\s+at /);
		const result = JSON.parse(run.stdout);
		expect(run.code, run.stdout).toBe(exitCode);
		expect(result.exitCode).toBe(exitCode);
		if (status) expect(result.status).toBe(status);
		if (message) expect(`${result.error?.message} ${result.error?.hint}`).toMatch(message);
		const state = env.state();
		expect(jobsOf(vendor, state)).toBe(jobs);
		if (vendor === 'mstr') expect(state).toMatchObject({holders: 0, imports: 0, sessions: 0});
		if (vendor === 'vault') expect(state.uploads).toBeLessThanOrEqual(1);
		if (vendor === 'aep') expect(state.submits).toBeLessThanOrEqual(1);
		// MicroStrategy jobs cannot be re-attached from a new session, so its hint says where to look instead.
		if (exitCode === 5 && result.jobId && vendor !== 'mstr') expect(result.error.hint).toContain(`packport status --profile p --job ${result.jobId} --watch`);
	}));

	it.concurrent('Vault: a lost submit answer is resolved from the job lists, and the log says so', async () => withFaultEnv('vault', ['vault-submit-lost'], async env => {
		const run = await env.run(env.importArgs('--json-stream').filter(arg => arg !== '--json'));
		const events = run.stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; message?: string});
		expect(events.filter(event => event.type === 'log').map(event => event.message).join('\n')).toMatch(/Looking for the import job[^]*Found import job \d+ of PKG-0004; following it \(the call is not sent again\)/);
		expect(events.at(-1)).toMatchObject({type: 'result', exitCode: 0});
	}));
});

describe.each(['vault', 'aep'] as const)('%s: a job that outlives --timeout, then packport status --watch', vendor => {
	it.concurrent('exits 5 with the job id and the command, and the command re-attaches to the end', async () => withFaultEnv(vendor, [], async env => {
		const run = await env.run(env.importArgs('--timeout', '0.01'));
		expect(run.code).toBe(5);
		const result = JSON.parse(run.stdout);
		expect(result.jobId).toEqual(expect.any(String));
		const command = `packport status --profile p --job ${result.jobId} --watch`;
		expect(result.error.hint).toContain(command);

		const look = await env.run(['status', '--profile', 'p', '--job', result.jobId, '--json']);
		expect(look.code).toBe(5);
		expect(JSON.parse(look.stdout)).toMatchObject({jobId: result.jobId, exitCode: 5});

		const history = JSON.parse((await env.run(['history', '--json'])).stdout);
		expect(history).toEqual([expect.objectContaining({jobId: result.jobId, outcome: 'unknown', exitCode: 5})]);

		const watched = await env.run(['status', '--profile', 'p', '--job', result.jobId, '--watch', '--poll-interval', '0.1', '--json']);
		expect(watched.code, watched.stderr).toBe(0);
		expect(JSON.parse(watched.stdout)).toMatchObject({ok: true, exitCode: 0, status: 'imported'});
		expect(env.state().jobsCreated).toBe(1);
	}, {vaultJobMs: 3000, aepJobMs: 3000}));
});
