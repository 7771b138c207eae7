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
