/**
 * Word wrap as Ink does it (words kept whole, a word longer than the line cut), done before Ink so
 * a screen knows how many lines each text takes and can keep the whole screen within the terminal.
 */
import {sliceToWidth, textWidth} from './text-width.js';

export const wrapText = (text: string, width: number): string[] => {
	const room = Math.max(1, width);
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/ +/)) {
			let rest = word;
			const candidate = line ? `${line} ${rest}` : rest;
			if (textWidth(candidate) <= room) {
				line = candidate;
				continue;
			}

			if (line) lines.push(line);
			line = '';
			while (textWidth(rest) > room) {
				const head = sliceToWidth(rest, room);
				lines.push(head);
				rest = rest.slice(head.length);
			}

			line = rest;
		}

		lines.push(line);
	}

	return lines;
};

/** At most `max` lines; a cut shows as an ellipsis at the end of the last one. */
export const clampLines = (lines: string[], max: number, width: number): string[] => {
	if (lines.length <= max) return lines;
	if (max <= 0) return [];
	const kept = lines.slice(0, max);
	const last = kept[max - 1]!;
	kept[max - 1] = textWidth(last) + 1 <= width ? `${last}…` : `${sliceToWidth(last, Math.max(0, width - 1))}…`;
	return kept;
};

/** The lines `text` takes at `width`, at most `max`. */
export const wrapClamped = (text: string, width: number, max = Number.POSITIVE_INFINITY): string[] => clampLines(wrapText(text, width), max, width);
