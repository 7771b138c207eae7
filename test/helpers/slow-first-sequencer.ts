/**
 * Test files start longest first, so the slow ones do not start last and leave the other workers
 * idle at the end. Vitest does this itself from the durations it cached on the last run
 * (node_modules/.vite), but a clean clone has no cache and vitest falls back to file size, which
 * put the 30 s pseudo-terminal file among the last. So: the cached duration when there is one,
 * else the duration measured below, else vitest's own order.
 */
import path from 'node:path';
import {BaseSequencer, type TestSpecification} from 'vitest/node';

/**
 * Milliseconds per file, one file at a time on 2 cores (2 December 2026), rounded. Only the order
 * matters: a stale figure costs some idle time at the end, never a failure.
 */
const measuredMs: Record<string, number> = {
	'test/e2e/wizard-pty.test.ts': 31_000,
	'test/faults/server-loss.test.ts': 24_000,
	'test/app-try-again.test.tsx': 18_000,
	'test/commands/import-mstr.test.ts': 13_000,
	'test/faults/fault-matrix.test.ts': 13_000,
	'test/faults/writes-and-signals.test.ts': 11_000,
	'test/app.test.tsx': 10_000,
	'test/e2e/wizard-interrupts-pty.test.ts': 9000,
	'test/wizard/demo-pty.test.ts': 9000,
	'test/faults/local-input.test.ts': 8000,
	'test/commands/import-aep.test.ts': 8000,
	'test/replay/vault-replay.test.ts': 8000,
	'test/commands/import-vault.test.ts': 7000,
	'test/replay/mstr-replay.test.ts': 6000,
	'test/replay/aep-replay.test.ts': 6000,
	'test/faults/interrupts-and-history.test.ts': 6000,
	'test/readme/emulate-and-commands.test.ts': 6000,
	'test/readme/readme-examples.test.ts': 5000,
	'test/faults/stores.test.ts': 5000,
	'test/faults/bounds.test.ts': 5000,
	'test/app-aep.test.tsx': 5000,
};

/** A file in test/e2e/ or named *-pty runs the wizard in a pseudo-terminal: slow, even before it was measured. */
const unmeasuredPtyMs = 20_000;
const inPty = (file: string) => file.startsWith('test/e2e/') || /-pty\.test\.tsx?$/.test(file);

export class SlowFirstSequencer extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const ordered = await super.sort(files);
		const root = this.ctx.config.root;
		const estimate = (spec: TestSpecification): number => {
			const file = path.relative(root, spec.moduleId).split(path.sep).join('/');
			const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
			if (cached?.failed) return Number.POSITIVE_INFINITY;
			return cached?.duration ?? measuredMs[file] ?? (inPty(file) ? unmeasuredPtyMs : 0);
		};

		// Array.prototype.sort is stable: files without any figure keep vitest's order (largest first).
		const costs = new Map(ordered.map(spec => [spec, estimate(spec)]));
		return ordered.sort((a, b) => costs.get(b)! - costs.get(a)!);
	}
}
