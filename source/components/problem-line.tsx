import {Box} from 'ink';
import {stripControl} from '../http/redact.js';
import type {Problem} from '../wizard/state.js';
import {Lines} from './lines.js';
import {useTerminalSize} from './terminal-size.js';
import {theme} from './theme.js';
import {wrapText, clampLines} from './wrap.js';

/** The message and hint lines a problem takes in `maxRows` (with the blank line above). */
export const problemLayout = (problem: Problem | undefined, columns: number, maxRows = Number.POSITIVE_INFINITY): {message: string[]; hint: string[]; rows: number} => {
	if (!problem) return {message: [], hint: [], rows: 0};
	const message = wrapText(`✖ ${stripControl(problem.message)}`, columns);
	const hint = problem.hint ? wrapText(`  ${stripControl(problem.hint)}`, columns) : [];
	const room = Math.max(1, maxRows - 1);
	// The message first; the hint gets what is left, a line at least when there is a hint.
	const messageRoom = hint.length > 0 ? Math.max(1, Math.min(message.length, room - 1)) : room;
	const shownMessage = clampLines(message, messageRoom, columns);
	const shownHint = clampLines(hint, Math.max(hint.length > 0 ? 1 : 0, room - shownMessage.length), columns);
	return {message: shownMessage, hint: shownHint, rows: 1 + shownMessage.length + shownHint.length};
};

export const ProblemLine = ({problem, columns, maxRows}: {problem?: Problem; columns?: number; maxRows?: number}) => {
	const size = useTerminalSize();
	const {message, hint} = problemLayout(problem, columns ?? size.columns, maxRows);
	return problem ? (
		<Box flexDirection="column" marginTop={1}>
			<Lines lines={message} color={theme.error} />
			{hint.length > 0 ? <Lines lines={hint} color={theme.warn} /> : null}
		</Box>
	) : null;
};
