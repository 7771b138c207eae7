/**
 * Ctrl-C (SIGINT) during an upload, headless, for both vendors that upload: the exit code follows
 * one rule (README, Exit codes). An upload stopped before its last byte went out cannot have
 * started an import: exit 130, nothing imported, the server cleaned up. A Vault upload sent whole
 * whose answer has not come may have created the inbound package and its job: exit 5, outcome
 * unknown. A MicroStrategy upload only fills a package holder, so it is 130 either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {writeBigMmp, writeBigVpk} from '../../source/bench/big-package.js';
import {makeTempDir, runCli, waitFor} from '../helpers/cli.js';
import {startHoldingProxy, type HoldingProxy, type HoldMode} from '../helpers/holding-proxy.js';

const installDir = path.resolve(import.meta.dirname, '../..');
// Well over what loopback sockets buffer: held after the first bytes, the client cannot finish.
const bigBytes = 32 * 1024 * 1024;

let emulator: RunningEmulator | undefined;
let proxy: HoldingProxy | undefined;
afterEach(async () => {
	await proxy?.close();
	await emulator?.close();
	proxy = undefined;
	emulator = undefined;
});

type Vendor = 'vault' | 'mstr';

const setUp = async (vendor: Vendor, mode: HoldMode) => {
	emulator = await startEmulator({port: 0, timing: {mstrReadyMs: 20, vaultJobMs: 300, vaultPollLimitMs: 40}});
	// Vault's import is PUT services/package; MicroStrategy's upload PUT …/packages/{id}/binary.
	const uploadPath = vendor === 'vault' ? /\/services\/package(\?|$)/ : /\/binary(\?|$)/;
	const isUpload = (method: string, url: string) => method === 'PUT' && uploadPath.test(url);
	proxy = await startHoldingProxy(emulator.urls[vendor], isUpload, mode);
	const configDir = makeTempDir();
	const work = makeTempDir();
	const file = path.join(work, vendor === 'vault' ? 'big.vpk' : 'big.mmp');
	await (vendor === 'vault' ? writeBigVpk(installDir, file, bigBytes) : writeBigMmp(installDir, file, bigBytes));
	const fields = vendor === 'vault'
		? ['--username', vaultDemoCredentials.username]
		: ['--username', mstrDemoCredentials.username, '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F'];
	const env = {PACKPORT_CONFIG_DIR: configDir};
	const password = vendor === 'vault' ? vaultDemoCredentials.password : mstrDemoCredentials.password;
	const added = await runCli(['profiles', 'add', 'p', '--vendor', vendor, '--url', proxy.url, ...fields, '--password-stdin'], {env, input: `${password}\n`});
	expect(added.code, added.stderr).toBe(0);
	return {env, file, work};
};

/** Runs the import with --json-stream and sends SIGINT once the proxy holds the upload and the client reported sending. */
const interruptUpload = async (vendor: Vendor, mode: HoldMode) => {
	const {env, file, work} = await setUp(vendor, mode);
	let holding = false;
	void proxy!.held.then(() => (holding = true));
	const sending = (stdout: string) => /"type":"progress","step":"upload","transferred":[1-9]/.test(stdout);
	const sentWhole = (stdout: string) => new RegExp(`"step":"upload","transferred":(\\d+),"total":\\1\\b`).test(stdout);
	const run = await runCli(['import', '--profile', 'p', '--package', file, '--yes', '--json-stream', '--poll-interval', '0.05'], {
		env,
		onStart(child, output) {
			const ready = () => holding && (mode === 'mid-body' ? sending(output.stdout()) : sentWhole(output.stdout()));
			void waitFor(ready, 20_000).then(() => child.kill('SIGINT'));
		},
	});
	const lines = run.stdout.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	const result = lines.at(-1) as {
		type: string;
		exitCode: number;
		status: string;
		jobId: string | null;
		error: {code: string; message: string; hint: string | null};
		details: {cleanup: {done: string[]; left: string[]}};
	};
	const history = JSON.parse((await runCli(['history', '--json'], {env})).stdout) as Array<{outcome: string; exitCode: number}>;
	return {run, result, history, work};
};

describe('SIGINT during the upload (headless)', () => {
	it.each(['vault', 'mstr'] as const)('%s: stopped before the last byte went out: exit 130, nothing imported, cleaned up', async vendor => {
		const {run, result, history} = await interruptUpload(vendor, 'mid-body');
		expect(run.code, run.stderr).toBe(130);
		expect(result).toMatchObject({type: 'result', exitCode: 130, status: 'interrupted', jobId: null});
		expect(result.error).toMatchObject({code: 'interrupted', message: 'Interrupted before the import started; nothing was imported.'});
		expect(result.details.cleanup.done).toContain('Signed out');
		if (vendor === 'mstr') expect(result.details.cleanup.done).toContain('Package holder deleted');
		expect(history).toEqual([expect.objectContaining({outcome: 'interrupted', exitCode: 130})]);
		const state = (emulator!.inspect() as Record<Vendor, Record<string, number>>)[vendor];
		expect(vendor === 'vault' ? state.jobsCreated : state.importsCreated).toBe(0);
		expect(run.stderr).not.toMatch(/\bat .+\.js:\d+/);
	}, 60_000);

	it('vault: sent whole, the answer not yet come: the inbound package may exist — exit 5, outcome unknown', async () => {
		const {run, result, history} = await interruptUpload('vault', 'after-body');
		expect(run.code, run.stderr).toBe(5);
		expect(result).toMatchObject({exitCode: 5, status: 'unknown', error: {code: 'unknown-outcome', message: 'Interrupted while the import was running; its outcome is unknown.'}});
		expect(result.error.hint).toContain('before importing again');
		expect(history).toEqual([expect.objectContaining({outcome: 'unknown', exitCode: 5})]);
	}, 60_000);

	it('mstr: sent whole into the package holder, nothing imported yet: exit 130, the holder deleted', async () => {
		const {run, result} = await interruptUpload('mstr', 'after-body');
		expect(run.code, run.stderr).toBe(130);
		expect(result).toMatchObject({exitCode: 130, status: 'interrupted', error: {code: 'interrupted'}});
		expect(result.details.cleanup.done).toContain('Package holder deleted');
		expect((emulator!.inspect() as {mstr: Record<string, number>}).mstr.importsCreated).toBe(0);
	}, 60_000);
});
