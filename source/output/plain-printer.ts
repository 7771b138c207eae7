/**
 * Engine events as plain lines for people: steps as they finish, progress throttled so a CI log
 * gets a line every few seconds, not hundreds. On a terminal the progress line redraws in place.
 */
import type {EngineEvent} from '../engine/events.js';
import {formatBytes} from '../packages/local-file.js';
import {stripControl} from '../http/redact.js';

const throttleMs = 5000;

export const createPlainPrinter = (write: (text: string) => void, {live}: {live: boolean}) => {
	let lastProgressAt = 0;
	let lastKey = '';
	let pendingLine = false;
	const endLive = () => {
		if (pendingLine) write('\n');
		pendingLine = false;
	};

	return (event: EngineEvent) => {
		if (event.type === 'step') {
			if (event.status === 'running') return;
			endLive();
			const mark = event.status === 'done' ? '✔' : event.status === 'failed' ? '✖' : '-';
			const ms = event.ms === undefined ? '' : ` (${event.ms < 1000 ? `${event.ms} ms` : `${(event.ms / 1000).toFixed(1)} s`})`;
			write(`${mark} ${stripControl(event.label)}${ms}\n`);
			return;
		}

		if (event.type === 'log') {
			endLive();
			write(`${event.level === 'info' ? '' : `${event.level}: `}${stripControl(event.message)}\n`);
			return;
		}

		// "0 B sent" says nothing; the first real figure is worth a line.
		if (event.transferred === 0) return;
		const text =
			event.transferred === undefined
				? `  ${event.step}: ${event.serverStatus ?? ''}${event.percent === undefined ? '' : ` ${Math.round(event.percent)}%`}`
				: `  ${event.step}: ${formatBytes(event.transferred)}${event.total ? ` / ${formatBytes(event.total)}` : ''}`;
		if (live) {
			write(`\r\u001B[K${text}`);
			pendingLine = true;
			return;
		}

		// Plain logs: a line when the server's status word changes, else at most every few seconds.
		const key = `${event.step}:${event.serverStatus ?? ''}`;
		const now = Date.now();
		if (key === lastKey && now - lastProgressAt < throttleMs) return;
		lastKey = key;
		lastProgressAt = now;
		write(`${text}\n`);
	};
};
