import {Box, Text} from 'ink';
import {wrapClamped} from './wrap.js';

type Style = {color?: string; dimColor?: boolean; bold?: boolean};

/** Lines already wrapped (or cut) to the width: what a screen counted is what it shows. */
export const Lines = ({lines, ...style}: {lines: string[]} & Style) => (
	<Box flexDirection="column">
		{lines.map((line, index) => (
			// eslint-disable-next-line react/no-array-index-key -- lines repeat (blank ones)
			<Text key={index} wrap="truncate-end" {...style}>
				{line}
			</Text>
		))}
	</Box>
);

/** Prose wrapped to `width`, at most `max` lines. */
export const Wrapped = ({text, width, max, ...style}: {text: string; width: number; max?: number} & Style) => <Lines lines={wrapClamped(text, width, max)} {...style} />;
