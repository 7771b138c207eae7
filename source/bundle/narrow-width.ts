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
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7e) continue;
		if (!narrowCodes.has(code)) return undefined;
	}

	return text.length;
};
