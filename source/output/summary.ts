import type {ImportResult} from '../engine/result.js';

const headline = (result: ImportResult): string => {
	const where = `${result.package?.path ?? result.package?.name ?? 'the package'} into profile '${result.profile}'`;
	switch (result.exitCode) {
		case 0:
			return `✔ Imported ${where}.`;
		case 4:
			return `⚠ Imported ${where}, with warnings.`;
		case 5:
			return `? Outcome unknown for ${where}.`;
		case 130:
			return `- Not imported: ${result.error?.message ?? 'stopped before the import started.'}`;
		default:
			return `✖ Import of ${where} failed.`;
	}
};

/** The closing lines of a human-readable run (stdout). */
export const formatSummary = (result: ImportResult): string => {
	const lines = [headline(result)];
	if (result.jobId) lines.push(`  Job: ${result.jobId}`);
	if (result.undoPackage) lines.push(`  Undo package: ${result.undoPackage}`);
	const cleanup = result.details.cleanup as {done?: string[]} | undefined;
	if (cleanup?.done?.length) lines.push(`  Cleanup: ${cleanup.done.join(', ')}`);
	for (const warning of result.warnings) lines.push(`  Warning: ${warning}`);
	if (result.error && result.exitCode !== 130) {
		lines.push(`  Error: ${result.error.message}`);
		if (result.error.hint) lines.push(`  Hint: ${result.error.hint}`);
	}

	return `${lines.join('\n')}\n`;
};
