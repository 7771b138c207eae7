/** Runs the built CLI as a real child process, the way CI and users do. */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The bundled bin, what users run (package.json "bin").
export const cliPath = path.resolve(import.meta.dirname, '../../dist/packport.js');

export type CliRun = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

export type CliOptions = {
	env?: Record<string, string | undefined>;
	input?: string;
	cwd?: string;
	/** Called with the child once it started, e.g. to send SIGINT at the right moment. */
	onStart?: (child: ReturnType<typeof spawn>, output: {stdout: () => string; stderr: () => string}) => void;
};

export const runCli = async (args: string[], options: CliOptions = {}): Promise<CliRun> => {
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: options.cwd,
		env: {PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...options.env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	options.onStart?.(child, {stdout: () => stdout, stderr: () => stderr});
	child.stdin.end(options.input ?? '');
	return new Promise(resolve => {
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
};

/** A fresh PACKPORT_CONFIG_DIR and work folder per test. */
export const makeTempDir = (prefix = 'packport-test-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Polls a condition (for output to appear) instead of sleeping a fixed time. */
export const waitFor = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error('waitFor: condition not met in time');
		await new Promise(resolve => setTimeout(resolve, 20));
	}
};
