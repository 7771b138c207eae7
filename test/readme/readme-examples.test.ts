/**
 * README's examples, run as written against the emulator, so they cannot rot (issue 15).
 *
 * Every line of every ```sh block in README.md is one of these, or the test fails (a new example
 * cannot slip past it):
 * - set-up: `npm install && npm start`, `npm test` — not run here (`npm test` runs this file);
 * - the wizard: `packport` alone or with only `--profile NAME` / `--demo` — needs a terminal, driven
 *   in a pseudo-terminal by test/e2e instead;
 * - `export NAME=VALUE`: kept in the environment of the lines after it;
 * - `mkdir -p DIR`: run;
 * - `packport …`: run by bash in a temp working folder with its own PACKPORT_CONFIG_DIR,
 *   `packport` rewritten to the built bin (`node dist/packport.js`), after the substitutions below.
 *   It must exit 0, or the code its comment names (`# exit 1 …`).
 *
 * Order: the `profiles add` lines first (README's import examples use the profiles its "Other
 * commands" block makes), then every other line in README order, `profiles remove` last.
 *
 * Substitutions — README names real hosts and placeholders; offline there is only the emulator
 * (started in-process with short job times):
 *
 * | README                                        | run as                                                  |
 * |-----------------------------------------------|---------------------------------------------------------|
 * | `https://bi.example.com/MicroStrategyLibrary` | the emulator's MicroStrategy URL                        |
 * | `https://myvault.veevavault.com`              | the emulator's Vault URL                                |
 * | `https://platform.adobe.io`                   | the emulator's Adobe URL                                |
 * | `https://ims-na1.adobelogin.com`              | the emulator's IMS URL                                  |
 * | `--username admin`                            | `--username administrator` (emulator MicroStrategy user)|
 * | `--username me@example.com`                   | `--username vault.admin@example.com`                    |
 * | `--client-id ID`                              | `--client-id packport-demo-client`                      |
 * | `ORG@AdobeOrg`                                | the emulator's org id                                   |
 * | `…` in `export PACKPORT_PASSWORD_PROD=…`      | the MicroStrategy demo password                         |
 * | `$PASSWORD`, `$VAULT_PASSWORD`                | env: the MicroStrategy / Vault demo passwords           |
 * | `secret.txt`                                  | a file in the working folder: the Adobe client secret  |
 * | `./year.mmp`, `./release.vpk`                 | copies of fixtures/mstr/year.mmp, fixtures/vault/small.vpk |
 * | `--job JOB`                                   | the job id of the `vlt` import (`packport history --json`) |
 * | `--package-id 0PI000000000101`                | the inbound package id of that import (same)            |
 * | `--port 8080`                                 | `--port 0`; the line runs until it prints "Ctrl-C to stop", then gets SIGINT and must exit 0 |
 *
 * A line that still names an `https://` host after this fails: it would need the network.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {cliPath, makeTempDir, waitFor} from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

export type Example = {line: string; exitCode: number; block: number};

/** The lines of README's ```sh blocks: continuations joined, comments apart (`# exit N` gives the expected code). */
export const readmeExamples = (text: string): Example[] => {
	const examples: Example[] = [];
	const blocks = [...text.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map(match => match[1]!);
	for (const [block, body] of blocks.entries()) {
		let pending = '';
		for (const raw of body.split('\n')) {
			if (!raw.trim() && !pending) continue;
			if (raw.endsWith('\\')) {
				pending += `${raw.slice(0, -1).trimEnd()} `;
				continue;
			}

			const whole = `${pending}${raw.trim()}`;
			pending = '';
			const {command, comment} = splitComment(whole);
			if (!command) continue;
			const code = /\bexit (\d+)\b/.exec(comment);
			examples.push({line: command, exitCode: code ? Number(code[1]) : 0, block});
		}
	}

	return examples;
};

/** A line and its trailing `# comment` (a `#` after whitespace, outside quotes). */
const splitComment = (line: string): {command: string; comment: string} => {
	let quote: string | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quote) {
			if (char === quote) quote = undefined;
		} else if (char === '"' || char === "'") {
			quote = char;
		} else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) {
			return {command: line.slice(0, index).trim(), comment: line.slice(index + 1).trim()};
		}
	}

	return {command: line.trim(), comment: ''};
};

type Kind = 'setup' | 'wizard' | 'export' | 'mkdir' | 'packport';

const kindOf = (line: string): Kind | undefined => {
	if (line === 'npm install && npm start' || line === 'npm test') return 'setup';
	if (/^packport(\s+(--profile\s+\S+|--demo))*$/.test(line)) return 'wizard';
	if (/^export [A-Z_][A-Z\d_]*=\S*$/.test(line)) return 'export';
	if (/^mkdir -p [\w./-]+$/.test(line)) return 'mkdir';
	if (/^packport\s/.test(line)) return 'packport';
	return undefined;
};

let emulator: RunningEmulator;
let work: string;
let configDir: string;
const exported: Record<string, string> = {};
const ran: Array<{line: string; code: number | null; ms: number}> = [];

