/**
 * Issue 14, findings 11, 14 (flag bounds) and 15: hostile or endless local input — .vpk zip bombs,
 * a FIFO or a device as --substitutions, an endless stdin, absurd numbers — is refused with one
 * Error and one Hint line (exit 2, or 130 on a signal) before anything is sent, in bounded time and
 * memory. The built CLI as child processes against the emulator; the emulator's call log shows
 * what was sent. Each child is killed after a few seconds or past 1 GiB, so code that follows a
 * bomb fails here instead of taking the machine.
 */
import {execFileSync, spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import zlib from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {aepDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makePackages} from '../../source/emulator/aep/data.js';
import {inspectVpk, vpkLimits} from '../../source/packages/vpk.js';
import {cliPath, makeTempDir, runCli, waitFor} from '../helpers/cli.js';

const mib = 1024 * 1024;

// --- Zips, written byte by byte so that they can lie -----------------------------------------

type Raw = {name: string; method: number; data: Buffer; size: number; crc?: number};

const crc32 = (data: Buffer) => (typeof zlib.crc32 === 'function' ? zlib.crc32(data) : 0);
const deflated = (name: string, content: Buffer, declared = content.length): Raw => ({name, method: 8, data: zlib.deflateRawSync(content), size: declared, crc: crc32(content)});
/** An entry whose data is a deflate stream made once, declaring whatever size the bomb needs. */
const precompressed = (name: string, data: Buffer, declared: number): Raw => ({name, method: 8, data, size: declared});
const stored = (name: string, content: Buffer): Raw => ({name, method: 0, data: content, size: content.length, crc: crc32(content)});

const localHeader = (entry: Omit<Raw, 'data'> & {compressedSize: number}) => {
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04_03_4b_50, 0);
	header.writeUInt16LE(20, 4);
	header.writeUInt16LE(entry.method, 8);
	header.writeUInt32LE((entry.crc ?? 0) >>> 0, 14);
	header.writeUInt32LE(entry.compressedSize, 18);
	header.writeUInt32LE(entry.size, 22);
	header.writeUInt16LE(Buffer.byteLength(entry.name), 26);
	return Buffer.concat([header, Buffer.from(entry.name)]);
};

const centralHeader = (entry: Omit<Raw, 'data'> & {compressedSize: number; offset: number}) => {
	const header = Buffer.alloc(46);
	header.writeUInt32LE(0x02_01_4b_50, 0);
	header.writeUInt16LE(20, 4);
	header.writeUInt16LE(20, 6);
	header.writeUInt16LE(entry.method, 10);
	header.writeUInt32LE((entry.crc ?? 0) >>> 0, 16);
	header.writeUInt32LE(entry.compressedSize, 20);
	header.writeUInt32LE(entry.size, 24);
	header.writeUInt16LE(Buffer.byteLength(entry.name), 28);
	header.writeUInt32LE(entry.offset, 42);
	return Buffer.concat([header, Buffer.from(entry.name)]);
};

const endRecord = (count: number, directory: Buffer, offset: number) => {
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06_05_4b_50, 0);
	end.writeUInt16LE(count, 8);
	end.writeUInt16LE(count, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([directory, end]);
};

const zip = (entries: Raw[]): Buffer => {
	const parts: Buffer[] = [];
	const directory: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const header = localHeader({...entry, compressedSize: entry.data.length});
		directory.push(centralHeader({...entry, compressedSize: entry.data.length, offset}));
		parts.push(header, entry.data);
		offset += header.length + entry.data.length;
	}

	return Buffer.concat([...parts, endRecord(entries.length, Buffer.concat(directory), offset)]);
};

const manifest = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<vaultpackage xmlns="https://veevavault.com/"><name>PKG-BOMB</name><source><vault>1</vault><author>a@example.com</author></source><packagetype>migration__v</packagetype><summary>s</summary><description>d</description></vaultpackage>\n');
const component = (step: number, name: string) => `components/${String(step).padStart(5, '0')}/Object.${name}__c`;
const mdl = (name: string) => Buffer.from(`RECREATE Object ${name}__c (label('${name}'));\n`);
const md5 = (content: Buffer) => Buffer.from(`${createHash('md5').update(content).digest('hex')} Object\n`);

