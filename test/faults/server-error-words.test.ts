/**
 * A 503 error page says nothing of its own: the retry line says the server answered with HTTP 503,
 * not "refused … : 503 HTTP 503" (seen in the wizard with mstr-5xx-burst).
 */
import {afterEach, expect, it} from 'vitest';
import {startFaultEnv, type FaultEnv} from './fault-env.js';

let env: FaultEnv | undefined;
afterEach(async () => env?.emulator.close());

it('a 503 page while polling: "answered reading the import status with HTTP 503; retrying"', async () => {
	env = await startFaultEnv('mstr', ['mstr-5xx-burst']);
	const run = await env.run([...env.importArgs().filter(arg => arg !== '--json'), '--json-stream']);
	expect(run.code, run.stderr).toBe(0);
	const retries = run.stdout.split('\n').filter(line => line.includes('retrying (1 of 8)'));
	expect(retries.length).toBeGreaterThan(0);
	expect(retries[0]).toContain('MicroStrategy answered reading the import status with HTTP 503; retrying (1 of 8)');
	expect(run.stdout).not.toContain('503 HTTP 503');
});
