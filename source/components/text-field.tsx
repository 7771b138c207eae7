/**
 * A one-line text input. It replaces ink-text-input, which edits and submits the value of its last
 * render and took a pasted "path⏎" (one input from Ink) as text: the line break went into the value
 * and nothing was submitted. Here the value and cursor live in refs that every key updates at once,
 * a line break submits, Enter submits what was typed, and every Backspace in one read deletes a
 * character (edit-line.ts). Callers use the value onSubmit gives them, not their own state, which
 * may not have re-rendered yet. Given a width, a long value scrolls sideways to keep the cursor in
 * view instead of wrapping.
 */
import {Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {editLine} from './edit-line.js';
import {fit} from './fit.js';
import {theme} from './theme.js';

type TextFieldProps = {
	value: string;
	focus: boolean;
	onChange: (value: string) => void;
	onSubmit: (value: string) => void;
	mask?: string;
	placeholder?: string;
	showCursor?: boolean;
	/** Cells the field may take on its line. */
	width?: number;
};

/** The part of `shown` that fits `width` cells with the cursor in it; a cut start shows as …. */
export const visibleSlice = (shown: string, cursor: number, width: number): {text: string; cursor: number} => {
	const room = Math.max(3, width);
	if (shown.length + 1 <= room) return {text: shown, cursor};
	const start = cursor <= room - 1 ? 0 : cursor - room + 2;
	const head = start > 0 ? '…' : '';
	return {text: head + shown.slice(start, start + room - head.length), cursor: cursor - start + head.length};
};

export const TextField = ({value, focus, onChange, onSubmit, mask, placeholder = '', showCursor = true, width}: TextFieldProps) => {
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
			const edit = editLine(text, cursor.current, input, key);
			cursor.current = edit.cursor;
			redraw(count => count + 1);
			if (edit.text !== text) {
				latest.current = edit.text;
				onChange(edit.text);
			}

			if (edit.submit) onSubmit(latest.current);
		},
		{isActive: focus},
	);

	const shown = mask ? mask.repeat(latest.current.length) : latest.current;
	if (shown.length === 0 && placeholder) {
		const hint = width === undefined ? placeholder : fit(placeholder, width).trimEnd();
		return showCursor && focus ? (
			<Text wrap="truncate-end">
				<Text inverse>{hint[0]}</Text>
				<Text color={theme.dim}>{hint.slice(1)}</Text>
			</Text>
		) : (
			<Text color={theme.dim} wrap="truncate-end">
				{hint}
			</Text>
		);
	}

	const at = Math.min(cursor.current, shown.length);
	const view = width === undefined ? {text: shown, cursor: at} : visibleSlice(shown, at, width);
	if (!showCursor || !focus) return <Text wrap="truncate-end">{width === undefined ? shown : fit(shown, width).trimEnd()}</Text>;
	return (
		<Text wrap="truncate-end">
			{view.text.slice(0, view.cursor)}
			<Text inverse>{view.text[view.cursor] ?? ' '}</Text>
			{view.text.slice(view.cursor + 1)}
		</Text>
	);
};
