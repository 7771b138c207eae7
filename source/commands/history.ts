import {interruptedRuns, reattachCommand} from '../history.js';
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

	const interrupted = new Set(interruptedRuns(entries).map(entry => entry.runId));
	io.write('TIME                      PROFILE     VENDOR  OUTCOME     JOB / PACKAGE\n');
	for (const entry of entries) {
		const outcome = entry.phase === 'started' ? (interrupted.has(entry.runId) ? 'interrupted' : 'running') : (entry.outcome ?? '');
		io.write(
			`${entry.at.padEnd(26)}${entry.profile.padEnd(12)}${entry.vendor.padEnd(8)}${outcome.padEnd(12)}${entry.jobId ?? '-'}  ${entry.package ?? ''}` +
				`${entry.sha256 ? `  sha256:${entry.sha256.slice(0, 12)}` : ''}${entry.undoPackage ? `  undo: ${entry.undoPackage}` : ''}\n`,
		);
	}

	for (const entry of entries.filter(candidate => interrupted.has(candidate.runId))) {
		io.write(`\nJob ${entry.jobId} (${entry.profile}) was running when packport stopped. Re-attach: ${reattachCommand(entry)}\n`);
	}

	return 0;
};
