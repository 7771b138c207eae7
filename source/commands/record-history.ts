import {randomUUID} from 'node:crypto';
import type {EngineEvent} from '../engine/events.js';
import type {ImportResult} from '../engine/result.js';
import type {HistoryStore} from '../history.js';
import type {Profile} from '../profiles-types.js';

/**
 * Writes a "started" line as soon as the server names a job (so a crash leaves a trace to
 * re-attach to) and a "finished" line with the result. Used by the headless command and the wizard.
 */
export const createHistoryRecorder = (history: HistoryStore, profile: Profile, packageRef: string) => {
	const runId = randomUUID();
	let started = false;
	const base = {runId, profile: profile.name, vendor: profile.vendor, package: packageRef};
	return {
		onEvent(event: EngineEvent) {
			if (started || event.type !== 'progress' || !event.jobId) return;
			started = true;
			history.append({...base, phase: 'started', at: new Date().toISOString(), sha256: null, jobId: event.jobId, outcome: null, exitCode: null, undoPackage: null, pid: process.pid});
		},
		finish(result: ImportResult) {
			// Runs refused before anything was sent are not imports; keep history to real attempts.
			if (result.exitCode === 2 && !result.jobId) return;
			history.append({
				...base,
				phase: 'finished',
				at: result.finishedAt,
				sha256: result.package?.sha256 ?? null,
				jobId: result.jobId,
				outcome: result.status,
				exitCode: result.exitCode,
				undoPackage: result.undoPackage,
			});
		},
	};
};