/**
 * David Fifield's "better zip bomb": one kernel, each entry's data begins with a stored block that
 * quotes the next entry's local header, so every entry inflates to the whole kernel (and the
 * headers after it) without any entry repeating it.
 */
const quine = (names: string[], kernel: Buffer, kernelSize: number): Buffer => {
	const head = deflated('vaultpackage.xml', manifest);
	const headHeader = localHeader({...head, compressedSize: head.data.length});
	const headers = names.map(name => localHeader({name, method: 8, size: 0, compressedSize: 0}));
	const body: Buffer[] = [headHeader, head.data];
	const offsets: number[] = [];
	let position = headHeader.length + head.data.length;
	for (const [index, header] of headers.entries()) {
		offsets.push(position);
		body.push(header);
		position += header.length;
		const next = headers[index + 1];
		if (!next) continue;
		const quote = Buffer.alloc(5);
		quote.writeUInt16LE(next.length, 1);
		quote.writeUInt16LE(~next.length & 0xff_ff, 3);
		body.push(quote);
		position += 5;
	}

	body.push(kernel);
	const dataEnd = position + kernel.length;
	const directory = [centralHeader({...head, compressedSize: head.data.length, offset: 0})];
	let following = 0;
	const sizes: number[] = [];
	for (let index = headers.length - 1; index >= 0; index--) {
		sizes[index] = kernelSize + following;
		following += headers[index]!.length;
	}

	for (const [index, name] of names.entries()) {
		const start = offsets[index]! + headers[index]!.length;
		directory.push(centralHeader({name, method: 8, size: Math.min(sizes[index]!, 0xff_ff_ff_ff), compressedSize: dataEnd - start, offset: offsets[index]!}));
	}

	return Buffer.concat([...body, endRecord(directory.length, Buffer.concat(directory), dataEnd)]);
};

/** Every directory entry points at the one local header of the kernel. */
const overlap = (names: string[], kernel: Buffer, kernelSize: number): Buffer => {
	const head = deflated('vaultpackage.xml', manifest);
	const headHeader = localHeader({...head, compressedSize: head.data.length});
	const kernelOffset = headHeader.length + head.data.length;
	const kernelHeader = localHeader({name: 'k', method: 8, size: kernelSize, compressedSize: kernel.length});
	const directory = [
		centralHeader({...head, compressedSize: head.data.length, offset: 0}),
		...names.map(name => centralHeader({name, method: 8, size: kernelSize, compressedSize: kernel.length, offset: kernelOffset})),
	];
	return Buffer.concat([headHeader, head.data, kernelHeader, kernel, endRecord(directory.length, Buffer.concat(directory), kernelOffset + kernelHeader.length + kernel.length)]);
};

type Bomb = {name: string; bytes: Buffer; refused?: RegExp};

