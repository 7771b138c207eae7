/**
 * Colours, and what the terminal allows. NO_COLOR (https://no-color.org), set and not empty, turns
 * colour off; TERM=dumb turns off every style, inverse video included (chalk, which Ink styles
 * with, emits nothing there), which is why every list marks its selected row with ❯ as well.
 * Read once from the environment, as chalk does.
 */
export type Display = {
	/** Foreground colours. */
	color: boolean;
	/** Inverse, bold, dim: off on a dumb terminal. */
	styles: boolean;
};

export const displayFor = (env: Record<string, string | undefined>): Display => {
	const dumb = env.TERM === 'dumb';
	return {color: !dumb && !env.NO_COLOR, styles: !dumb};
};

export const display: Display = displayFor(globalThis.process?.env ?? {});

const palette = {
	accent: 'cyan',
	ok: 'green',
	warn: 'yellow',
	error: 'red',
	dim: 'gray',
	selected: 'blue',
} as const;

export type Theme = {[Name in keyof typeof palette]: string | undefined};

export const themeFor = (what: Display): Theme => (what.color ? palette : {accent: undefined, ok: undefined, warn: undefined, error: undefined, dim: undefined, selected: undefined});

export const theme: Theme = themeFor(display);
