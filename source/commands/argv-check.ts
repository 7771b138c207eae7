/**
 * Flag checks meow leaves to us: it shows help only for a bare `packport --help`, and prints an
 * unknown flag as two bare lines. Users of gh or aws expect `packport import --help` to help, and
 * every usage error to read "Error: … / Hint: …" with exit 2.
 */
export type FlagSpec = Record<string, {type: 'string' | 'boolean'; shortFlag?: string; isMultiple?: boolean; default?: unknown}>;

const kebab = (name: string) => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

/** argv up to a lone `--`, after which nothing is a flag. */
const flagPart = (argv: readonly string[]) => {
	const end = argv.indexOf('--');
	return end === -1 ? argv : argv.slice(0, end);
};

export const asksForHelp = (argv: readonly string[]) => flagPart(argv).some(token => token === '--help' || token === '-h');

export const givesFlag = (argv: readonly string[], flag: string) => flagPart(argv).includes(flag);

/** The first flag in argv that packport does not have, as the user typed it. */
export const unknownFlag = (argv: readonly string[], spec: FlagSpec): string | undefined => {
	const long = new Map(Object.entries(spec).map(([name, flag]) => [kebab(name), flag.type]));
	long.set('help', 'boolean');
	long.set('version', 'boolean');
	const short = new Map(Object.values(spec).flatMap(flag => (flag.shortFlag ? [[flag.shortFlag, 'boolean'] as const] : [])));
	short.set('h', 'boolean');
	const tokens = flagPart(argv);
	for (let index = 0; index < tokens.length; index++) {
		const token = tokens[index]!;
		if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
		if (token.startsWith('--')) {
			const [name = '', value] = token.slice(2).split(/=(.*)/s);
			const type = long.get(name) ?? (name.startsWith('no-') && long.get(name.slice(3)) === 'boolean' ? 'boolean' : undefined);
			if (!type) return `--${name}`;
			// `--profile prod`: the next token is the value, even when it starts with "-".
			if (type === 'string' && value === undefined) index++;
			continue;
		}

		for (const letter of token.slice(1)) if (!short.has(letter)) return `-${letter}`;
	}

	return undefined;
};
