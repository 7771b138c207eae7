export const theme = {
	accent: 'cyan',
	ok: 'green',
	warn: 'yellow',
	error: 'red',
	dim: 'gray',
} as const;
