/**
 * One read from the terminal applied to a line of text. Ink hands keys that arrive together (a
 * held Backspace, a fast typist over ssh, a paste) to the input handler as one string, and only a
 * lone Backspace as `key.backspace`/`key.delete`; so every DEL (0x7f) and BS (0x08) byte in that
 * string deletes one character, a line break ends the line, and other control bytes are dropped
 * instead of going into the text unseen.
 */
export type EditKey = {leftArrow?: boolean; rightArrow?: boolean; home?: boolean; end?: boolean; backspace?: boolean; delete?: boolean; ctrl?: boolean; meta?: boolean; escape?: boolean};
export type LineEdit = {text: string; cursor: number; submit: boolean};

const erase = (edit: LineEdit): LineEdit =>
	edit.cursor > 0 ? {...edit, text: edit.text.slice(0, edit.cursor - 1) + edit.text.slice(edit.cursor), cursor: edit.cursor - 1} : edit;

const isControl = (char: string): boolean => {
	const code = char.codePointAt(0)!;
	return code < 0x20 || (code >= 0x7f && code <= 0x9f);
};

export const editLine = (text: string, cursor: number, input: string, key: EditKey): LineEdit => {
	let edit: LineEdit = {text, cursor: Math.max(0, Math.min(text.length, cursor)), submit: false};
	if (key.leftArrow) return {...edit, cursor: Math.max(0, edit.cursor - 1)};
	if (key.rightArrow) return {...edit, cursor: Math.min(text.length, edit.cursor + 1)};
	if (key.home) return {...edit, cursor: 0};
	if (key.end) return {...edit, cursor: text.length};
	if (key.backspace || key.delete) return erase(edit);
	if (key.ctrl || key.meta || key.escape) return edit;
	for (const char of input) {
		if (char === '\u007F' || char === '\b') edit = erase(edit);
		else if (char === '\r' || char === '\n') return {...edit, submit: true};
		else if (!isControl(char)) {
			edit = {...edit, text: edit.text.slice(0, edit.cursor) + char + edit.text.slice(edit.cursor), cursor: edit.cursor + char.length};
		}
	}

	return edit;
};

/** The same for a field that only grows at its end (a filter, a typed confirmation word). */
export const editTail = (text: string, input: string, key: EditKey): LineEdit => editLine(text, text.length, input, key);
