/**
 * A one-line text input. It replaces ink-text-input, which edits and submits the value of its last
 * render and took a pasted "path⏎" (one input from Ink) as text: the line break went into the value
 * and nothing was submitted. Here the value and cursor live in refs that every key updates at once,
 * a line break submits, and Enter submits what was typed. Callers use the value onSubmit gives
 * them, not their own state, which may not have re-rendered yet.
 */
import {Text, useInput} from 'ink';
import {useRef, useState} from 'react';

type TextFieldProps = {
	value: string;
	focus: boolean;
	onChange: (value: string) => void;
	onSubmit: (value: string) => void;
	mask?: string;
	placeholder?: string;
	showCursor?: boolean;
};

export const TextField = ({value, focus, onChange, onSubmit, mask, placeholder = '', showCursor = true}: TextFieldProps) => {
	const latest = useRef(value);
	const seen = useRef(value);
	const cursor = useRef(value.length);
	const [, redraw] = useState(0);
	// The parent changed the value (a reset, a default): take it, cursor at the end.
	if (seen.current !== value) {
		seen.current = value;
		if (latest.current !== value) cursor.current = value.length;
		latest.current = value;
	}

	useInput(
		(input, key) => {
			if (key.upArrow || key.downArrow || key.tab || (key.ctrl && input === 'c')) return;
			if (key.return) {
				onSubmit(latest.current);
				return;
			}

			const text = latest.current;
			let next = text;
			if (key.leftArrow) cursor.current = Math.max(0, cursor.current - 1);
			else if (key.rightArrow) cursor.current = Math.min(text.length, cursor.current + 1);
			else if (key.backspace || key.delete) {
				if (cursor.current > 0) {
					next = text.slice(0, cursor.current - 1) + text.slice(cursor.current);
					cursor.current--;
				}
			} else if (input && !key.ctrl && !key.meta && !key.escape) {
				// Ink hands a pasted "path⏎" over as one input: the line break submits what came before it.
				const [line = ''] = input.split(/[\r\n]/);
				next = text.slice(0, cursor.current) + line + text.slice(cursor.current);
				cursor.current += line.length;
			}

			redraw(count => count + 1);
			if (next !== text) {
				latest.current = next;
				onChange(next);
			}

			if (/[\r\n]/.test(input)) onSubmit(latest.current);
		},
		{isActive: focus},
	);

	const shown = mask ? mask.repeat(latest.current.length) : latest.current;
	if (shown.length === 0 && placeholder) {
		return showCursor && focus ? <Text><Text inverse>{placeholder[0]}</Text><Text color="gray">{placeholder.slice(1)}</Text></Text> : <Text color="gray">{placeholder}</Text>;
	}

	if (!showCursor || !focus) return <Text>{shown}</Text>;
	const at = Math.min(cursor.current, shown.length);
	return (
		<Text>
			{shown.slice(0, at)}
			<Text inverse>{shown[at] ?? ' '}</Text>
			{shown.slice(at + 1)}
		</Text>
	);
};
