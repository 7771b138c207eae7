import os from 'node:os';
import {defineConfig} from 'vitest/config';
import {SlowFirstSequencer} from './test/helpers/slow-first-sequencer.js';

/**
 * Two test files per core. Most tests wait on child processes and sockets (the built CLI, the
 * emulator, a pseudo-terminal), not on the CPU, and vitest's default (cores - 1) ran one file at a
 * time on 2 cores: `npm test` took 275 s there, against about 90 s with 4 workers.
 */
const workers = Math.max(2, 2 * os.availableParallelism());

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Tests start real HTTP servers and child processes; the machine may have only 2 cores.
		testTimeout: 30_000,
		hookTimeout: 30_000,
		pool: 'forks',
		maxWorkers: workers,
		sequence: {sequencer: SlowFirstSequencer},
	},
});
