/**
 * Every import is recorded in history.jsonl beside the config: one JSON line per event, appended
 * with O_APPEND so two imports running at once cannot corrupt each other's lines. A run writes a
 * "started" line when the job is submitted and a "finished" line at the end; a started line with
 * no finished line means the process died mid-import, and the next start offers to re-attach.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {VendorId} from './vendors/vendor-id.js';
import {isVendorId} from './vendors/vendor-id.js';

export type HistoryEntry = {
	/** Unique per run, to pair "started" and "finished" lines. */
	runId: string;
	phase: 'started' | 'finished';
	at: string;
	profile: string;
	vendor: VendorId;
	package: string | null;
	sha256: string | null;
	jobId: string | null;
	/** The final status ("imported", "failed", "unknown"…); null while running. */
	outcome: string | null;
	exitCode: number | null;
	undoPackage: string | null;
	/** The process that ran it, so a run still going in another terminal is not taken for dead. */
	pid?: number;
};

export type HistoryStore = {
	append(entry: HistoryEntry): void;
	/** One entry per run: the latest line of each, oldest first. */
	list(): HistoryEntry[];
	readonly path: string;
};

const parseEntry = (line: string): HistoryEntry | undefined => {
	try {
		const value = JSON.parse(line) as Partial<HistoryEntry>;
		if (typeof value.runId !== 'string' || !isVendorId(value.vendor) || typeof value.at !== 'string') return undefined;
		if (value.phase !== 'started' && value.phase !== 'finished') return undefined;
		return value as HistoryEntry;
	} catch {
		return undefined;
	}
};

/** A run whose process is alive (e.g. in another terminal) is not interrupted. */
const processAlive = (pid: number | undefined): boolean => {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

/** Runs that submitted a job and never wrote their end: the process died (crash, kill -9, power). */
export const interruptedRuns = (entries: HistoryEntry[], isAlive: (pid: number | undefined) => boolean = processAlive): HistoryEntry[] =>
	entries.filter(entry => entry.phase === 'started' && entry.jobId && !isAlive(entry.pid));

/** The command that re-attaches to a run's job. */
export const reattachCommand = (entry: Pick<HistoryEntry, 'profile' | 'jobId'>): string => `packport status --profile ${entry.profile} --job ${entry.jobId} --watch`;

export const createHistoryStore = (configDir: string): HistoryStore => {
	const file = path.join(configDir, 'history.jsonl');
	return {
		append(entry) {
			fs.mkdirSync(configDir, {recursive: true, mode: 0o700});
			// One write call per line: appends of this size are atomic on local filesystems.
			fs.appendFileSync(file, `${JSON.stringify(entry)}\n`, {mode: 0o600});
		},
		list() {
			let text: string;
			try {
				text = fs.readFileSync(file, 'utf8');
			} catch {
				return [];
			}

			const byRun = new Map<string, HistoryEntry>();
			for (const line of text.split('\n')) {
				const entry = line ? parseEntry(line) : undefined;
				if (entry) byRun.set(entry.runId, {...byRun.get(entry.runId), ...entry});
			}

			return [...byRun.values()];
		},
		path: file,
	};
};
