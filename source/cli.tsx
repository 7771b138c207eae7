#!/usr/bin/env node
/**
 * The only file that reads argv, env, stdin/stdout and sets the exit code. Everything below it
 * takes an Io object, so commands run the same in tests, CI and a terminal.
 */
import path from 'node:path';
import readline from 'node:readline/promises';
import {fileURLToPath} from 'node:url';
import meow from 'meow';
import type {Io} from './commands/io.js';
import {createContext} from './commands/context.js';
import {isPackportError, usageError, type PackportError} from './errors.js';
import {failureResult} from './commands/failure-result.js';
import {helpText} from './commands/help.js';
import {asksForHelp, asksForHelpCommand, asksForVersion, givesFlag, unknownCommand, unknownFlag, type FlagSpec} from './commands/argv-check.js';

const argv = process.argv.slice(2);

const flagSpec = {
	demo: {type: 'boolean', default: false},
	profile: {type: 'string'},
	package: {type: 'string'},
	yes: {type: 'boolean', shortFlag: 'y', default: false},
	json: {type: 'boolean', default: false},
	jsonStream: {type: 'boolean', default: false},
	progress: {type: 'boolean', default: true},
	timeout: {type: 'string'},
	pollInterval: {type: 'string'},
	requestTimeout: {type: 'string'},
	onInterrupt: {type: 'string'},
	passwordStdin: {type: 'boolean', default: false},
	clientSecretStdin: {type: 'boolean', default: false},
	defaultAction: {type: 'string'},
	action: {type: 'string', isMultiple: true, default: []},
	undo: {type: 'boolean', default: true},
	undoOut: {type: 'string'},
	allowDelete: {type: 'boolean', default: false},
	validateOnly: {type: 'boolean', default: false},
	deploy: {type: 'boolean', default: false},
	targetSandbox: {type: 'string'},
	substitutions: {type: 'string'},
	substitute: {type: 'string', isMultiple: true, default: []},
	from: {type: 'string'},
	to: {type: 'string'},
	keep: {type: 'string'},
	job: {type: 'string'},
	run: {type: 'string'},
	packageId: {type: 'string'},
	watch: {type: 'boolean', default: false},
	port: {type: 'string'},
	scenario: {type: 'string', isMultiple: true, default: []},
	vendor: {type: 'string'},
	url: {type: 'string'},
	username: {type: 'string'},
	apiVersion: {type: 'string'},
	projectId: {type: 'string'},
	loginMode: {type: 'string'},
	imsUrl: {type: 'string'},
	clientId: {type: 'string'},
	orgId: {type: 'string'},
	sandbox: {type: 'string'},
	scopes: {type: 'string'},
	name: {type: 'string'},
	description: {type: 'string'},
	expiry: {type: 'string'},
	artifact: {type: 'string', isMultiple: true, default: []},
	full: {type: 'boolean', default: false},
	status: {type: 'string', isMultiple: true, default: []},
} satisfies FlagSpec;

const parse = (args: string[]) =>
	meow(helpText, {
		importMeta: import.meta,
		argv: args,
		allowUnknownFlags: false,
		flags: flagSpec,
	});

/** A failure before any command runs (bad flags, a damaged config file): its exit code, JSON included. */
const reportEarly = (error: PackportError, known: {profile?: string; packageRef?: string} = {}): number => {
	const result = failureResult(error, known);
	if (givesFlag(argv, '--json-stream')) process.stdout.write(`${JSON.stringify({type: 'result', ...result})}\n`);
	else if (givesFlag(argv, '--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	process.stderr.write(`Error: ${error.message}\n${error.hint ? `Hint: ${error.hint}\n` : ''}`);
	return error.exitCode;
};

const refuseFlags = (message: string): never => process.exit(reportEarly(usageError(message, 'Run `packport --help` for the flags.')));

// meow answers only a bare `packport --help`; `packport import --help` and `packport help` get the
// same page, and `packport version` / `-v` / `--version` the version, as gh does.
if (asksForHelp(argv) || asksForHelpCommand(argv)) parse([]).showHelp(0);
if (asksForVersion(argv)) parse([]).showVersion();

const unknown = unknownFlag(argv, flagSpec);
if (unknown) refuseFlags(`Unknown flag ${unknown}.`);

let cli!: ReturnType<typeof parse>;
try {
	cli = parse(argv);
} catch (error) {
	// meow throws on a repeated single-value flag; that is bad usage, not a crash.
	// Its message names the flag in camelCase (--pollInterval): say it as the user typed it.
	refuseFlags(
		(error instanceof Error ? error.message : String(error)).replace(
			/--([a-z]+[A-Z][A-Za-z]*)/g,
			(_, name: string) => `--${name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`,
		),
	);
}

// React's development build prints warnings into the wizard's screen; users run the production one.
process.env.NODE_ENV ??= 'production';

const controller = new AbortController();
const second = new AbortController();
const hurry = new AbortController();
let interrupts = 0;
let signalsHandled = 1;
let killedExitCode = 130;
/**
 * The first signal stops (before the submit) or detaches (after it), cleaning up the server; with
 * --on-interrupt wait the second one detaches. The next one hurries: cleanup gets two seconds and
 * the result and history are still written. Only one more ends the process at once.
 */
const onSignal = (signal: NodeJS.Signals | 'EPIPE') => {
	interrupts++;
	if (interrupts === 1) controller.abort(new Error(signal));
	else if (interrupts <= signalsHandled) second.abort(new Error(signal));
	else if (!hurry.signal.aborted) hurry.abort(new Error(signal));
	else process.exit(killedExitCode);
};

// The signals are ours to handle (a listener a dependency installed could turn "stop and clean up
// the server" into "die now"); a closed terminal (SIGHUP) is handled like SIGTERM, not left to
// kill us mid-import.
const handledSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
for (const signal of handledSignals) {
	for (const listener of process.listeners(signal)) process.off(signal, listener);
	process.on(signal, onSignal);
}

// A reader that went away (`packport import … --json-stream | head -1`) is a quiet detach: the
// import stops or detaches with its cleanup, like on SIGTERM, and nothing more goes to stdout.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE') throw error;
	if (stdoutClosed) return;
	stdoutClosed = true;
	onSignal('EPIPE');
});

