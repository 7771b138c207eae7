/**
 * The figures measured on whole processes: start-up and idle memory (in a pseudo-terminal, against
 * a bare Ink "hello"), local .vpk inspection (against `cat`), upload throughput and peak RSS
 * (against curl, same emulator endpoint) and CPU while a slow job runs.
 */
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startEmulator, vaultDemoCredentials} from '../emulator/index.js';
import {inspectVpk} from '../packages/vpk.js';
import {writeBigVpk} from './big-package.js';

export type Figure = {figure: string; value: string; reference: string; ratio: string; target: string; met: boolean | undefined};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

/** VmHWM (peak RSS) of a live process, in KiB. */
const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
/** utime + stime of a live process, in clock ticks (100 per second on Linux). */
const cpuTicks = (pid: number) => {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return Number(fields[11]) + Number(fields[12]);
};

type Pty = {spawn(file: string, args: string[], options: Record<string, unknown>): {pid: number; onData(listener: (data: string) => void): void; kill(): void}};

/** Milliseconds from spawn to `text` on the terminal, and the peak RSS after 1 s idle there. */
const firstFrame = async (pty: Pty, args: string[], text: string, env: Record<string, string>): Promise<{ms: number; rssKb: number}> => {
	const started = performance.now();
	const child = pty.spawn(process.execPath, args, {cols: 100, rows: 30, env: {...process.env, ...env}});
	let output = '';
	const ms = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no "${text}" in 15 s: ${output}`)), 15_000);
		child.onData(data => {
			output += data;
			if (output.includes(text)) {
				clearTimeout(timer);
				resolve(performance.now() - started);
			}
		});
	});
	await new Promise(resolve => setTimeout(resolve, 1000));
	const rssKb = peakRss(child.pid);
	child.kill();
	return {ms, rssKb};
};

const timeProcess = (args: string[]) => {
	const started = performance.now();
	spawnSync(process.execPath, args, {stdio: 'ignore'});
	return performance.now() - started;
};

export const startupAndMemory = async (installDir: string, runs = 7): Promise<Figure[]> => {
	const pty = (await import('node-pty')) as unknown as Pty;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-bench-'));
	const hello = path.join(installDir, 'dist/bench/hello-ink.mjs');
	// The reference: a bare Ink app, unbundled, same Node; it stays on screen like the wizard does.
	fs.writeFileSync(hello, "import React from 'react';\nimport {render, Text} from 'ink';\nrender(React.createElement(Text, null, 'hello from ink'));\nsetInterval(() => {}, 1 << 30);\n");
	const helloExitFile = writeHelloExit(path.join(installDir, 'dist/bench/hello-ink-exit.mjs'));
	const env = {PACKPORT_CONFIG_DIR: path.join(work, 'config'), PACKPORT_SECRET_STORE: 'file'};
	execFileSync(process.execPath, [path.join(installDir, 'dist/packport.js'), 'profiles', 'add', 'bench-profile', '--vendor', 'mstr', '--url', 'http://127.0.0.1:9/MicroStrategyLibrary', '--username', 'u'], {env: {...process.env, ...env}, stdio: 'ignore'});
	const wizard: Array<{ms: number; rssKb: number}> = [];
	const reference: Array<{ms: number; rssKb: number}> = [];
	const help: number[] = [];
	const helloExit: number[] = [];
	for (let run = 0; run < runs; run++) {
		// Interleaved, so drift on a shared machine hits both sides alike.
		reference.push(await firstFrame(pty, [hello], 'hello from ink', {}));
		wizard.push(await firstFrame(pty, [path.join(installDir, 'dist/packport.js')], 'bench-profile', env));
		help.push(timeProcess([path.join(installDir, 'dist/packport.js'), '--help']));
		helloExit.push(timeProcess([helloExitFile]));
	}

	fs.rmSync(work, {recursive: true, force: true});
	const wizardMs = median(wizard.map(sample => sample.ms));
	const helloMs = median(reference.map(sample => sample.ms));
	const helpMs = median(help);
	const helloExitMs = median(helloExit);
	const wizardKb = median(wizard.map(sample => sample.rssKb));
	const helloKb = median(reference.map(sample => sample.rssKb));
	return [
		{figure: 'start → first wizard frame (pty)', value: `${wizardMs.toFixed(0)} ms`, reference: `Ink hello ${helloMs.toFixed(0)} ms`, ratio: `${(wizardMs / helloMs).toFixed(2)}×`, target: '≤ 0.5×', met: wizardMs / helloMs <= 0.5},
		{figure: '`packport --help` to exit', value: `${helpMs.toFixed(0)} ms`, reference: `Ink hello to exit ${helloExitMs.toFixed(0)} ms`, ratio: `${(helpMs / helloExitMs).toFixed(2)}×`, target: '≤ 0.5×', met: helpMs / helloExitMs <= 0.5},
		{figure: 'peak RSS, wizard idle at first screen', value: mib(wizardKb), reference: `Ink hello ${mib(helloKb)}`, ratio: `${(wizardKb / helloKb).toFixed(2)}×`, target: '≤ 1.0×', met: wizardKb / helloKb <= 1},
	];
};

const writeHelloExit = (file: string) => {
	fs.writeFileSync(file, "import React from 'react';\nimport {render, Text} from 'ink';\nrender(React.createElement(Text, null, 'hello from ink')).unmount();\n");
	return file;
};

/** Inspecting a 1 GiB .vpk reads its directory and manifest, not its bytes. */
export const vpkInspection = async (file: string, runs = 5): Promise<Figure> => {
	const inspect: number[] = [];
	const cat: number[] = [];
	for (let run = 0; run < runs; run++) {
		let started = performance.now();
		execFileSync('sh', ['-c', `cat "${file}" > /dev/null`]);
		cat.push(performance.now() - started);
		started = performance.now();
		await inspectVpk(file);
		inspect.push(performance.now() - started);
	}

	const ratio = median(inspect) / median(cat);
	return {figure: 'inspect a 1 GiB .vpk (directory + manifest)', value: `${median(inspect).toFixed(1)} ms`, reference: `cat > /dev/null ${median(cat).toFixed(0)} ms`, ratio: `${ratio.toFixed(3)}×`, target: '≤ 0.05×', met: ratio <= 0.05};
};

/** A headless Vault import as a child process; returns its upload step time and peak RSS. */
const packportUpload = async (installDir: string, vaultUrl: string, file: string, configDir: string) => {
	const cli = path.join(installDir, 'dist/packport.js');
	const env = {...process.env, PACKPORT_CONFIG_DIR: configDir, PACKPORT_PASSWORD: vaultDemoCredentials.password, CI: 'true'};
	execFileSync(process.execPath, [cli, 'profiles', 'add', 'bench', '--vendor', 'vault', '--url', vaultUrl, '--username', vaultDemoCredentials.username], {env, stdio: 'ignore'});
	const child = spawn(process.execPath, [cli, 'import', '--profile', 'bench', '--package', file, '--poll-interval', '0.05', '--yes', '--json'], {env, stdio: ['ignore', 'pipe', 'ignore']});
	let stdout = '';
	let rssKb = 0;
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	const sampler = setInterval(() => {
		try {
			rssKb = Math.max(rssKb, peakRss(child.pid!));
		} catch {
			// Exited between samples.
		}
	}, 50);
	await new Promise(resolve => child.on('close', resolve));
	clearInterval(sampler);
	const result = JSON.parse(stdout) as {steps: Array<{name: string; ms: number}>; exitCode: number};
	return {uploadMs: result.steps.find(step => step.name === 'upload')?.ms ?? Number.NaN, rssKb, exitCode: result.exitCode};
};

/** curl -F to the same endpoint, after a curl login: the reference for throughput. */
const curlUpload = (vaultUrl: string, file: string) => {
	const login = JSON.parse(execFileSync('curl', ['-s', '-X', 'POST', `${vaultUrl}/api/v25.2/auth`, '--data-urlencode', `username=${vaultDemoCredentials.username}`, '--data-urlencode', `password=${vaultDemoCredentials.password}`], {encoding: 'utf8'})) as {sessionId: string};
	const started = performance.now();
	execFileSync('curl', ['-s', '-o', '/dev/null', '-X', 'PUT', '-H', `Authorization: ${login.sessionId}`, '-F', `file=@${file}`, `${vaultUrl}/api/v25.2/services/package`]);
	return performance.now() - started;
};

export const uploads = async (installDir: string, runs = 3): Promise<Figure[]> => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-bench-upload-'));
	const emulator = await startEmulator({port: 0, timing: {vaultJobMs: 50, vaultPollLimitMs: 10}});
	try {
		const big = path.join(work, 'big.vpk');
		const small = path.join(work, 'small10.vpk');
		writeBigVpk(installDir, big, 1024 * 1024 * 1024);
		writeBigVpk(installDir, small, 10 * 1024 * 1024);
		const bytes = fs.statSync(big).size;
		const ours: number[] = [];
		const curl: number[] = [];
		const rss: number[] = [];
		const rssSmall: number[] = [];
		const inspect = await vpkInspection(big);
		for (let run = 0; run < runs; run++) {
			curl.push(curlUpload(emulator.urls.vault, big));
			const measured = await packportUpload(installDir, emulator.urls.vault, big, path.join(work, `config-${run}`));
			ours.push(measured.uploadMs);
			rss.push(measured.rssKb);
			rssSmall.push((await packportUpload(installDir, emulator.urls.vault, small, path.join(work, `config-small-${run}`))).rssKb);
		}

		const rate = (ms: number) => bytes / (1024 * 1024) / (ms / 1000);
		const ratio = rate(median(ours)) / rate(median(curl));
		const growthKb = median(rss) - median(rssSmall);
		return [
			{figure: 'upload 1 GiB .vpk (Vault, loopback)', value: `${rate(median(ours)).toFixed(0)} MiB/s`, reference: `curl -F ${rate(median(curl)).toFixed(0)} MiB/s`, ratio: `${ratio.toFixed(2)}×`, target: '≥ 0.9×', met: ratio >= 0.9},
			{figure: 'peak RSS of the 1 GiB import', value: mib(median(rss)), reference: '—', ratio: '—', target: '≤ 150 MiB', met: median(rss) <= 150 * 1024},
			{figure: 'RSS growth 10 MiB → 1 GiB package', value: mib(growthKb), reference: `10 MiB: ${mib(median(rssSmall))}`, ratio: '—', target: '≤ 10 MiB', met: growthKb <= 10 * 1024},
			inspect,
		];
	} finally {
		await emulator.close();
		fs.rmSync(work, {recursive: true, force: true});
	}
};

/** CPU of a headless import while the server's job takes `seconds`. */
export const idleCpu = async (installDir: string, seconds = 60): Promise<Figure> => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-bench-cpu-'));
	const emulator = await startEmulator({port: 0, timing: {aepJobMs: seconds * 1000 + 5000}});
	try {
		const cli = path.join(installDir, 'dist/packport.js');
		const {aepDemoCredentials} = await import('../emulator/index.js');
		const env = {...process.env, PACKPORT_CONFIG_DIR: path.join(work, 'config'), PACKPORT_CLIENT_SECRET: aepDemoCredentials.clientSecret, CI: 'true'};
		execFileSync(process.execPath, [cli, 'profiles', 'add', 'bench', '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId, '--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', '--target-sandbox', 'prod'], {env, stdio: 'ignore'});
		const child = spawn(process.execPath, [cli, 'import', '--profile', 'bench', '--package', 'Loyalty Journeys', '--yes', '--json'], {env, stdio: 'ignore'});
		// Let it sign in and submit, then measure a window of pure waiting (default 5 s polls).
		await new Promise(resolve => setTimeout(resolve, 3000));
		const before = cpuTicks(child.pid!);
		await new Promise(resolve => setTimeout(resolve, seconds * 1000));
		const used = (cpuTicks(child.pid!) - before) / 100;
		child.kill('SIGKILL');
		const percent = (used / seconds) * 100;
		return {figure: `CPU while waiting on a slow job (${seconds} s)`, value: `${percent.toFixed(2)} % of a core`, reference: `${used.toFixed(2)} s CPU`, ratio: '—', target: '≤ 2 %', met: percent <= 2};
	} finally {
		await emulator.close();
		fs.rmSync(work, {recursive: true, force: true});
	}
};
