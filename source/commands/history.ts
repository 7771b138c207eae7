import type {CommandContext} from './context.js';

export const runHistoryCommand = ({io, history}: CommandContext, {json}: {json: boolean}): number => {
	const entries = history.list();
	if (json) {
		io.write(`${JSON.stringify(entries, null, 2)}\n`);
		return 0;
	}

	if (entries.length === 0) {
		io.write('No imports yet.\n');
		return 0;
	}

	io.write('TIME                      PROFILE     VENDOR  OUTCOME     JOB / PACKAGE\n');
	for (const entry of entries) {
		const outcome = entry.phase === 'started' ? 'running?' : (entry.outcome ?? '');
		io.write(
			`${entry.at.padEnd(26)}${entry.profile.padEnd(12)}${entry.vendor.padEnd(8)}${outcome.padEnd(12)}${entry.jobId ?? '-'}  ${entry.package ?? ''}` +
				`${entry.sha256 ? `  sha256:${entry.sha256.slice(0, 12)}` : ''}${entry.undoPackage ? `  undo: ${entry.undoPackage}` : ''}\n`,
		);
	}

	return 0;
};
