/**
 * A real headless import of a 1 GiB package (a child process, the bundled bin) against
 * `curl -F file=@…` of the same file to the same emulator endpoint, and the import's peak RSS with
 * a 1 GiB and a 10 MiB package. Two comparisons:
 * - end to end, what a user waits for: packport spawned → exited (start, sha256, sign-in, upload,
 *   the job, sign-out) against curl spawned → exited for the upload alone (its sign-in apart);
 * - throughput: bytes / the `upload` step's ms for packport and bytes / curl's own time_total,
 *   both from the first byte of the request to the answer, neither counting process start.
 * The sha256 packport reports is checked against one computed here, once per file.
 */
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../emulator/index.js';
import {mstrProjects} from '../emulator/mstr/routes.js';
import {sha256File} from '../packages/local-file.js';
import {median, mib, peakRssKib, runsOf, sleep, times, type Figure} from './figure.js';

export type VendorUnderTest = 'vault' | 'mstr';
const gib = 1024 ** 3;
const mibBytes = 1024 ** 2;
const projectId = mstrProjects[1]!.id;
const rate = (bytes: number, milliseconds: number) => bytes / mibBytes / (milliseconds / 1000);
const mibPerSecond = (value: number) => `${value.toFixed(0)} MiB/s`;
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;

type ImportRun = {uploadMs: number; wallMs: number; rssKib: number; sha256: string | undefined};
type CurlRun = {uploadMs: number; wallMs: number};

