import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Tests start real HTTP servers and child processes; the machine has 2 cores.
		testTimeout: 30_000,
		hookTimeout: 30_000,
		pool: 'forks',
	},
});
