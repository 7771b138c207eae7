import {Text} from 'ink';
import {display, theme} from './theme.js';

/** Cells the marker takes before every row of a list. */
export const markerWidth = 2;

/**
 * One row of a list. The selected row has a ❯ on every terminal — inverse video alone is invisible
 * where styles are off (TERM=dumb) — and inverse video where it shows. One line, cut at the edge.
 */
export const SelectedRow = ({selected, children, color, dimColor}: {selected: boolean; children: string; color?: string; dimColor?: boolean}) => (
	<Text wrap="truncate-end">
		<Text color={selected ? theme.selected : undefined}>{selected ? '❯ ' : '  '}</Text>
		<Text inverse={selected && display.styles} color={color} dimColor={dimColor}>
			{children}
		</Text>
	</Text>
);