/** Peak RSS from `/usr/bin/time` when there is one (exact), else VmHWM sampled every 20 ms. */
const timeBinary = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const packportImport = async (cli: string, vendor: VendorUnderTest, file: string, configDir: string, work: string): Promise<ImportRun> => {
	const env = {
		...process.env,
		PACKPORT_CONFIG_DIR: configDir,
		PACKPORT_SECRET_STORE: 'file',
		PACKPORT_PASSWORD: vendor === 'vault' ? vaultDemoCredentials.password : mstrDemoCredentials.password,
		CI: 'true',
	};
	const args = [
		cli,
		'import',
		'--profile',
		vendor,
		'--package',
		file,
		'--poll-interval',
		'0.05',
		'--yes',
		'--json',
		...(vendor === 'mstr' ? ['--no-undo'] : []),
	];
	const rssFile = path.join(work, 'rss.txt');
	const started = performance.now();
	const child = timeBinary
		? spawn(timeBinary, ['-f', '%M', '-o', rssFile, process.execPath, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
		: spawn(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	let sampledKib = 0;
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const sampler = timeBinary
		? undefined
		: setInterval(() => {
				try {
					sampledKib = Math.max(sampledKib, peakRssKib(child.pid!));
				} catch {
					// Exited between two samples.
				}
			}, 20);
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	const result = JSON.parse(stdout || '{}') as {
		exitCode?: number;
		package?: {sha256?: string};
		steps?: Array<{name: string; ms?: number}>;
		error?: {message: string};
	};
	if (code !== 0 || result.exitCode !== 0) throw new Error(`packport import (${vendor}) exited with ${code}: ${result.error?.message ?? stderr.slice(-500)}`);
	const upload = result.steps?.find(step => step.name === 'upload');
	if (upload?.ms === undefined) throw new Error(`packport import (${vendor}) reported no upload step: ${stdout.slice(0, 500)}`);
	const rssKib = timeBinary ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : sampledKib;
	return {uploadMs: upload.ms, wallMs, rssKib, sha256: result.package?.sha256};
};

/** curl as a child that does not block this process: the emulator answering it runs here. */
const curl = async (args: string[]): Promise<string> =>
	new Promise((resolve, reject) => {
		const child = spawn('curl', ['-s', '-S', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += String(chunk)));
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve(stdout) : reject(new Error(`curl ${args.join(' ')} exited with ${code}: ${stderr}`))));
	});

/** Signs in with curl, then times `curl -F file=@…` to the endpoint packport uploads to. */
const curlUpload = async (emulator: RunningEmulator, vendor: VendorUnderTest, file: string, work: string): Promise<CurlRun> => {
	const body = path.join(work, 'curl-body.json');
	let upload: string[];
	if (vendor === 'vault') {
		const login = JSON.parse(
			await curl([
				'-X',
				'POST',
				`${emulator.urls.vault}/api/v25.2/auth`,
				'--data-urlencode',
				`username=${vaultDemoCredentials.username}`,
				'--data-urlencode',
				`password=${vaultDemoCredentials.password}`,
			]),
		) as {sessionId: string};
		upload = ['-X', 'PUT', '-H', `Authorization: ${login.sessionId}`, `${emulator.urls.vault}/api/v25.2/services/package`];
	} else {
		const api = `${emulator.urls.mstr}/api`;
		const headers = await curl([
			'-D',
			'-',
			'-o',
			'/dev/null',
			'-X',
			'POST',
			'-H',
			'Content-Type: application/json',
			'--data',
			JSON.stringify({...mstrDemoCredentials, loginMode: 1}),
			`${api}/auth/login`,
		]);
		const token = /x-mstr-authtoken:\s*(\S+)/i.exec(headers)?.[1];
		const cookie = /set-cookie:\s*(JSESSIONID=[^;\s]+)/i.exec(headers)?.[1];
		if (!token || !cookie) throw new Error(`curl could not sign in to the MicroStrategy emulator: ${headers}`);
		const session = ['-H', `X-MSTR-AuthToken: ${token}`, '-H', `Cookie: ${cookie}`, '-H', `X-MSTR-ProjectID: ${projectId}`];
		const holder = JSON.parse(await curl(['-X', 'POST', ...session, `${api}/packages`])) as {id: string};
		upload = ['-X', 'PUT', ...session, `${api}/packages/${holder.id}/binary`];
	}

	const started = performance.now();
	const [status = '', totalSeconds = ''] = (await curl(['-o', body, '-w', '%{http_code} %{time_total}', '-F', `file=@${file}`, ...upload])).split(' ');
	const wallMs = performance.now() - started;
	const answer = fs.readFileSync(body, 'utf8');
	if (status !== '200' || answer.includes('FAILURE')) throw new Error(`curl upload to the ${vendor} emulator failed (${status}): ${answer.slice(0, 300)}`);
	return {uploadMs: Number(totalSeconds) * 1000, wallMs};
};

const addProfile = (cli: string, emulator: RunningEmulator, vendor: VendorUnderTest, configDir: string) => {
	const fields =
		vendor === 'vault'
			? ['--url', emulator.urls.vault, '--username', vaultDemoCredentials.username]
			: ['--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', projectId];
	execFileSync(process.execPath, [cli, 'profiles', 'add', vendor, '--vendor', vendor, ...fields], {
		env: {...process.env, PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'file'},
		stdio: 'ignore',
	});
};

/** `files` holds a 1 GiB and a 10 MiB package per vendor, written by the caller into `work`. */
export const uploads = async (installDir: string, work: string, files: Record<VendorUnderTest, {big: string; small: string}>, runs = 3): Promise<Figure[]> => {
	const cli = path.join(installDir, 'dist/packport.js');
	const emulator = await startEmulator({port: 0, timing: {vaultJobMs: 50, vaultPollLimitMs: 10, mstrReadyMs: 50, mstrImportMs: 100}});
	const configDir = path.join(work, 'config');
	const figures: Figure[] = [];
	try {
		for (const vendor of ['vault', 'mstr'] as const) addProfile(cli, emulator, vendor, configDir);
		const measured = {
			vault: {curl: [] as CurlRun[], big: [] as ImportRun[], small: [] as ImportRun[]},
			mstr: {curl: [] as CurlRun[], big: [] as ImportRun[], small: [] as ImportRun[]},
		};
		for (let run = 0; run < runs; run++) {
			for (const vendor of ['vault', 'mstr'] as const) {
				// Interleaved: curl, then packport, on the same warm page cache.
				measured[vendor].curl.push(await curlUpload(emulator, vendor, files[vendor].big, work));
				measured[vendor].big.push(await packportImport(cli, vendor, files[vendor].big, configDir, work));
				measured[vendor].small.push(await packportImport(cli, vendor, files[vendor].small, configDir, work));
				await sleep(200);
			}
		}

		for (const vendor of ['vault', 'mstr'] as const) {
			const name = vendor === 'vault' ? 'Vault .vpk' : 'MicroStrategy .mmp';
			const bytes = fs.statSync(files[vendor].big).size;
			const {curl: curlRuns, big, small} = measured[vendor];
			const expected = await sha256File(files[vendor].big);
			const wrong = big.find(item => item.sha256 !== expected);
			if (wrong) throw new Error(`packport reported sha256 ${wrong.sha256 ?? '(none)'} for the 1 GiB ${vendor} package; it is ${expected}.`);
			const curlMs = curlRuns.map(item => item.uploadMs);
			const ours = rate(bytes, median(big.map(item => item.uploadMs)));
			const theirs = rate(bytes, median(curlMs));
			const wall = median(big.map(item => item.wallMs));
			const curlWall = median(curlRuns.map(item => item.wallMs));
			const bigKib = median(big.map(item => item.rssKib));
			const smallKib = median(small.map(item => item.rssKib));
			const growthKib = bigKib - smallKib;
			figures.push(
				{
					figure: `1 GiB ${name} import end to end: start, sha256, sign-in, upload, job, sign-out (median)`,
					value: `${seconds(wall)} (${runsOf(
						big.map(item => item.wallMs),
						seconds,
					)})`,
					reference: `curl -F upload alone ${seconds(curlWall)} (${runsOf(
						curlRuns.map(item => item.wallMs),
						seconds,
					)})`,
					ratio: times(wall / curlWall),
					target: '≤ 1.3×',
					met: wall / curlWall <= 1.3,
				},
				{
					figure: `upload 1 GiB ${name}, sha256 alongside (loopback, median)`,
					value: `${mibPerSecond(ours)} (${runsOf(
						big.map(item => rate(bytes, item.uploadMs)),
						mibPerSecond,
					)})`,
					reference: `curl -F ${mibPerSecond(theirs)} (${runsOf(
						curlMs.map(item => rate(bytes, item)),
						mibPerSecond,
					)})`,
					ratio: times(ours / theirs),
					target: '≥ 0.9×',
					met: ours / theirs >= 0.9,
				},
				{
					figure: `peak RSS of the 1 GiB ${name} import (median)`,
					value: mib(bigKib),
					reference: '—',
					ratio: '—',
					target: '≤ 150 MiB',
					met: bigKib <= 150 * 1024,
				},
				{
					figure: `peak RSS growth 10 MiB → 1 GiB ${name}`,
					value: mib(growthKib),
					reference: `10 MiB package: ${mib(smallKib)}`,
					ratio: '—',
					target: '≤ 10 MiB',
					met: growthKib <= 10 * 1024,
				},
			);
		}

		return figures;
	} finally {
		await emulator.close();
	}
};

export const packageSizes = {big: gib, small: 10 * mibBytes};
