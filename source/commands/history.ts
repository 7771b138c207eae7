/**
 * `packport history [--json]`. Lines that are not entries are skipped and counted on stderr, so
 * stdout stays one JSON array under --json, and a file that holds lines is never "No imports yet".
 */
import {interruptedRuns, reattachCommand, type HistoryRead} from '../config/history.js';
import {rollbackCommand} from '../output/rollback.js';
import {stripControl} from '../http/redact.js';
import type {CommandContext} from './context.js';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const notes = ({skipped, dropped}: HistoryRead, file: string): string =>
	(skipped > 0 ? `${plural(skipped, 'line')} skipped in ${file}: not history entries packport can read.\n` : '') +
	(dropped > 0 ? `${plural(dropped, 'older run')} not shown: only the latest are read.\n` : '');

export const runHistoryCommand = ({io, history}: CommandContext, {json}: {json: boolean}): number => {
	const read = history.read();
	const {entries} = read;
	if (json) {
		io.write(`${JSON.stringify(entries, null, 2)}\n`);
		io.writeError(notes(read, history.path));
		return 0;
	}

	if (entries.length === 0) {
		io.write(read.skipped > 0 ? `No imports packport can read in ${history.path}.\n` : 'No imports yet.\n');
		io.writeError(notes(read, history.path));
		return 0;
	}

	// Text from a hand-edited or hostile file reaches the terminal only without control sequences.
	const text = (value: string) => stripControl(value);
	const interrupted = new Set(interruptedRuns(entries).map(entry => entry.runId));
	// An inbound package deployed later (packport deploy) no longer waits for its deploy.
	const deployed = new Set(entries.filter(entry => /^deployed/.test(entry.outcome ?? '')).map(entry => entry.inboundPackageId));
	io.write('TIME                      PROFILE     VENDOR  OUTCOME     JOB / PACKAGE\n');
	let page = '';
	for (const entry of entries) {
		const outcome = entry.phase === 'started' ? (interrupted.has(entry.runId) ? 'interrupted' : 'running') : (entry.outcome ?? '');
		page +=
			`${text(entry.at).padEnd(26)}${text(entry.profile).padEnd(12)}${entry.vendor.padEnd(8)}${text(outcome).padEnd(12)}${text(entry.jobId ?? '-')}  ${text(entry.package ?? '')}` +
			(entry.sha256 ? `  sha256:${text(entry.sha256.slice(0, 12))}` : '') +
			(entry.undoPackage ? `  undo: ${text(entry.undoPackage)} (${rollbackCommand(text(entry.profile), entry.runId)})` : '') +
			(entry.inboundPackageId && entry.outcome === 'imported' && !deployed.has(entry.inboundPackageId)
				? `  inbound package ${text(entry.inboundPackageId)} (deploy: packport deploy --profile ${text(entry.profile)} --package-id ${text(entry.inboundPackageId)})`
				: '') +
			'\n';
		// Written in pages: one string for 50,000 runs is needless, one write per line is slow.
		if (page.length > 64 * 1024) {
			io.write(page);
			page = '';
		}
	}

	io.write(page);
	for (const entry of entries.filter(candidate => interrupted.has(candidate.runId))) {
		// MicroStrategy keeps an import only in the session that started it: nothing can re-attach.
		io.write(
			entry.vendor === 'mstr'
				? `\nMicroStrategy import ${text(entry.jobId ?? '')} (${text(entry.profile)}) was running when packport stopped; it lived in that ` +
					`session, which no new one can see. Check the target project before importing again.\n`
				: `\nJob ${text(entry.jobId ?? '')} (${text(entry.profile)}) was running when packport stopped. Re-attach: ${text(reattachCommand(entry))}\n`,
		);
	}

	io.writeError(notes(read, history.path));
	return 0;
};
