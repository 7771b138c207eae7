/** Pads or cuts text to a column width, marking a cut with an ellipsis. */
export const fit = (text: string, width: number): string => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width));
