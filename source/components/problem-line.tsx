import {Box, Text} from 'ink';
import {stripControl} from '../redact.js';
import type {Problem} from '../wizard/state.js';
import {theme} from './theme.js';

export const ProblemLine = ({problem}: {problem?: Problem}) =>
	problem ? (
		<Box flexDirection="column" marginTop={1}>
			<Text color={theme.error}>✖ {stripControl(problem.message)}</Text>
			{problem.hint ? <Text color={theme.warn}>  {stripControl(problem.hint)}</Text> : null}
		</Box>
	) : null;
