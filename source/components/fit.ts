import {padToWidth, sliceEndToWidth, sliceToWidth, textWidth} from './text-width.js';

/** Pads or cuts text to a column width, marking a cut with an ellipsis at the end. */
export const fit = (text: string, width: number): string => {
	if (width <= 0) return '';
	return textWidth(text) > width ? `${sliceToWidth(text, width - 1)}…` : padToWidth(text, width);
};

/** The same, cutting the start: for paths and ids, whose end tells them apart. */
export const fitStart = (text: string, width: number): string => {
	if (width <= 0) return '';
	return textWidth(text) > width ? `…${sliceEndToWidth(text, width - 1)}` : padToWidth(text, width);
};

/** Right-aligned in `width` cells (numbers, sizes). */
export const fitRight = (text: string, width: number): string => {
	if (width <= 0) return '';
	return textWidth(text) > width ? fit(text, width) : ' '.repeat(width - textWidth(text)) + text;
};
