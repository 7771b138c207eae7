/**
 * The bundle answers string widths from narrowWidth first (scripts/bundle.mjs). It must agree with
 * string-width wherever it answers, or Ink would lay screens out wrong in the shipped bin only.
 */
import stringWidth from 'string-width';
import {expect, test} from 'vitest';
import {narrowSymbols, narrowWidth} from '../../source/bundle/narrow-width.js';

test('every symbol on the fast path is one column for string-width too', () => {
	const wide = [...narrowSymbols].filter(symbol => stringWidth(symbol) !== 1);
	expect(wide).toEqual([]);
});

test('screen text gets the same width as from string-width; anything else is left to it', () => {
	for (const text of ['❯ demo-mstr   MicroStrategy', '↑↓ move  ·  enter choose  ·  q quit', '✔ Imported (exit code 0, 9.0 s)', '╭──╮', '']) {
		expect(narrowWidth(text)).toBe(stringWidth(text));
	}

	// Colours and inverse video around screen text (the selected row, as Ink measures it): no columns.
	for (const text of ['\u001B[1mbold\u001B[22m', '\u001B[34m❯ \u001B[39m\u001B[7mbench-profile  MicroStrategy\u001B[27m', '\u001B[38;2;255;0;0m● red\u001B[39m', '\u001B[0m']) {
		expect(narrowWidth(text)).toBe(stringWidth(text));
	}

	// Other escapes (a hyperlink, a cut-off sequence), wide scripts, emoji and a caller asking for wide ambiguous symbols.
	for (const text of ['\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007', '\u001B[3', '\u001B[34m日本語', '日本語', '👍 ok', 'e\u0301']) expect(narrowWidth(text)).toBeUndefined();
	expect(narrowWidth('· ↑', {ambiguousIsNarrow: false})).toBeUndefined();
});
