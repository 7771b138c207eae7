/**
 * ink-testing-library's render with a terminal of a given size: its stdout is always 100 columns
 * and has no rows. The screens read both (useTerminalSize), so whole-frame tests at 80×24 and
 * 60×20 need a stdout that says so.
 */
import {EventEmitter} from 'node:events';
import {render as inkRender} from 'ink';
import type {ReactElement} from 'react';
import {textWidth} from '../../source/components/text-width.js';

class Stdout extends EventEmitter {
	frames: string[] = [];
	isTTY = true;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};

	lastFrame = () => this.frames.at(-1);
}

class Stdin extends EventEmitter {
	isTTY = true;
	data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
}

export type Sized = ReturnType<typeof renderAt>;

export const renderAt = (tree: ReactElement, {columns, rows}: {columns: number; rows: number}) => {
	const stdout = new Stdout(columns, rows);
	const stdin = new Stdin();
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new Stdout(columns, rows) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		stdin,
		stdout,
		lastFrame: stdout.lastFrame,
		rerender: instance.rerender,
		unmount: () => {
			instance.unmount();
			instance.cleanup();
		},
		resize(nextColumns: number, nextRows: number) {
			stdout.columns = nextColumns;
			stdout.rows = nextRows;
			stdout.emit('resize');
		},
	};
};

/** The rows a frame takes on a terminal `columns` wide (a line wider than that wraps there). */
export const terminalRowsOf = (frame: string, columns: number): number =>
	frame.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(textWidth(line) / columns)), 0);

/** Lines of the frame wider than the terminal. */
export const overflowing = (frame: string, columns: number): string[] => frame.split('\n').filter(line => textWidth(line) > columns);
