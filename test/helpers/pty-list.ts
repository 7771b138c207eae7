/** Moving through the wizard's lists in a pty the way a person does: one key, then its effect. */
import {waitFor} from './cli.js';
import {keys} from './keys.js';
import type {PtySession} from './pty.js';

/** The selected row (❯) of the list on screen. */
export const selectedRow = (session: PtySession) => session.screen().split('\n').find(line => line.includes('❯')) ?? '';

/** Moves the selection down until the selected row matches, waiting for each move to show. */
export const selectRow = async (session: PtySession, row: RegExp): Promise<string> => {
	for (let moves = 0; !row.test(selectedRow(session)); moves++) {
		if (moves > 30) throw new Error(`No row matching ${String(row)}. Screen:\n${session.screen()}`);
		const before = selectedRow(session);
		session.write(keys.down);
		// eslint-disable-next-line no-await-in-loop -- one key at a time, as a person presses them
		await waitFor(() => selectedRow(session) !== before, 15_000);
	}

	return session.screen();
};

/**
 * One key, then what it leads to on screen (no fixed sleeps: each key waits for its effect). Ink
 * attaches a new screen's key handler just after drawing it, so a key sent the moment the screen
 * shows can be lost (a person is never that fast); when the screen has not changed at all
 * 3 s later, the key did nothing and is sent again (twice at most). Not sooner: on a loaded CI
 * machine a screen can take over a second to change, and a key sent twice is not always harmless
 * (a second `d` on Vault's deploy question).
 */
export const pressFor = async (session: PtySession, key: string, expected: string | RegExp): Promise<string> => {
	for (let attempt = 1; ; attempt++) {
		const before = session.screen();
		session.write(key);
		try {
			// eslint-disable-next-line no-await-in-loop -- one key at a time, as a person presses them
			return await session.waitForText(expected, attempt < 3 ? 3000 : 15_000);
		} catch (error) {
			// Something happened (a job runs, a spinner turns): wait for the rest, never press twice.
			if (session.screen() !== before) return session.waitForText(expected);
			if (attempt >= 3) throw error;
		}
	}
};
