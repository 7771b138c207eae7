/**
 * Drives the real CLI in a pseudo-terminal and keeps a real terminal screen (xterm's headless
 * emulator), so a test reads what a person would see, after Ink's redraws.
 */
import path from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import {cliPath} from './cli.js';

export type PtySession = {
	screen(): string;
	write(keys: string): void;
	waitForText(text: string | RegExp, timeoutMs?: number): Promise<string>;
	exited: Promise<number>;
	kill(): void;
};

export const startInPty = (args: string[], {env, cwd, cols = 120, rows = 40}: {env: Record<string, string>; cwd?: string; cols?: number; rows?: number}): PtySession => {
	const terminal = new xterm.Terminal({cols, rows, allowProposedApi: true});
	const child = pty.spawn(process.execPath, [cliPath, ...args], {
		name: 'xterm-256color',
		cols,
		rows,
		cwd: cwd ?? path.dirname(cliPath),
		env: {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm-256color', ...env},
	});
	child.onData(data => terminal.write(data));
	// node-pty reports the exit once all output was read, but xterm parses what it was given
	// asynchronously: the exit waits for that too, so a screen() read after it shows the last lines.
	const exited = new Promise<number>(resolve => child.onExit(({exitCode}) => terminal.write('', () => resolve(exitCode))));

	const screen = () => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let index = 0; index < buffer.length; index++) lines.push(buffer.getLine(index)?.translateToString(true) ?? '');
		// Only the visible part: the last `rows` lines.
		return lines.slice(-rows).join('\n');
	};

	return {
		screen,
		write: keys => child.write(keys),
		async waitForText(text, timeoutMs = 15_000) {
			const started = Date.now();
			for (;;) {
				// xterm parses asynchronously; a flush callback makes the buffer current.
				await new Promise<void>(resolve => terminal.write('', resolve));
				const current = screen();
				if (typeof text === 'string' ? current.includes(text) : text.test(current)) return current;
				if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${String(text)}. Screen:\n${current}`);
				await new Promise(resolve => setTimeout(resolve, 50));
			}
		},
		exited,
		kill: () => child.kill(),
	};
};
