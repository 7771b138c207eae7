/**
 * Deadline-based polling shared by every vendor: a floor between polls, slower after transient
 * failures (429, 5xx, resets) instead of failing, and never "done" because time ran out.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import {PackportError} from '../errors.js';
import type {OnEvent} from './events.js';

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
	/**
	 * Called before each wait after a transient failure, so the screen says the server is not
	 * answering instead of sitting on the last status it heard.
	 */
	onRetry?: (retry: PollRetry) => void;
	/** Called when the server answers again after failures (with how many there were). */
	onRecovered?: (failures: number) => void;
};

export type PollRetry = {error: PackportError; attempt: number; maxAttempts: number; retryAt: number};

/** Backoff after a failed status read: 2×, 4×, 8× the floor, never more than this. */
const maxBackoffMs = 30_000;

/** The line every vendor shows while the server does not answer a status read. */
export const describeRetry = ({error, attempt, maxAttempts, retryAt}: PollRetry): string =>
	`${error.message.replace(/\.$/, '')}; retrying (${attempt} of ${maxAttempts}) in ${Math.max(1, Math.round((retryAt - Date.now()) / 1000))} s.`;

/** A flow's `onRetry`/`onRecovered`: lines in the progress log (spread into pollUntil's options). */
export const retryLog = (onEvent: OnEvent): Pick<PollOptions<unknown>, 'onRetry' | 'onRecovered'> => ({
	onRetry: retry => onEvent({type: 'log', level: 'warn', message: describeRetry(retry)}),
	onRecovered: failures => onEvent({type: 'log', level: 'info', message: `The server answers again (after ${failures} failed ${failures === 1 ? 'try' : 'tries'}).`}),
});

export const isTransient = (error: unknown): error is PackportError =>
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

/** The last failure, saying how long packport kept trying (the engine adds what it means for the job). */
const givenUp = (error: PackportError, tries: number, since: number): PackportError =>
	new PackportError(error.kind, `${error.message.replace(/\.$/, '')}; gave up after ${tries + 1} tries over ${Math.max(1, Math.round((Date.now() - since) / 1000))} s.`, {
		vendor: error.vendor,
		status: error.status,
		vendorCode: error.vendorCode,
		requestId: error.requestId,
		hint: error.hint,
		url: error.url,
		cause: error,
	});

export const pollUntil = async <T>(options: PollOptions<T>): Promise<T> => {
	const {signal, intervalMs} = options;
	const maxFailures = options.maxTransientFailures ?? 8;
	let failures = 0;
	let failingSince = 0;
	for (;;) {
		if (signal.aborted) throw signal.reason;
		let value: T;
		try {
			value = await options.fetch();
			if (failures > 0) options.onRecovered?.(failures);
			failures = 0;
		} catch (error) {
			if (signal.aborted) throw signal.reason;
			if (!isTransient(error)) throw error;
			if (failures === 0) failingSince = Date.now();
			if (++failures > maxFailures) throw givenUp(error, maxFailures, failingSince);
			const wait = Math.min(intervalMs * 2 ** failures, maxBackoffMs);
			options.onRetry?.({error, attempt: failures, maxAttempts: maxFailures, retryAt: Date.now() + wait});
			await abortableSleep(wait, signal);
			continue;
		}

		if (options.isDone(value)) return value;
		const wait = Math.max(intervalMs, options.extraDelayMs?.() ?? 0);
		options.onPoll?.(value, Date.now() + wait);
		await abortableSleep(wait, signal);
	}
};
