import {Text} from 'ink';
import Spinner from 'ink-spinner';
import {theme} from './theme.js';

/** "Testing the connection…" with a spinner, while a screen waits on something. */
export const BusyLine = ({what}: {what?: string}) =>
	what ? (
		<Text color={theme.accent}>
			<Spinner type="dots" /> {what}
		</Text>
	) : null;