/** Each aims at one cap, through what packport inflates: the manifest, .mdl, .md5 and .dep files. */
const makeBombs = (): Bomb[] => {
	// 60 MiB of one-character CSV rows: under the old 64 MiB read limit, 31 million dependencies.
	const rows = Buffer.alloc(60 * mib).fill('a\n');
	const kernel = zlib.deflateRawSync(rows, {level: 9});
	const names = Array.from({length: 100}, (_, index) => component(10 + (index * 10), `b${index}`)).flatMap(base => [`${base}.mdl`, `${base}.dep`, `${base}.md5`]);
	const withManifest = (...entries: Raw[]) => zip([deflated('vaultpackage.xml', manifest), ...entries]);
	const base = component(10, 'a');
	const nested = zip([stored('inner.zip', zip([stored('inner.zip', quine(names, kernel, rows.length))]))]);
	const longLines = Buffer.from(`${'x'.repeat(8191)}\n`.repeat(128));
	// 15 MiB that deflates only ~44 times, below the ratio cap: only the total cap stops three of them.
	const bigMdl = Buffer.alloc(15 * mib, 'a');
	let seed = 1;
	for (let at = 0; at < bigMdl.length; at += 500) {
		for (let index = 0; index < 16; index++) {
			seed = ((seed * 1_103_515_245) + 12_345) & 0x7f_ff_ff_ff;
			bigMdl[at + index] = 97 + (seed % 26);
		}
	}

	return [
		{name: 'overlapping entries (Fifield quine)', bytes: quine(names, kernel, rows.length), refused: /its entries overlap one another/},
		{name: 'one kernel for 300 entries', bytes: overlap(names, kernel, rows.length), refused: /its entries overlap one another/},
		{name: '.dep of 31 million rows', bytes: withManifest(stored(`${base}.mdl`, mdl('a')), precompressed(`${base}.dep`, kernel, rows.length)), refused: /Object\.a__c\.dep is larger than 1\.0 MB/},
		{name: '.dep lying about its size', bytes: withManifest(stored(`${base}.mdl`, mdl('a')), precompressed(`${base}.dep`, kernel, 200)), refused: /Object\.a__c\.dep inflates to more than the 200 B its directory declares/},
		{name: '.md5 lying about its size', bytes: withManifest(stored(`${base}.mdl`, mdl('a')), precompressed(`${base}.md5`, kernel, 64)), refused: /Object\.a__c\.md5 is larger than 1\.0 KB/},
		{name: '.mdl inflating 1,000 times', bytes: withManifest(deflated(`${base}.mdl`, Buffer.alloc(15 * mib, 'a')), stored(`${base}.md5`, Buffer.from('0 Object\n'))), refused: /Object\.a__c\.mdl inflates to more than 100 times its compressed size/},
		{name: '.dep of 50,000 rows', bytes: withManifest(stored(`${base}.mdl`, mdl('a')), deflated(`${base}.dep`, rows.subarray(0, 100_000))), refused: /more than 20,000 dependencies/},
		{
			name: '3 .dep files of 1 MiB',
			bytes: withManifest(...Array.from({length: 3}, (_, index) => component(10 + index, `c${index}`)).flatMap(name => [stored(`${name}.mdl`, mdl('c')), deflated(`${name}.dep`, longLines)])),
			refused: /its \.dep files hold more than 2\.0 MB/,
		},
		{
			name: '3 .mdl files of 15 MiB',
			bytes: withManifest(...Array.from({length: 3}, (_, index) => component(10 + index, `m${index}`)).flatMap(name => [deflated(`${name}.mdl`, bigMdl), stored(`${name}.md5`, md5(bigMdl))])),
			refused: /inflates to more than 32 MB in the files packport reads/,
		},
		{name: '12,000 entries', bytes: withManifest(...Array.from({length: 12_000}, (_, index) => stored(`javasdk/${index}`, Buffer.alloc(0)))), refused: /holds 12,001 entries, more than the 10,000 allowed/},
		{
			name: 'manifest of a million unclosed tags',
			bytes: zip([deflated('vaultpackage.xml', Buffer.from(`<vaultpackage xmlns="https://veevavault.com/">${'<!--'.repeat(100_000)}${'<name '.repeat(100_000)}</vaultpackage>`))]),
			refused: /vaultpackage\.xml has no <name>/,
		},
		{name: 'manifest lying about its size', bytes: zip([precompressed('vaultpackage.xml', kernel, 500)]), refused: /vaultpackage\.xml inflates to more than the 500 B/},
		// Not a cap: an archive inside the package, even as a .mdl, is bytes to packport, never opened.
		{
			name: 'quine nested three zips deep',
			bytes: withManifest(stored(`${base}.mdl`, mdl('a')), stored(`${base}.md5`, md5(mdl('a'))), stored(`${component(20, 'z')}.mdl`, nested), stored(`${component(20, 'z')}.md5`, md5(nested)), stored('components/00030/inner.zip', nested)),
		},
	];
};

