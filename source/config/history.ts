/**
 * Every import is recorded in history.jsonl beside the config: one JSON line per event, appended
 * with O_APPEND so two imports running at once cannot corrupt each other's lines. A run writes a
 * "started" line when the job is submitted and a "finished" line at the end; a started line with
 * no finished line means the process died mid-import, and the next start offers to re-attach.
 * Reading streams the file line by line and skips (and counts) any line that is not an entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import {PackportError} from '../errors.js';
import {ioReason} from '../stores/io-reason.js';
import {processAlive} from '../stores/file-lock.js';
import {readLines} from '../stores/read-lines.js';
import type {VendorId} from '../vendors/vendor-id.js';
import {isVendorId} from '../vendors/vendor-id.js';

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
	/** Vault: the inbound package record the import created (`packport deploy --package-id`). */
	inboundPackageId?: string | null;
	/** The process that ran it, so a run still going in another terminal is not taken for dead. */
	pid?: number;
};

export type HistoryRead = {
	/** One entry per run: the latest line of each, oldest first. */
	entries: HistoryEntry[];
	/** Lines that are not entries packport wrote (damaged, hand-edited, another shape). */
	skipped: number;
	/** Runs left out because more than `maxRuns` are recorded; the oldest go first. */
	dropped: number;
};

export type HistoryStore = {
	append(entry: HistoryEntry): void;
	/** One entry per run, oldest first; an unreadable file gives none (for callers that only look up). */
	list(): HistoryEntry[];
	/** The same with what was skipped; throws a PackportError naming a file it cannot read. */
	read(): HistoryRead;
	readonly path: string;
};

const nullableText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
const nullableInteger = (value: unknown) => value === undefined || value === null || Number.isInteger(value);

/** Any line, any JSON type: an entry when every field has the type packport writes, else undefined. */
export const parseEntry = (line: string): HistoryEntry | undefined => {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const record = value as Record<string, unknown>;
	if (typeof record.runId !== 'string' || typeof record.at !== 'string' || typeof record.profile !== 'string' || !isVendorId(record.vendor)) return undefined;
	if (record.phase !== 'started' && record.phase !== 'finished') return undefined;
	if (!['package', 'sha256', 'jobId', 'outcome', 'undoPackage', 'inboundPackageId'].every(key => nullableText(record[key]))) return undefined;
	if (!nullableInteger(record.exitCode) || !nullableInteger(record.pid)) return undefined;
	const entry = {...record};
	for (const key of ['package', 'sha256', 'jobId', 'outcome', 'exitCode', 'undoPackage']) entry[key] ??= null;
	return entry as HistoryEntry;
};

/** A run whose process is alive (e.g. in another terminal) is not interrupted. */
const runAlive = (pid: number | undefined): boolean => Boolean(pid) && processAlive(pid!);

/** Runs that submitted a job and never wrote their end: the process died (crash, kill -9, power). */
export const interruptedRuns = (entries: HistoryEntry[], isAlive: (pid: number | undefined) => boolean = runAlive): HistoryEntry[] =>
	entries.filter(entry => entry.phase === 'started' && entry.jobId && !isAlive(entry.pid));

/** The command that re-attaches to a run's job. */
export const reattachCommand = (entry: Pick<HistoryEntry, 'profile' | 'jobId'>): string => `packport status --profile ${entry.profile} --job ${entry.jobId} --watch`;

export const createHistoryStore = (configDir: string, {maxRuns = 50_000}: {maxRuns?: number} = {}): HistoryStore => {
	const file = path.join(configDir, 'history.jsonl');
	const read = (): HistoryRead => {
		// In the order runs started; past `maxRuns` the oldest are let go, so memory stays bounded.
		const byRun = new Map<string, HistoryEntry>();
		let skipped = 0;
		let dropped = 0;
		try {
			for (const line of readLines(file)) {
				if (line?.trim() === '') continue;
				const entry = line === undefined ? undefined : parseEntry(line);
				if (!entry) {
					skipped++;
					continue;
				}

				byRun.set(entry.runId, {...byRun.get(entry.runId), ...entry});
				if (byRun.size > maxRuns) {
					byRun.delete(byRun.keys().next().value!);
					dropped++;
				}
			}
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				throw new PackportError('usage', `Can't read ${file}: ${ioReason(error)}.`, {hint: 'Check that it is a file you can read.', vendorCode: 'FILE_UNREADABLE', cause: error});
			}
		}

		return {entries: [...byRun.values()], skipped, dropped};
	};

	return {
		append(entry) {
			fs.mkdirSync(configDir, {recursive: true, mode: 0o700});
			// One write call per line: appends of this size are atomic on local filesystems.
			fs.appendFileSync(file, `${JSON.stringify(entry)}\n`, {mode: 0o600});
		},
		list() {
			try {
				return read().entries;
			} catch {
				return [];
			}
		},
		read,
		path: file,
	};
};
