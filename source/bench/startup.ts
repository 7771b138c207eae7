/**
 * Start-up and idle memory against a bare Ink "hello" (source/bench/fixtures/hello-ink.mjs,
 * unbundled, same Node): spawn → first frame in a pseudo-terminal; `npm start` (a second time:
 * nothing to rebuild) → the demo's first frame, what a newcomer waits for; the peak RSS after a
 * second idle on that screen; and `packport --help` → exit against the hello rendering once and
 * exiting. The runs are interleaved so drift on a shared machine hits both sides alike.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {median, mib, ms, peakRssKib, runsOf, sleep, times, type Figure} from './figure.js';

type Pty = {
	spawn(
		file: string,
		args: string[],
		options: Record<string, unknown>,
	): {pid: number; onData(listener: (data: string) => void): void; kill(signal?: string): void};
};

type FrameRun = {ms: number; rssKib: number};

/** Milliseconds from spawn until `text` is on the terminal, and VmHWM after `idleMs` there. */
const firstFrame = async (
	pty: Pty,
	args: string[],
	text: string,
	env: Record<string, string>,
	idleMs = 1000,
	{file = process.execPath, cwd}: {file?: string; cwd?: string} = {},
): Promise<FrameRun> => {
	const started = performance.now();
	const child = pty.spawn(file, args, {name: 'xterm-256color', cols: 100, rows: 30, cwd, env: {...process.env, TERM: 'xterm-256color', ...env}});
	let output = '';
	try {
		const frameMs = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`No "${text}" on screen after 20 s; the screen was: ${output.slice(-500)}`)), 20_000);
			child.onData(data => {
				output += data;
				if (output.includes(text)) {
					clearTimeout(timer);
					resolve(performance.now() - started);
				}
			});
		});
		await sleep(idleMs);
		return {ms: frameMs, rssKib: peakRssKib(child.pid)};
	} finally {
		child.kill('SIGKILL');
		await sleep(100);
	}
};

const seconds = (value: number): string => `${(value / 1000).toFixed(2)} s`;

const toExit = (args: string[]) => {
	const started = performance.now();
	const result = spawnSync(process.execPath, args, {stdio: 'ignore'});
	if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
	return performance.now() - started;
};

export const startup = async (installDir: string, timedRuns = 21, memoryRuns = 5, npmRuns = 7): Promise<Figure[]> => {
	const pty = (await import('node-pty')) as unknown as Pty;
	const cli = path.join(installDir, 'dist/packport.js');
	const hello = path.join(installDir, 'source/bench/fixtures/hello-ink.mjs');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-bench-startup-'));
	try {
		// The default secret store (keychain, else the 0600 file), as a user starts it.
		const env = {PACKPORT_CONFIG_DIR: path.join(work, 'config')};
		execFileSync(
			process.execPath,
			[cli, 'profiles', 'add', 'bench-profile', '--vendor', 'mstr', '--url', 'http://127.0.0.1:9/MicroStrategyLibrary', '--username', 'u', '--project-id', 'P'],
			{
				env: {...process.env, ...env},
				stdio: 'ignore',
			},
		);
		// `npm start` as a user types it, in the install folder: npm, the up-to-date check of
		// scripts/build.mjs, then the bin with --demo. Its own config folder and HOME, so the demo
		// never meets the real ones. Under `npm run bench`, the same npm that runs the bench.
		const npm = process.env.npm_execpath ? {file: process.execPath, args: [process.env.npm_execpath, 'start']} : {file: 'npm', args: ['start']};
		const npmEnv = {PACKPORT_CONFIG_DIR: path.join(work, 'demo-config'), HOME: work};
		const npmStart = async () => firstFrame(pty, npm.args, 'demo-mstr', npmEnv, 0, {file: npm.file, cwd: installDir});
		// One untimed round first: the page cache and the CPU governor start the same for both (and
		// the first `npm start` builds, should a source have changed since the bench's own build).
		await firstFrame(pty, [hello], 'hello from ink', {}, 0);
		await firstFrame(pty, [cli], 'bench-profile', env, 0);
		await npmStart();
		// Timed runs back to back (single runs on this VM scatter by ±30 ms, hence many); the
		// memory runs apart, each process left idle a second on its first screen.
		const wizard: FrameRun[] = [];
		const reference: FrameRun[] = [];
		const help: number[] = [];
		const helloExit: number[] = [];
		const npmFrames: FrameRun[] = [];
		for (let run = 0; run < timedRuns; run++) {
			reference.push(await firstFrame(pty, [hello], 'hello from ink', {}, 0));
			wizard.push(await firstFrame(pty, [cli], 'bench-profile', env, 0));
			help.push(toExit([cli, '--help']));
			helloExit.push(toExit([hello, '--exit']));
			if (run < npmRuns) npmFrames.push(await npmStart());
		}

		const wizardIdle: FrameRun[] = [];
		const referenceIdle: FrameRun[] = [];
		for (let run = 0; run < memoryRuns; run++) {
			referenceIdle.push(await firstFrame(pty, [hello], 'hello from ink', {}));
			wizardIdle.push(await firstFrame(pty, [cli], 'bench-profile', env));
		}

		const wizardMs = median(wizard.map(run => run.ms));
		const helloMs = median(reference.map(run => run.ms));
		const npmMs = median(npmFrames.map(run => run.ms));
		const helpMs = median(help);
		const helloExitMs = median(helloExit);
		const wizardKib = median(wizardIdle.map(run => run.rssKib));
		const helloKib = median(referenceIdle.map(run => run.rssKib));
		return [
			{
				figure: 'start → first wizard frame (pty, median)',
				value: `${ms(wizardMs)} (${runsOf(
					wizard.map(run => run.ms),
					ms,
				)})`,
				reference: `Ink hello ${ms(helloMs)} (${runsOf(
					reference.map(run => run.ms),
					ms,
				)})`,
				ratio: times(wizardMs / helloMs),
				target: '≤ 0.4×',
				met: wizardMs / helloMs <= 0.4,
			},
			{
				figure: '`npm start` the second time → first demo frame (pty, median)',
				value: `${seconds(npmMs)} (${runsOf(
					npmFrames.map(run => run.ms),
					seconds,
				)})`,
				reference: `Ink hello ${ms(helloMs)}`,
				ratio: times(npmMs / helloMs),
				target: '≤ 1.5 s',
				met: npmMs <= 1500,
			},
			{
				figure: '`packport --help` → exit (median)',
				value: `${ms(helpMs)} (${runsOf(help, ms)})`,
				reference: `Ink hello → exit ${ms(helloExitMs)} (${runsOf(helloExit, ms)})`,
				ratio: times(helpMs / helloExitMs),
				target: '≤ 0.5×',
				met: helpMs / helloExitMs <= 0.5,
			},
			{
				figure: `peak RSS, wizard idle 1 s at first screen (median of ${memoryRuns})`,
				value: mib(wizardKib),
				reference: `Ink hello idle 1 s ${mib(helloKib)}`,
				ratio: times(wizardKib / helloKib),
				target: '≤ 1.0×',
				met: wizardKib / helloKib <= 1,
			},
		];
	} finally {
		fs.rmSync(work, {recursive: true, force: true});
	}
};
