/**
 * Commands people copy. Ink breaks a text wider than the terminal with real line breaks, and a
 * copy keeps them: the command falls apart when pasted. Here a command is laid out as one line as
 * wide as itself, so Ink writes it unbroken and the terminal wraps it on screen; a soft wrap is
 * what terminals and tmux (copy mode, mouse selection) join again when copying.
 *
 * Ink erases a frame by counting its lines, not the rows the terminal wrapped them into, so a line
 * wider than the terminal may only be in output that is never redrawn: <Static>, as the summary
 * is. A screen that redraws shows a command with <CommandLine>, which is one line when it fits.
 */
import {Box, Text} from 'ink';
import {textWidth} from './text-width.js';
import {wrapText} from './wrap.js';

/** Terminal rows a line of this width takes. */
export const terminalRows = (text: string, columns: number): number => Math.max(1, Math.ceil(textWidth(text) / Math.max(1, columns)));

/** One line however wide: only in output that is never redrawn (<Static>). */
export const OneLine = ({text, color, dimColor}: {text: string; color?: string; dimColor?: boolean}) => (
	<Box width={Math.max(1, textWidth(text))} flexShrink={0}>
		<Text color={color} dimColor={dimColor} wrap="truncate-end">
			{text}
		</Text>
	</Box>
);

const commandStart = /`?packport (?:import|status|deploy|undo|profiles|history|emulate)\b/;

/**
 * A message and the command in it apart: "Check later with: packport status --profile p --job 7"
 * is the prose "Check later with:" and the command. A command in backticks ends there; otherwise it
 * runs to the end, less a full stop.
 */
export const splitCommand = (text: string): {before: string; command?: string; after: string} => {
	const found = commandStart.exec(text);
	if (!found) return {before: text, after: ''};
	const before = text.slice(0, found.index).trimEnd();
	const rest = text.slice(found.index);
	if (rest.startsWith('`')) {
		const end = rest.indexOf('`', 1);
		if (end > 0) return {before, command: rest.slice(1, end), after: rest.slice(end + 1).trim()};
	}

	return {before, command: rest.replace(/[.]$/, ''), after: ''};
};

/** A message with a command in it: the prose wrapped, the command on a line of its own. */
export const proseLayout = (text: string, columns: number): {lines: string[]; command?: string; tail: string[]; rows: number} => {
	const {before, command, after} = splitCommand(text);
	if (!command) {
		const lines = wrapText(text, columns);
		return {lines, tail: [], rows: lines.length};
	}

	const lines = before ? wrapText(before, columns) : [];
	const tail = after ? wrapText(after, columns) : [];
	return {lines, command, tail, rows: lines.length + terminalRows(command, columns) + tail.length};
};

/** Prose with its command unbroken: for <Static> output. */
export const ProseWithCommand = ({text, columns, color, commandColor}: {text: string; columns: number; color?: string; commandColor?: string}) => {
	const {lines, command, tail} = proseLayout(text, columns);
	return (
		<Box flexDirection="column">
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key -- wrapped lines of one text
				<Text key={index} color={color}>
					{line}
				</Text>
			))}
			{command ? <OneLine text={command} color={commandColor ?? color} /> : null}
			{tail.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key -- wrapped lines of one text
				<Text key={`tail-${index}`} color={color}>
					{line}
				</Text>
			))}
		</Box>
	);
};
