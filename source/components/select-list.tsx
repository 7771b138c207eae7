/**
 * A vertical list to pick one item from, with ↑↓ (or k/j, wrapping) and Enter. It replaces
 * ink-select-input, which computes each move from the index of its last render: keys that arrive
 * in one read (a held arrow key over ssh, tmux send-keys, a paste) moved the cursor once, and an
 * Enter in the same read chose the item the cursor had *before* them. Here the index lives in a
 * ref that every key updates at once; the state only asks for the redraw.
 *
 * A list longer than `rows` shows a window that follows the selection, and a line saying where
 * in the list it is: the selected row is always on screen.
 */
import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {windowTop} from './scroll-window.js';
import {SelectedRow} from './selected-row.js';

export type SelectItem = {key: string; value: string; label: string};

type SelectListProps = {
	items: SelectItem[];
	isFocused: boolean;
	onSelect: (item: SelectItem) => void;
	/** Rows the list may take, its position line included; all of them when not given. */
	rows?: number;
	/** The item selected at first (and when the list changes), e.g. the one picked last time. */
	initialValue?: string;
};

/** Rows a list of `count` items takes in at most `rows`. */
export const selectListRows = (count: number, rows = Number.POSITIVE_INFINITY): number => (count <= rows ? count : Math.max(2, rows));

export const SelectList = ({items, isFocused, onSelect, rows, initialValue}: SelectListProps) => {
	const start = () => Math.max(0, items.findIndex(item => item.value === initialValue));
	const selected = useRef<number | undefined>(undefined);
	const top = useRef(0);
	const [, redraw] = useState(0);
	// A different list (not a re-render of the same one) starts at its top, or at `initialValue`.
	const values = items.map(item => item.value).join('\u0000');
	const shownValues = useRef(values);
	if (selected.current === undefined || shownValues.current !== values) {
		shownValues.current = values;
		selected.current = start();
	}

	useInput(
		(input, key) => {
			if (items.length === 0) return;
			// Keys of one read arrive one by one: each move counts, an Enter picks where they led.
			const move = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : 0;
			if (move !== 0) {
				selected.current = ((selected.current ?? 0) + move + items.length) % items.length;
				redraw(count => count + 1);
			} else if (key.return) {
				onSelect(items[selected.current ?? 0]!);
			}
		},
		{isActive: isFocused},
	);

	const current = selected.current;
	const windowed = rows !== undefined && items.length > rows;
	const page = windowed ? Math.max(1, rows - 1) : items.length;
	top.current = windowed ? windowTop(current, top.current, page, items.length) : 0;
	const shown = items.slice(top.current, top.current + page);
	return (
		<Box flexDirection="column">
			{shown.map((item, index) => (
				<SelectedRow key={item.key} selected={top.current + index === current}>
					{item.label}
				</SelectedRow>
			))}
			{windowed ? (
				<Text dimColor>
					{'  '}
					{top.current + 1}–{top.current + shown.length} of {items.length}
				</Text>
			) : null}
		</Box>
	);
};