const substitute = (line: string, vlt: {jobId?: string; packageId?: string}): string =>
	line
		.replaceAll('https://bi.example.com/MicroStrategyLibrary', emulator.urls.mstr)
		.replaceAll('https://myvault.veevavault.com', emulator.urls.vault)
		.replaceAll('https://platform.adobe.io', emulator.urls.aep)
		.replaceAll('https://ims-na1.adobelogin.com', emulator.urls.ims)
		.replaceAll('--username admin ', `--username ${mstrDemoCredentials.username} `)
		.replaceAll('--username me@example.com', `--username ${vaultDemoCredentials.username}`)
		.replaceAll('--client-id ID ', `--client-id ${aepDemoCredentials.clientId} `)
		.replaceAll('ORG@AdobeOrg', aepDemoCredentials.orgId)
		.replaceAll('--job JOB', `--job ${vlt.jobId ?? 'JOB'}`)
		.replace(/--package-id \S+/, `--package-id ${vlt.packageId ?? 'none'}`)
		.replaceAll('--port 8080', '--port 0');

/** The bash command for a README line: `packport` is the built bin. */
const asBash = (line: string) => line.replace(/^packport\b/, `'${process.execPath}' '${cliPath}'`);

const env = () => ({
	PATH: process.env.PATH,
	HOME: work,
	CI: 'true',
	PACKPORT_CONFIG_DIR: configDir,
	PACKPORT_SECRET_STORE: 'file',
	PASSWORD: mstrDemoCredentials.password,
	VAULT_PASSWORD: vaultDemoCredentials.password,
	...exported,
});

const run = async (line: string, {untilReady}: {untilReady?: string} = {}) => {
	const started = Date.now();
	// `exec`: a signal for the line reaches packport itself, not only the shell.
	const child = spawn('bash', ['-c', `exec ${asBash(line)}`], {cwd: work, env: env(), stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const closed = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	if (untilReady) {
		await waitFor(() => stdout.includes(untilReady), 10_000);
		child.kill('SIGINT');
	}

	const code = await closed;
	ran.push({line, code, ms: Date.now() - started});
	return {code, stdout, stderr};
};

beforeAll(async () => {
	// Short job times: the README's lines carry no --poll-interval, and Vault polls every 10 s.
	emulator = await startEmulator({timing: {mstrReadyMs: 50, mstrImportMs: 0, mstrUndoLagMs: 0, vaultJobMs: 0, vaultPollLimitMs: 0, aepJobMs: 0}});
	work = makeTempDir('packport-readme-');
	configDir = path.join(work, 'config');
	fs.copyFileSync(path.join(root, 'fixtures/mstr/year.mmp'), path.join(work, 'year.mmp'));
	fs.copyFileSync(path.join(root, 'fixtures/vault/small.vpk'), path.join(work, 'release.vpk'));
	fs.writeFileSync(path.join(work, 'secret.txt'), `${aepDemoCredentials.clientSecret}\n`);
});

afterAll(async () => {
	await emulator?.close();
	if (work) fs.rmSync(work, {recursive: true, force: true});
});

describe('README examples', () => {
	const examples = readmeExamples(readme);

	it('every line of a sh block is one the test knows how to run', () => {
		expect(examples.length).toBeGreaterThan(20);
		const unknown = examples.filter(example => !kindOf(example.line)).map(example => example.line);
		expect(unknown, 'README lines this test cannot run: teach it (and document the substitution) or change the line').toEqual([]);
		// The two set-up commands stay as they are, near the top.
		expect(examples.slice(0, 2).map(example => example.line)).toEqual(['npm install && npm start', 'npm test']);
	});

	it('run as written against the emulator and exit as documented', async () => {
		const runnable = examples.filter(example => ['export', 'mkdir', 'packport'].includes(kindOf(example.line)!));
		const isAdd = (example: Example) => /^packport profiles add /.test(example.line);
		const isRemove = (example: Example) => /^packport profiles remove /.test(example.line);
		const ordered = [...runnable.filter(isAdd), ...runnable.filter(example => !isAdd(example) && !isRemove(example)), ...runnable.filter(isRemove)];
		const vlt: {jobId?: string; packageId?: string} = {};
		const failures: string[] = [];
		for (const example of ordered) {
			if (kindOf(example.line) === 'export') {
				const [name = '', value = ''] = example.line.slice('export '.length).split(/=(.*)/s);
				// The one placeholder README exports: profile prod's (MicroStrategy) password.
				exported[name] = value === '…' ? mstrDemoCredentials.password : value;
				continue;
			}

			const line = substitute(example.line, vlt);
			if (/https:\/\//.test(line)) {
				failures.push(`${example.line}\n  names a real host the test has no substitution for`);
				continue;
			}

			const result = await run(line, /^packport emulate\b/.test(line) ? {untilReady: 'Ctrl-C to stop'} : {});
			if (result.code !== example.exitCode) failures.push(`${example.line}\n  ran as: ${line}\n  exit ${result.code}, README says ${example.exitCode}\n${result.stderr.slice(-1500)}`);
			if (/^packport import --profile vlt\b/.test(line)) {
				const history = await run('packport history --json');
				const entry = (JSON.parse(history.stdout) as Array<{profile: string; jobId?: string; inboundPackageId?: string}>).findLast(item => item.profile === 'vlt');
				vlt.jobId = entry?.jobId;
				vlt.packageId = entry?.inboundPackageId;
			}
		}

		if (process.env.README_TEST_VERBOSE) console.log(ran.map(item => `${item.code} ${item.ms}ms ${item.line}`).join("\n"));
		expect(failures).toEqual([]);
		// What it covered, for the record: each vendor imported, the undo package where README says.
		expect(fs.existsSync(path.join(work, 'undo', 'year-undo.mmp'))).toBe(true);
		expect(ran.some(item => item.line.startsWith('packport import --profile aep') && item.code === 0)).toBe(true);
		expect(vlt.jobId).toBeTruthy();
	}, 60_000);
});
