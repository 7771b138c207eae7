/**
 * `packport status --job ID [--watch]`: what a new session can learn of a job started earlier (by
 * a run that was interrupted, detached or killed). Vault and Adobe keep jobs server-side by id;
 * MicroStrategy keeps them in the session that created them, so it has no watcher.
 */
import type {Profile} from '../config/profile-types.js';

export type JobReport = {
	/** The server's word, lower case ("running", "success", "errors_encountered"…). */
	status: string;
	/** 0 done, 1 failed, 4 partly, 5 still running (or unknown). */
	exitCode: 0 | 1 | 4 | 5;
	/** One line for people: what the job did. */
	summary: string;
	details: Record<string, unknown>;
};

export type WatchOptions = {
	profile: Profile;
	secret: string;
	jobId: string;
	/** Poll until the job ends; otherwise one look. */
	watch: boolean;
	pollIntervalMs: number;
	signal: AbortSignal;
	onStatus?: (status: string) => void;
	/** A line to show while the server does not answer (and when it answers again). */
	onNotice?: (message: string) => void;
};

export type JobWatcher = (options: WatchOptions) => Promise<JobReport>;
