/**
 * Terminal cells a string takes: East Asian wide characters and emoji take two, combining marks and
 * zero-width characters none. Ink measures the same way (string-width); we need it before Ink does,
 * to fit columns and count the lines a text will take.
 */
const wide = (code: number): boolean =>
	(code >= 0x11_00 && code <= 0x11_5f) ||
	(code >= 0x2e_80 && code <= 0xa4_cf && code !== 0x30_3f) ||
	(code >= 0xac_00 && code <= 0xd7_a3) ||
	(code >= 0xf9_00 && code <= 0xfa_ff) ||
	(code >= 0xfe_30 && code <= 0xfe_4f) ||
	(code >= 0xff_00 && code <= 0xff_60) ||
	(code >= 0xff_e0 && code <= 0xff_e6) ||
	(code >= 0x1_f3_00 && code <= 0x1_f6_4f) ||
	(code >= 0x1_f9_00 && code <= 0x1_fa_ff) ||
	(code >= 0x2_00_00 && code <= 0x3_ff_fd);

const zero = (code: number): boolean =>
	(code >= 0x03_00 && code <= 0x03_6f) || (code >= 0x20_0b && code <= 0x20_0f) || (code >= 0xfe_00 && code <= 0xfe_0f) || code === 0xfe_ff;

export const charWidth = (char: string): number => {
	const code = char.codePointAt(0) ?? 0;
	return zero(code) ? 0 : wide(code) ? 2 : 1;
};

export const textWidth = (text: string): number => {
	let width = 0;
	for (const char of text) width += charWidth(char);
	return width;
};

/** The longest start of `text` that takes at most `width` cells. */
export const sliceToWidth = (text: string, width: number): string => {
	let used = 0;
	let end = 0;
	for (const char of text) {
		const cells = charWidth(char);
		if (used + cells > width) break;
		used += cells;
		end += char.length;
	}

	return text.slice(0, end);
};

/** The longest end of `text` that takes at most `width` cells. */
export const sliceEndToWidth = (text: string, width: number): string => {
	const chars = [...text];
	let used = 0;
	let start = chars.length;
	while (start > 0) {
		const cells = charWidth(chars[start - 1]!);
		if (used + cells > width) break;
		used += cells;
		start--;
	}

	return chars.slice(start).join('');
};

/** Pads with spaces to `width` cells. */
export const padToWidth = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - textWidth(text)));
