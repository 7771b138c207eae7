/**
 * A vertical list to pick one item from, with ↑↓ (or k/j, wrapping) and Enter. It replaces
 * ink-select-input, which computes each move from the index of its last render: keys that arrive
 * in one read (a held arrow key over ssh, tmux send-keys, a paste) moved the cursor once, and an
 * Enter in the same read chose the item the cursor had *before* them. Here the index lives in a
 * ref that every key updates at once; the state only asks for the redraw.
 */
import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';

export type SelectItem = {key: string; value: string; label: string};

type SelectListProps = {
	items: SelectItem[];
	isFocused: boolean;
	onSelect: (item: SelectItem) => void;
};

export const SelectList = ({items, isFocused, onSelect}: SelectListProps) => {
	const selected = useRef(0);
	const [, redraw] = useState(0);
	// A different list (not a re-render of the same one) starts at its top, as ink-select-input did.
	const values = items.map(item => item.value).join('\u0000');
	const shownValues = useRef(values);
	if (shownValues.current !== values) {
		shownValues.current = values;
		selected.current = 0;
	}

	useInput(
		(input, key) => {
			if (items.length === 0) return;
			const move = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : 0;
			if (move !== 0) {
				selected.current = (selected.current + move + items.length) % items.length;
				redraw(count => count + 1);
			} else if (key.return) {
				onSelect(items[selected.current]!);
			}
		},
		{isActive: isFocused},
	);

	return (
		<Box flexDirection="column">
			{items.map((item, index) => (
				<Box key={item.key}>
					<Box marginRight={1}>{index === selected.current ? <Text color="blue">❯</Text> : <Text> </Text>}</Box>
					<Text color={index === selected.current ? 'blue' : undefined}>{item.label}</Text>
				</Box>
			))}
		</Box>
	);
};
