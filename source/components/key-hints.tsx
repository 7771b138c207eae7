import {Box, Text} from 'ink';
import {textWidth} from './text-width.js';
import {useTerminalSize} from './terminal-size.js';

export type Hint = [key: string, what: string];

/**
 * The keys as lines: as many hints per line as fit, at most two lines, a hint never split; the
 * tighter separator when it saves a line; past two lines the second is cut at the edge.
 */
export const keyHintLines = (hints: Hint[], columns: number): string[] => {
	const items = hints.map(([key, what]) => `${key} ${what}`);
	const layout = (separator: string) => {
		const lines: string[] = [];
		for (const item of items) {
			const last = lines.at(-1);
			if (last !== undefined && textWidth(last + separator + item) <= columns) lines[lines.length - 1] = last + separator + item;
			else lines.push(item);
		}

		return lines;
	};

	const roomy = layout('  ·  ');
	const tight = layout(' · ');
	const best = roomy.length <= tight.length ? roomy : tight;
	if (best.length <= 2) return best;
	// Never more than two lines: the rest joins the second, and Ink cuts it at the edge.
	return [tight[0]!, tight.slice(1).join(' · ')];
};

/** Rows the hints take, with the blank line above them. */
export const keyHintRows = (hints: Hint[], columns: number): number => 1 + keyHintLines(hints, columns).length;

/** The keys of the current screen, always at the bottom. */
export const KeyHints = ({hints, columns}: {hints: Hint[]; columns?: number}) => {
	const size = useTerminalSize();
	const lines = keyHintLines(hints, columns ?? size.columns);
	return (
		<Box marginTop={1} flexDirection="column">
			{lines.map(line => (
				<Text key={line} dimColor wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
};
