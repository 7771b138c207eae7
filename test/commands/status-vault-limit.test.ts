/**
 * Vault answers a job's status once per window (API_LIMIT_EXCEEDED before it ends). `packport
 * status` right after an import (whose poller asked last) used to fail with exit 1; one look now
 * waits the window out, says so on stderr, and reports the job.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {startFaultEnv, type FaultEnv} from '../faults/fault-env.js';

let env: FaultEnv | undefined;
afterEach(async () => env?.emulator.close());

describe('packport status on Vault just after an import', () => {
	it('waits out API_LIMIT_EXCEEDED, says it is retrying, and reports the finished job (exit 0)', async () => {
		env = await startFaultEnv('vault', [], {vaultPollLimitMs: 1500});
		const imported = await env.run(env.importArgs());
		expect(imported.code, imported.stderr).toBe(0);
		const {jobId} = JSON.parse(imported.stdout) as {jobId: string};
		const look = await env.run(['status', '--profile', 'p', '--job', jobId, '--poll-interval', '0.5']);
		expect(look.stderr).toMatch(/API_LIMIT_EXCEEDED[^\n]*; retrying \(1 of 8\) in \d+ s\./);
		expect(look.stdout).toContain(`Import job ${jobId} ended success`);
		expect(look.code, look.stderr).toBe(0);
	});
});
