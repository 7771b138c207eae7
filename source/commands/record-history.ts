import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import type {EngineEvent} from '../engine/events.js';
import type {ImportResult} from '../engine/result.js';
import {usageError} from '../errors.js';
import type {HistoryStore} from '../config/history.js';
import {checkWritableFolder} from '../packages/download-to-file.js';
import type {Profile} from '../config/profile-types.js';

/**
 * Before anything is sent: history is how a crashed or detached import is found again, so its
 * folder must take a file. A folder that cannot is a usage error (exit 2), not a surprise after
 * the submit.
 */
export const checkHistoryFolder = (configDir: string): void => {
	try {
		fs.mkdirSync(configDir, {recursive: true, mode: 0o700});
	} catch {
		// Reported by the check below, with the reason.
	}

	const problem = checkWritableFolder(configDir);
	if (problem) {
		throw usageError(
			`The config folder ${configDir} ${problem}, so this import could not be recorded in packport's history (what re-attaches to it after a crash).`,
			'Fix the folder, or point PACKPORT_CONFIG_DIR at a writable one.',
		);
	}
};

/**
 * Writes a "started" line as soon as the server names a job (so a crash leaves a trace to
 * re-attach to) and a "finished" line with the result. Used by the headless command and the wizard.
 * A write that fails (the disk filled up during the import) never changes the import: the result
 * says history was not written, and exits 4 where it would have been 0.
 */
export const createHistoryRecorder = (history: HistoryStore, profile: Profile, packageRef: string) => {
	const runId = randomUUID();
	let started = false;
	let failure: string | undefined;
	const base = {runId, profile: profile.name, vendor: profile.vendor, package: packageRef};
	const append = (entry: Parameters<HistoryStore['append']>[0]) => {
		try {
			history.append(entry);
		} catch (error) {
			failure ??= error instanceof Error ? error.message : String(error);
		}
	};

	return {
		onEvent(event: EngineEvent) {
			if (started || event.type !== 'progress' || !event.jobId) return;
			started = true;
			append({
				...base,
				phase: 'started',
				at: new Date().toISOString(),
				sha256: null,
				jobId: event.jobId,
				outcome: null,
				exitCode: null,
				undoPackage: null,
				pid: process.pid,
			});
		},
		/** Records the result; returns it with a warning (and exit 4 for a 0) if history could not be written. */
		finish(result: ImportResult): ImportResult {
			// Runs refused before anything was sent are not imports; keep history to real attempts.
			if (!(result.exitCode === 2 && !result.jobId)) {
				append({
					...base,
					phase: 'finished',
					at: result.finishedAt,
					sha256: result.package?.sha256 ?? null,
					jobId: result.jobId,
					outcome: result.status,
					exitCode: result.exitCode,
					undoPackage: result.undoPackage,
					...(result.vendor === 'vault' && typeof result.details.packageId === 'string' && result.details.packageId
						? {inboundPackageId: result.details.packageId}
						: {}),
				});
			}

			if (!failure) return {...result, runId};
			const warning = `This import was not recorded in packport's history (${failure}); \`packport history\` will not list it.`;
			return {...result, runId, exitCode: result.exitCode === 0 ? 4 : result.exitCode, ok: false, warnings: [...result.warnings, warning]};
		},
	};
};