const readStdin = async (): Promise<string> => {
	// Capped, and given up at the first signal: `< /dev/zero` or a pipe that never ends must not hold the run.
	const {readBoundedStdin} = await import('./commands/read-stdin.js');
	return readBoundedStdin(process.stdin, {signal: controller.signal});
};

const io: Io = {
	write(text) {
		if (!stdoutClosed) process.stdout.write(text);
	},
	writeError: text => process.stderr.write(text),
	env: process.env,
	cwd: process.cwd(),
	stdinIsTty: Boolean(process.stdin.isTTY),
	stdoutIsTty: Boolean(process.stdout.isTTY),
	readStdin,
	async ask(question) {
		const rl = readline.createInterface({input: process.stdin, output: process.stderr});
		try {
			return await rl.question(question);
		} finally {
			rl.close();
		}
	},
	signal: controller.signal,
	secondSignal: second.signal,
	allowSecondSignal() {
		signalsHandled = 2;
	},
	hurrySignal: hurry.signal,
	setKilledExitCode(code) {
		killedExitCode = code;
	},
	installDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
};

const dispatch = async (): Promise<number> => {
	const [command, ...rest] = cli.input;
	const flags = cli.flags;
	const context = createContext(io);
	// A damaged config.json stops every command that reads profiles with one line naming it (issue 14).
	const damaged = command === 'emulate' || command === 'history' || flags.demo ? undefined : context.store.problem();
	if (damaged) return reportEarly(damaged, {profile: flags.profile, packageRef: flags.package});
	switch (command) {
		case undefined: {
			const {runWizardCommand} = await import('./commands/wizard.js');
			return runWizardCommand(context, {demo: flags.demo, profile: flags.profile}, async element => {
				const {render} = await import('ink');
				// Ctrl-C is the App's to handle: during an import it must clean up the server first.
				const instance = render(element, {exitOnCtrlC: false});
				await instance.waitUntilExit();
			});
		}

		case 'import': {
			const {runImportCommand} = await import('./commands/import.js');
			return runImportCommand(context, flags);
		}

		case 'promote': {
			const {runPromoteCommand} = await import('./commands/promote.js');
			return runPromoteCommand(context, flags);
		}

		case 'status': {
			const {runStatusCommand} = await import('./commands/status.js');
			return runStatusCommand(context, flags);
		}

		case 'profiles': {
			const {runProfilesCommand} = await import('./commands/profiles.js');
			return runProfilesCommand(context, rest[0], rest[1], flags);
		}

		case 'history': {
			const {runHistoryCommand} = await import('./commands/history.js');
			return runHistoryCommand(context, flags);
		}

		case 'undo': {
			const {runUndoCommand} = await import('./commands/undo.js');
			return runUndoCommand(context, flags);
		}

		case 'deploy': {
			const {runDeployCommand} = await import('./commands/deploy.js');
			return runDeployCommand(context, flags);
		}

		case 'packages': {
			const {runPackagesCommand} = await import('./commands/packages.js');
			return runPackagesCommand(context, rest[0], rest.slice(1), flags);
		}

		case 'emulate': {
			const {runEmulateCommand} = await import('./commands/emulate.js');
			return runEmulateCommand(context, flags);
		}

		default: {
			// A typo gets a did-you-mean (`improt` → `import`), exit 2 and, with --json, the failure object.
			const {message, hint} = unknownCommand(command);
			return reportEarly(usageError(message, hint), {profile: flags.profile, packageRef: flags.package});
		}
	}
};

try {
	process.exitCode = await dispatch();
} catch (error) {
	if (isPackportError(error)) {
		io.writeError(`Error: ${error.message}\n${error.hint ? `Hint: ${error.hint}\n` : ''}`);
		process.exitCode = error.exitCode;
	} else {
		// Our bug, not the user's: one line, no stack trace unless asked for.
		const message = error instanceof Error ? error.message : String(error);
		io.writeError(
			`packport hit an internal error: ${message}\nPlease report it with the command you ran${process.env.PACKPORT_DEBUG ? '' : ' (set PACKPORT_DEBUG=1 for details)'}.\n`,
		);
		if (process.env.PACKPORT_DEBUG && error instanceof Error) io.writeError(`${error.stack}\n`);
		process.exitCode = 1;
	}
} finally {
	for (const signal of handledSignals) process.off(signal, onSignal);
}
