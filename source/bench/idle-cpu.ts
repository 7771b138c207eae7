/**
 * CPU used by `packport import` while the server's job runs: one headless import per vendor, side
 * by side, against an emulator whose jobs take longer than the window. Each child's utime + stime
 * (from /proc) is read when its `import` step starts and again `seconds` later. The vendors' own
 * poll intervals apply (Vault 10 s, MicroStrategy 2 s plus session keep-alives, Adobe 5 s).
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials} from '../emulator/index.js';
import {mstrProjects} from '../emulator/mstr/routes.js';
import {cpuSeconds, sleep, type Figure} from './figure.js';

type Waiter = {vendor: string; child: ChildProcess; waiting: Promise<void>};

/** Resolves when the child's --json-stream says its `import` step (the server's job) started. */
const importStarted = async (child: ChildProcess, vendor: string): Promise<void> =>
	new Promise((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(() => reject(new Error(`${vendor}: the import step did not start within 60 s`)), 60_000);
		child.stdout!.on('data', chunk => {
			buffer += String(chunk);
			if (/"type":"step","name":"import"[^\n]*"status":"running"/.test(buffer)) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on('exit', code => reject(new Error(`${vendor}: packport exited with ${code} before its job started`)));
	});

export const idleCpu = async (installDir: string, work: string, seconds = 60): Promise<Figure[]> => {
	const cli = path.join(installDir, 'dist/packport.js');
	const jobMs = (seconds + 30) * 1000;
	const emulator = await startEmulator({port: 0, timing: {vaultJobMs: jobMs, mstrImportMs: jobMs, aepJobMs: jobMs}});
	const configDir = path.join(work, 'config-cpu');
	const env = {...process.env, PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'file', CI: 'true'};
	const packages = path.join(work, 'cpu-packages');
	fs.mkdirSync(packages, {recursive: true});
	for (const sample of ['vault/small.vpk', 'mstr/year.mmp'])
		fs.copyFileSync(path.join(installDir, 'fixtures', sample), path.join(packages, path.basename(sample)));
	const add = (...args: string[]) => execFileSync(process.execPath, [cli, 'profiles', 'add', ...args], {env, stdio: 'ignore'});
	add('vault', '--vendor', 'vault', '--url', emulator.urls.vault, '--username', vaultDemoCredentials.username);
	add('mstr', '--vendor', 'mstr', '--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', mstrProjects[1]!.id);
	add(
		'aep',
		'--vendor',
		'aep',
		'--url',
		emulator.urls.aep,
		'--ims-url',
		emulator.urls.ims,
		'--client-id',
		aepDemoCredentials.clientId,
		'--org-id',
		aepDemoCredentials.orgId,
		'--sandbox',
		'dev',
		'--target-sandbox',
		'prod',
	);
	const runs: Array<[string, string, Record<string, string>]> = [
		['vault', path.join(packages, 'small.vpk'), {PACKPORT_PASSWORD: vaultDemoCredentials.password}],
		['mstr', path.join(packages, 'year.mmp'), {PACKPORT_PASSWORD: mstrDemoCredentials.password}],
		['aep', 'Loyalty Journeys', {PACKPORT_CLIENT_SECRET: aepDemoCredentials.clientSecret}],
	];
	const waiters: Waiter[] = runs.map(([vendor, ref, secret]) => {
		const child = spawn(
			process.execPath,
			[cli, 'import', '--profile', vendor, '--package', ref, '--yes', '--json-stream', ...(vendor === 'mstr' ? ['--no-undo'] : [])],
			{
				env: {...env, ...secret},
				stdio: ['ignore', 'pipe', 'ignore'],
			},
		);
		return {vendor, child, waiting: importStarted(child, vendor)};
	});
	try {
		const windows = await Promise.all(
			waiters.map(async ({vendor, child, waiting}) => {
				await waiting;
				const before = cpuSeconds(child.pid!);
				await sleep(seconds * 1000);
				if (child.exitCode !== null) throw new Error(`${vendor}: packport exited during the window (${child.exitCode})`);
				return {vendor, used: cpuSeconds(child.pid!) - before};
			}),
		);
		return windows.map(({vendor, used}) => {
			const percent = (used / seconds) * 100;
			const name = {vault: 'Vault', mstr: 'MicroStrategy', aep: 'Adobe'}[vendor];
			return {
				figure: `CPU while waiting on a slow ${name} job (${seconds} s window)`,
				value: `${percent.toFixed(2)} % of one core`,
				reference: `${used.toFixed(2)} s CPU in ${seconds} s`,
				ratio: '—',
				target: '≤ 2 %',
				met: percent <= 2,
			};
		});
	} finally {
		for (const {child} of waiters) child.kill('SIGKILL');
		await emulator.close();
	}
};
