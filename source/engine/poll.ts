/**
 * Deadline-based polling shared by every vendor: a floor between polls, slower after transient
 * failures (429, 5xx, resets) instead of failing, and never "done" because time ran out.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import {PackportError} from '../errors.js';

export type PollOptions<T> = {
	fetch: () => Promise<T>;
	isDone: (value: T) => boolean;
	intervalMs: number;
	signal: AbortSignal;
	/** Called after each successful poll with the time of the next one. */
	onPoll?: (value: T, nextPollAt: number) => void;
	/** Consecutive transient failures tolerated before the last one is thrown. */
	maxTransientFailures?: number;
	/** Extra wait the server asked for (e.g. Vault's API_LIMIT_EXCEEDED), read after each poll. */
	extraDelayMs?: () => number;
};

export const isTransient = (error: unknown): boolean =>
	error instanceof PackportError &&
	error.vendorCode !== 'REDIRECT_REFUSED' &&
	(error.kind === 'connect' || error.status === 429 || (error.status !== undefined && error.status >= 500) || error.vendorCode === 'MALFORMED_RESPONSE' || error.vendorCode === 'ANSWER_TOO_LARGE');

/**
 * A failed call that may still have reached the server and acted: the connection broke or the
 * server failed after the request was sent. A 429 is a refusal before any work, so it is not.
 * Job-creating calls that fail this way are never simply sent again (a second job could start).
 */
export const mayHaveArrived = (error: unknown): error is PackportError => isTransient(error) && (error as PackportError).status !== 429;

/** Sleeps, but wakes up (throwing the abort reason) when the signal fires. */
export const abortableSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
	try {
		await sleep(Math.max(0, ms), undefined, {signal});
	} catch {
		throw signal.reason ?? new Error('aborted');
	}
};

export const pollUntil = async <T>(options: PollOptions<T>): Promise<T> => {
	const {signal, intervalMs} = options;
	const maxFailures = options.maxTransientFailures ?? 8;
	let failures = 0;
	for (;;) {
		if (signal.aborted) throw signal.reason;
		let value: T;
		try {
			value = await options.fetch();
			failures = 0;
		} catch (error) {
			if (signal.aborted) throw signal.reason;
			if (!isTransient(error) || ++failures > maxFailures) throw error;
			// Back off: 2×, 4×, 8× the floor, capped at a minute.
			await abortableSleep(Math.min(intervalMs * 2 ** failures, 60_000), signal);
			continue;
		}

		if (options.isDone(value)) return value;
		const wait = Math.max(intervalMs, options.extraDelayMs?.() ?? 0);
		options.onPoll?.(value, Date.now() + wait);
		await abortableSleep(wait, signal);
	}
};
