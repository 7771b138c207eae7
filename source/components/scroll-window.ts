/**
 * The window of a long table or list: the wizard state keeps the cursor, the screen derives the
 * window from the rows the terminal has, moving it only when the cursor leaves it. So the selected
 * row is on screen at any size, whatever page size the state scrolled with.
 */
import {useRef} from 'react';

export const windowTop = (cursor: number, top: number, page: number, count: number): number => {
	const size = Math.max(1, page);
	let next = cursor < top ? cursor : cursor >= top + size ? cursor - size + 1 : top;
	next = Math.min(next, Math.max(0, count - size));
	return Math.max(0, next);
};

/** The first visible row for `cursor` in a window of `page` rows, kept from render to render. */
export const useScrollWindow = (cursor: number, page: number, count: number, start = 0): number => {
	const top = useRef(start);
	top.current = windowTop(cursor, top.current, page, count);
	return top.current;
};
