/**
 * A fast path in front of string-width for the text packport's screens are made of: printable
 * ASCII plus the fixed set of symbols below, each one terminal column. string-width sends any
 * non-ASCII text through Intl.Segmenter and a `\p{RGI_Emoji}` regex; building those on the first
 * call took 24–35 ms on the benchmark machine, a tenth of the time to the first frame (issue 6).
 * Anything else (escape codes, other scripts, emoji, options) returns undefined and goes to
 * string-width itself. test/bundle/narrow-width.test.ts checks every symbol against it.
 */
export const narrowSymbols =
	'…—–✖✔⚠→←↑↓◀▶❯·×≤≥±§“”‘’░█▌▐•○●◆◇■□▪▸▹►' +
	// Ink's borders (single, round, bold, double) and ink-spinner's "dots".
	'─│┌┐└┘├┤┬┴┼╭╮╰╯━┃┏┓┗┛═║╔╗╚╝⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

const narrowCodes = new Set([...narrowSymbols].map(symbol => symbol.codePointAt(0)!));

type WidthOptions = {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean} | undefined;

export const narrowWidth = (text: unknown, options?: WidthOptions): number | undefined => {
	if (typeof text !== 'string') return undefined;
	// Ambiguous-width symbols (· ↑ ─ …) are two columns when a caller asks for that.
	if (options && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes)) return undefined;
	let escapes = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7e) continue;
		if (code === 0x1b) {
			// Colours and inverse video (the selected row): a CSI sequence, ESC [ parameters
			// intermediates final, is no columns, as string-width counts it. Any other escape goes
			// to string-width. Colored text with a symbol in it took the slow path on every start.
			const end = csiEnd(text, index);
			if (end === undefined) return undefined;
			escapes += end - index;
			index = end - 1;
			continue;
		}

		if (!narrowCodes.has(code)) return undefined;
	}

	return text.length - escapes;
};

/** The index just past the CSI sequence starting at `start` (ESC [), or undefined when it is none. */
const csiEnd = (text: string, start: number): number | undefined => {
	if (text.charCodeAt(start + 1) !== 0x5b) return undefined;
	let index = start + 2;
	while (index < text.length && text.charCodeAt(index) >= 0x30 && text.charCodeAt(index) <= 0x3f) index++;
	while (index < text.length && text.charCodeAt(index) >= 0x20 && text.charCodeAt(index) <= 0x2f) index++;
	const final = text.charCodeAt(index);
	return final >= 0x40 && final <= 0x7e ? index + 1 : undefined;
};