// --- Child processes, measured and bounded ----------------------------------------------------

type Run = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number; maxRssKib: number | undefined};

let emulator: RunningEmulator;
let configDir: string;
let work: string;
let rssHook: string;

/**
 * Records the child's own peak RSS as it exits, in KiB: VmHWM, the high-water mark of its memory
 * since exec. (Linux keeps the forking parent's peak in getrusage's maxRSS across exec, so
 * process.resourceUsage().maxRSS in the child reports the test runner's size; it is the fallback
 * where /proc is missing.)
 */
const writeRssHook = () => {
	const file = path.join(work, 'rss-hook.mjs');
	fs.writeFileSync(file, [
		"import fs from 'node:fs';",
		'const peak = () => {',
		"\ttry { return Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; }",
		'};',
		"process.on('exit', () => fs.writeFileSync(process.env.RSS_OUT, String(peak())));",
		'',
	].join('\n'));
	return pathToFileURL(file).href;
};

const residentKib = (pid: number) => {
	try {
		return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
	} catch {
		return 0;
	}
};

/**
 * True once the child waits on stdin: fd 0 is in its epoll set (Linux). Node catches SIGTERM
 * itself from the start (to restore the terminal, then die), so only from here does a signal test
 * packport rather than Node's start-up. Elsewhere, a second and a half.
 */
