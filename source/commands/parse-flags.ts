/** Checks of flag values, each failing with one line that says what to do (exit 2). */
import {usageError} from '../errors.js';
import {isMstrAction, mstrActions, type MstrAction} from '../vendors/mstr/types.js';

/**
 * Floors and ceilings (issue 14): `--poll-interval 1e-300` polled in a tight loop and `--timeout
 * 1e-9` expired before the first call. The floors are the smallest values with a use: 10 ms polls
 * drive the emulator in tests (a real server slows the poller down itself), 0.6 s deadlines test
 * expiry, and a call gets at least a second to answer.
 */
const minTimeoutMinutes = 0.01;
const maxTimeoutMinutes = 7 * 24 * 60;
const minPollSeconds = 0.01;
const maxPollSeconds = 3600;
const minRequestSeconds = 1;
const maxRequestSeconds = 3600;

export const parseMinutes = (value: string | undefined, fallback: number): number => {
	if (value === undefined) return fallback;
	const minutes = Number(value);
	if (!Number.isFinite(minutes) || minutes < minTimeoutMinutes || minutes > maxTimeoutMinutes) {
		throw usageError(
			`--timeout ${value} is not a number of minutes between ${minTimeoutMinutes} and ${maxTimeoutMinutes}.`,
			'Use e.g. --timeout 90 or --timeout 0.5.',
		);
	}

	return minutes;
};

export const parseSeconds = (value: string | undefined): number | undefined => {
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds < minPollSeconds || seconds > maxPollSeconds) {
		throw usageError(
			`--poll-interval ${value} is not a number of seconds between ${minPollSeconds} and ${maxPollSeconds}.`,
			'Use e.g. --poll-interval 5 or --poll-interval 0.5.',
		);
	}

	return seconds;
};

export const parseRequestTimeout = (value: string | undefined): number | undefined => {
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds < minRequestSeconds || seconds > maxRequestSeconds) {
		throw usageError(
			`--request-timeout ${value} is not a number of seconds between ${minRequestSeconds} and ${maxRequestSeconds}.`,
			'Use e.g. --request-timeout 30.',
		);
	}

	return seconds * 1000;
};

export const parseOnInterrupt = (value: string | undefined): 'detach' | 'wait' => {
	const choice = (value ?? 'detach').trim().toLowerCase();
	if (choice !== 'detach' && choice !== 'wait')
		throw usageError(
			`--on-interrupt ${value} is not detach or wait.`,
			'Use --on-interrupt detach (leave the job running) or --on-interrupt wait (wait for its end).',
		);
	return choice;
};

export const parseAction = (value: string, flag: string): MstrAction => {
	const action = value.trim().toLowerCase();
	if (!isMstrAction(action)) throw usageError(`${flag}: "${value}" is not an action.`, `Use one of: ${mstrActions.join(', ')}.`);
	return action;
};

/** `--action OBJECT_ID=ACTION`, repeatable. */
export const parseActionPairs = (values: string[]): Record<string, MstrAction> => {
	const actions: Record<string, MstrAction> = {};
	for (const value of values) {
		const separator = value.lastIndexOf('=');
		if (separator <= 0) throw usageError(`--action ${value} is not OBJECT_ID=ACTION.`, 'Use e.g. --action 8D679D5111D3E4981000E787EC6DE8A4=use_existing.');
		actions[value.slice(0, separator).trim()] = parseAction(value.slice(separator + 1), '--action');
	}

	return actions;
};
