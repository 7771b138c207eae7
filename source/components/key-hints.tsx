import {Box, Text} from 'ink';

/** The keys of the current screen, always at the bottom. */
export const KeyHints = ({hints}: {hints: Array<[string, string]>}) => (
	<Box marginTop={1}>
		<Text dimColor>{hints.map(([key, what]) => `${key} ${what}`).join('  ·  ')}</Text>
	</Box>
);