const readsStdin = (pid: number, since: number): boolean => {
	if (!fs.existsSync('/proc/self/fdinfo')) return Date.now() - since > 1500;
	try {
		return fs.readdirSync(`/proc/${pid}/fd`).some(fd => {
			try {
				return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === 'anon_inode:[eventpoll]' && /^tfd:\s+0\s/m.test(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
			} catch {
				return false;
			}
		});
	} catch {
		return false;
	}
};

const run = async (args: string[], {stdin = 'pipe', input, killAfterMs = 8000, onStart}: {stdin?: 'pipe' | number; input?: string; killAfterMs?: number; onStart?: (child: ReturnType<typeof spawn>) => void} = {}): Promise<Run> => {
	const rssFile = path.join(makeTempDir('packport-rss-'), 'rss');
	const started = Date.now();
	const child = spawn(process.execPath, [cliPath, ...args], {
		env: {PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', PACKPORT_CONFIG_DIR: configDir, NODE_OPTIONS: `--import=${rssHook}`, RSS_OUT: rssFile},
		stdio: [stdin, 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	if (input !== undefined) child.stdin?.end(input);
	const kill = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
	const watchdog = setInterval(() => {
		if (child.pid && residentKib(child.pid) > 1024 * 1024) child.kill('SIGKILL');
	}, 50);
	onStart?.(child);
	return new Promise(resolve => {
		child.on('close', (code, signal) => {
			clearTimeout(kill);
			clearInterval(watchdog);
			const rss = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : undefined;
			resolve({code, signal, stdout, stderr, ms: Date.now() - started, maxRssKib: rss});
		});
	});
};

/** What the user sees on stderr: exactly one Error line and one Hint line. */
const expectOneErrorAndHint = (result: Run, error: RegExp) => {
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, result.stderr).toHaveLength(2);
	expect(lines[0]).toMatch(/^Error: /);
	expect(lines[0]).toMatch(error);
	expect(lines[1]).toMatch(/^Hint: \S/);
};

const calls = () => emulator.inspect().calls.length;
const release = makePackages().find(pkg => pkg.name === 'Acme Release 12')!;
const aepImport = (...extra: string[]) => ['import', '--profile', 'adobe', '--package', release.id, '--yes', '--json', ...(extra.includes('--poll-interval') ? [] : ['--poll-interval', '0.05']), ...extra];
const vaultImport = (file: string, ...extra: string[]) => ['import', '--profile', 'vlt', '--package', file, '--yes', '--json', '--poll-interval', '0.05', ...extra];

beforeAll(async () => {
	emulator = await startEmulator({port: 0, timing: {vaultJobMs: 100, vaultPollLimitMs: 40, aepJobMs: 100}});
	configDir = makeTempDir();
	work = makeTempDir();
	rssHook = writeRssHook();
	const env = {PACKPORT_CONFIG_DIR: configDir};
	const vault = await runCli(['profiles', 'add', 'vlt', '--vendor', 'vault', '--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'], {env, input: vaultDemoCredentials.password});
	expect(vault.code, vault.stderr).toBe(0);
	const aep = await runCli(
		['profiles', 'add', 'adobe', '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId, '--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', '--target-sandbox', 'prod', '--client-secret-stdin'],
		{env, input: aepDemoCredentials.clientSecret},
	);
	expect(aep.code, aep.stderr).toBe(0);
});

afterAll(async () => emulator?.close());

describe('hostile local input (issue 14)', () => {
	it('finding 11: .vpk zip bombs are refused before anything is sent, each within 150 MiB; a nested archive is never opened', async () => {
		const bombs = makeBombs();
		const vault = () => (emulator.inspect() as {vault: Record<string, number>}).vault;
		const before = vault();
		const results: Array<Bomb & Run> = [];
		// A few at a time: the machine has two cores, and the figures should not measure contention.
		for (let index = 0; index < bombs.length; index += 3) {
			const batch = bombs.slice(index, index + 3);
			// eslint-disable-next-line no-await-in-loop -- bounded batches
			results.push(...(await Promise.all(batch.map(async bomb => {
				const file = path.join(work, `${bomb.name.replaceAll(/\W+/g, '-')}.vpk`);
				fs.writeFileSync(file, bomb.bytes);
				return {...bomb, ...(await run(vaultImport(file)))};
			}))));
		}

		console.info(results.map(result => `${result.name}: ${(result.bytes.length / 1024).toFixed(0)} KB, exit ${result.code ?? result.signal}, ${result.ms} ms, peak RSS ${result.maxRssKib === undefined ? '?' : (result.maxRssKib / 1024).toFixed(0)} MiB`).join('\n'));
		for (const result of results) {
			expect(result.maxRssKib, result.name).toBeDefined();
			expect(result.maxRssKib!, result.name).toBeLessThanOrEqual(150 * 1024);
			if (!result.refused) {
				// The nested one imports as any package does: its inner archives are bytes to upload.
				expect(result.code, `${result.name}: ${result.stderr}`).toBe(0);
				continue;
			}

			expect(result.code, `${result.name}: ${result.stderr}`).toBe(2);
			expectOneErrorAndHint(result, result.refused);
			expect(result.stderr).toContain('is not a usable Vault package');
			expect(JSON.parse(result.stdout)).toMatchObject({ok: false, exitCode: 2, error: {code: 'usage'}});
		}

		// Only the nested package reached the server.
		expect(vault().logins - before.logins!).toBe(1);
		expect(vault().uploads - before.uploads!).toBe(1);
		// The time cap, which the other caps keep any real bomb from reaching.
		await expect(inspectVpk(path.resolve(import.meta.dirname, '../../fixtures/vault/multi-step.vpk'), {limits: {...vpkLimits, timeMs: -1}})).rejects.toThrow(/took longer than/);
	}, 60_000);

	it('finding 14: --poll-interval, --timeout and --request-timeout have floors; below them is exit 2 before anything is sent', async () => {
		const before = calls();
		const [poll, timeout, request] = await Promise.all([
			run(aepImport('--poll-interval', '1e-300')),
			run(aepImport('--timeout', '1e-9')),
			run(aepImport('--request-timeout', '0.001')),
		]);
		expect(poll.code, poll.stderr).toBe(2);
		expectOneErrorAndHint(poll, /--poll-interval 1e-300 is not a number of seconds between 0\.01 and 3600/);
		expect(timeout.code, timeout.stderr).toBe(2);
		expectOneErrorAndHint(timeout, /--timeout 1e-9 is not a number of minutes between 0\.01 and 10080/);
		expect(request.code, request.stderr).toBe(2);
		expectOneErrorAndHint(request, /--request-timeout 0\.001 is not a number of seconds between 1 and 3600/);
		expect(calls()).toBe(before);
	});

	it('finding 15: --substitutions only from a regular file up to 16 MiB; stdin secrets capped at 64 KiB; an endless stdin gives way to SIGTERM and SIGINT', async () => {
		const before = calls();
		const fifo = path.join(work, 'subs.fifo');
		execFileSync('mkfifo', [fifo]);
		const folder = path.join(work, 'subs-folder');
		fs.mkdirSync(folder);
		const huge = path.join(work, 'huge-subs.json');
		fs.closeSync(fs.openSync(huge, 'w'));
		fs.truncateSync(huge, 17 * mib);
		const [onFifo, onZero, onFolder, onHuge] = await Promise.all([
			run(aepImport('--substitutions', fifo), {killAfterMs: 5000}),
			run(aepImport('--substitutions', '/dev/zero'), {killAfterMs: 5000}),
			run(aepImport('--substitutions', folder)),
			run(aepImport('--substitutions', huge)),
		]);
		expect(onFifo.code, onFifo.stderr).toBe(2);
		expectOneErrorAndHint(onFifo, /The substitutions file .*subs\.fifo is a pipe, not a regular file\./);
		expect(onZero.code, onZero.stderr).toBe(2);
		expectOneErrorAndHint(onZero, /The substitutions file \/dev\/zero is a device, not a regular file\./);
		expect(onFolder.code, onFolder.stderr).toBe(2);
		expectOneErrorAndHint(onFolder, /is a folder, not a regular file/);
		expect(onHuge.code, onHuge.stderr).toBe(2);
		expectOneErrorAndHint(onHuge, /is 17 MB, more than the 16 MB a substitutions map can be/);

		// An endless stdin: refused at the cap, at once, in little memory.
		const zero = fs.openSync('/dev/zero', 'r');
		const endless = await run(aepImport('--client-secret-stdin'), {stdin: zero, killAfterMs: 5000});
		fs.closeSync(zero);
		expect(endless.code, endless.stderr).toBe(2);
		expectOneErrorAndHint(endless, /stdin holds more than 64 KB/);
		expect(endless.ms).toBeLessThan(3000);
		expect(endless.maxRssKib!).toBeLessThanOrEqual(150 * 1024);

		// A stdin that never sends anything: the first SIGTERM or SIGINT ends the run, exit 130.
		const sample = path.join(work, 'multi-step.vpk');
		fs.copyFileSync(path.resolve(import.meta.dirname, '../../fixtures/vault/multi-step.vpk'), sample);
		const interrupted = await Promise.all((['SIGTERM', 'SIGINT'] as const).map(async signal => {
			let sent = 0;
			const result = await run(vaultImport(sample, '--password-stdin'), {
				killAfterMs: 6000,
				onStart(child) {
					const since = Date.now();
					void waitFor(() => readsStdin(child.pid!, since), 4000).then(() => {
						sent = Date.now();
						child.kill(signal);
					}, () => undefined);
				},
			});
			return {...result, afterSignalMs: Date.now() - sent};
		}));
		for (const result of interrupted) {
			expect(result.code, `${result.signal} ${result.stderr}`).toBe(130);
			expect(result.stderr).toContain('Interrupted while reading the secret from stdin; nothing was sent.');
			expect(result.afterSignalMs).toBeLessThan(2000);
			expect(JSON.parse(result.stdout)).toMatchObject({ok: false, exitCode: 130});
		}

		expect(calls()).toBe(before);
		console.info(`stdin from /dev/zero: exit ${endless.code} after ${endless.ms} ms, peak RSS ${((endless.maxRssKib ?? 0) / 1024).toFixed(0)} MiB; SIGTERM/SIGINT on an endless stdin: exit ${interrupted.map(result => `${result.code} after ${result.afterSignalMs} ms`).join(', ')}`);
	}, 30_000);
});
