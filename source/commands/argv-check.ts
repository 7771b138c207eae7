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

/** `packport version`, `packport -v` (first word), or `--version` anywhere before a lone `--`, as `gh --version`. */
export const asksForVersion = (argv: readonly string[]) => argv[0] === 'version' || argv[0] === '-v' || flagPart(argv).includes('--version');

/** `packport help [COMMAND]`, as `gh help`: packport has one page for all commands. */
export const asksForHelpCommand = (argv: readonly string[]) => argv[0] === 'help';

/** The commands the dispatch knows, for did-you-mean. */
export const knownCommands = ['import', 'promote', 'status', 'profiles', 'history', 'undo', 'deploy', 'packages', 'emulate', 'help', 'version'] as const;

/** Edit distance with adjacent transpositions (`improt` → `import` is 1). */
const distance = (a: string, b: string): number => {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			rows[i]![j] = best;
		}
	}

	return rows[a.length]![b.length]!;
};

/** The command meant by a typo (distance up to 2, or a prefix of 3+ letters), as gh suggests; undefined when none is close. */
export const suggestCommand = (typed: string, known: readonly string[] = knownCommands): string | undefined => {
	const word = typed.toLowerCase();
	let best: {command: string; score: number} | undefined;
	for (const command of known) {
		const score = word.length >= 3 && command.startsWith(word) ? 0.5 : distance(word, command);
		if (score <= 2 && (!best || score < best.score)) best = {command, score};
	}

	return best?.command;
};

/** The Error and Hint of an unknown command, with a did-you-mean when one is close. */
export const unknownCommand = (typed: string): {message: string; hint: string} => {
	// Printable only: a word from argv must not drive the terminal.
	const shown = typed.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, '?').slice(0, 80);
	const suggestion = suggestCommand(typed);
	const hint = suggestion
		? `Did you mean \`packport ${suggestion}\`? Run \`packport --help\` for the commands.`
		: /\.(mmp|vpk)$/i.test(typed)
			? `To import a package: \`packport import --profile NAME --package ${shown}\`; \`packport\` alone starts the wizard.`
			: 'Run `packport --help` for the commands.';
	return {message: `Unknown command "${shown}".`, hint};
};
