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
import {isPackportError, usageError} from './errors.js';
import {failureResult} from './commands/failure-result.js';
import {helpText} from './help.js';
import {asksForHelp, givesFlag, unknownFlag, type FlagSpec} from './commands/argv-check.js';

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
	validateOnly: {type: 'boolean', default: false},
	deploy: {type: 'boolean', default: false},
	targetSandbox: {type: 'string'},
	substitutions: {type: 'string'},
	substitute: {type: 'string', isMultiple: true, default: []},
	job: {type: 'string'},
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
} satisfies FlagSpec;

const parse = (args: string[]) => meow(helpText, {
	importMeta: import.meta,
	argv: args,
	allowUnknownFlags: false,
	flags: flagSpec,
});


/** Flags that are wrong before any command runs: exit 2 like every usage error, JSON included. */
const refuseFlags = (message: string): never => {
	const error = usageError(message, 'Run `packport --help` for the flags.');
	const result = failureResult(error, {});
	if (givesFlag(argv, '--json-stream')) process.stdout.write(`${JSON.stringify({type: 'result', ...result})}\n`);
	else if (givesFlag(argv, '--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	process.stderr.write(`Error: ${error.message}\nHint: ${error.hint}\n`);
	process.exit(2);
};

// meow answers only a bare `packport --help`; `packport import --help` gets the same page.
if (asksForHelp(argv)) parse([]).showHelp(0);

const unknown = unknownFlag(argv, flagSpec);
if (unknown) refuseFlags(`Unknown flag ${unknown}.`);

let cli!: ReturnType<typeof parse>;
try {
	cli = parse(argv);
} catch (error) {
	// meow throws on a repeated single-value flag; that is bad usage, not a crash.
	refuseFlags(error instanceof Error ? error.message : String(error));
}

// React's development build prints warnings into the wizard's screen; users run the production one.
process.env.NODE_ENV ??= 'production';

const controller = new AbortController();
const second = new AbortController();
let interrupts = 0;
let signalsHandled = 1;
const onSignal = (signal: NodeJS.Signals) => {
	interrupts++;
	// The first signal lets the engine clean up the server; one more than it handles means "now".
	if (interrupts > signalsHandled) process.exit(130);
	(interrupts === 1 ? controller : second).abort(new Error(signal));
};

// conf's atomic writer (via when-exit) re-sends SIGINT/SIGTERM to this process on the first one,
// which would turn "stop and clean up the server" into "die now". The signals are ours to handle.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	for (const listener of process.listeners(signal)) process.off(signal, listener);
	process.on(signal, onSignal);
}

const readStdin = async (): Promise<string> => {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
};

const io: Io = {
	write: text => process.stdout.write(text),
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
	installDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
};

const dispatch = async (): Promise<number> => {
	const [command, ...rest] = cli.input;
	const flags = cli.flags;
	const context = createContext(io);
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

		case 'emulate': {
			const {runEmulateCommand} = await import('./commands/emulate.js');
			return runEmulateCommand(context, flags);
		}

		default:
			io.writeError(`Error: Unknown command "${command}".\nHint: Run \`packport --help\` for the list.\n`);
			return 2;
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
		io.writeError(`packport hit an internal error: ${message}\nPlease report it with the command you ran${process.env.PACKPORT_DEBUG ? '' : ' (set PACKPORT_DEBUG=1 for details)'}.\n`);
		if (process.env.PACKPORT_DEBUG && error instanceof Error) io.writeError(`${error.stack}\n`);
		process.exitCode = 1;
	}
} finally {
	process.off('SIGINT', onSignal);
	process.off('SIGTERM', onSignal);
}
