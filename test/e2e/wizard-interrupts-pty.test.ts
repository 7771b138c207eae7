/**
 * Ctrl-C in the wizard, in a real pseudo-terminal (`packport --demo`): it asks where leaving is a
 * decision (a job runs on the server, Vault's import phase included), and the exit code says what
 * happened — 130 when nothing was sent, 5 when a job was left running (README, Exit codes).
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {vaultDemoCredentials, startEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {startInPty, type PtySession} from '../helpers/pty.js';
import {keys} from '../helpers/keys.js';
import {pressFor, selectRow} from '../helpers/pty-list.js';

let session: PtySession | undefined;
afterEach(() => session?.kill());

const demo = () => startInPty(['--demo'], {env: {PACKPORT_CONFIG_DIR: makeTempDir()}, cwd: makeTempDir()});

/** Keys one by one, each after the screen shows what the previous one led to. */
const press = async (key: string, expected: string | RegExp) => pressFor(session!, key, expected);

/** Demo profiles are listed by name: demo-aep, demo-mstr, demo-vault. */
const openVaultPackages = async () => {
	await session!.waitForText('demo-vault');
	await selectRow(session!, /❯ demo-vault/);
	return press(keys.enter, 'small.vpk');
};

/** Picks small.vpk and starts its upload and import; resolves once Vault named the import job. */
const startVaultImport = async () => {
	await openVaultPackages();
	await selectRow(session!, /❯ .*small\.vpk/);
	await press(keys.enter, 'upload and import');
	return press(keys.enter, /Job \d+/);
};

describe('Ctrl-C in the wizard', () => {
	it('at the profile list: leaves with exit 130 (interrupted, nothing sent)', async () => {
		session = demo();
		await session.waitForText('Choose a connection profile');
		session.write(keys.ctrlC);
		expect(await session.exited).toBe(130);
	});

	it('q at the profile list still leaves with exit 0', async () => {
		session = demo();
		await session.waitForText('Choose a connection profile');
		session.write('q');
		expect(await session.exited).toBe(0);
	});

	it('while a package is read or sent, before the import: stops, exit 130', async () => {
		session = demo();
		// A big package (sparse: no disk) takes long enough to read and send for Ctrl-C to land before the import.
		const big = path.join(makeTempDir(), 'big.mmp');
		fs.writeFileSync(big, '');
		fs.truncateSync(big, 1536 * 1024 * 1024);
		await session.waitForText('demo-mstr');
		await selectRow(session, /❯ demo-mstr/);
		await press(keys.enter, 'Type a path');
		await selectRow(session, /❯ Type a path/);
		await press(keys.enter, 'Path to a .mmp file:');
		session.write(big);
		await session.waitForText(`Path to a .mmp file: ${big}`);
		// Not pressFor: the Enter is taken (the path field has had the screen for a while), and sent
		// again it would land on a later screen.
		session.write(keys.enter);
		await session.waitForText(/Checking .*big\.mmp|Uploading the package/);
		session.write(keys.ctrlC);
		// Stopped before anything was imported: either straight out, or via a summary that says so.
		const next = await Promise.race([session.exited, session.waitForText(/exit code 130\b/, 30_000).then(() => 'summary' as const)]);
		if (next === 'summary') session.write('q');
		expect(await session.exited).toBe(130);
	}, 60_000);

	it('Vault import phase: asks detach / keep watching; w keeps watching to the results', async () => {
		session = demo();
		await startVaultImport();
		const asked = await press(keys.ctrlC, 'Detach? Re-attach later with:');
		expect(asked).toMatch(/packport status --profile demo-vault --job \d+ --watch/);
		expect(asked).toContain('d detach');
		expect(asked).toContain('w keep watching');
		await press('w', 'Validation results for PKG-0001');
		session.write(keys.enter);
		await session.waitForText('Repeat headless');
		session.write('q');
		expect(await session.exited).toBe(0);
	}, 60_000);

	it('Vault results (the import done, the deploy not asked yet): Ctrl-C deploys nothing and reports the import, not "nothing was imported"', async () => {
		session = demo();
		await startVaultImport();
		// The question while the job runs, then the results once it ended.
		await press(keys.ctrlC, 'Detach? Re-attach later with:');
		await press('w', 'Validation results for PKG-0001');
		const summary = await press(keys.ctrlC, 'Repeat headless');
		expect(summary).toMatch(/✔ Imported/);
		expect(summary).not.toContain('nothing was imported');
		expect(summary).not.toMatch(/exit code 130/);
		session.write('q');
		expect(await session.exited).toBe(0);
	}, 60_000);

	it('Vault import phase: d detaches — outcome unknown, the re-attach command, exit 5', async () => {
		session = demo();
		await startVaultImport();
		await press(keys.ctrlC, 'Detach? Re-attach later with:');
		const summary = await press('d', 'outcome is unknown');
		expect(summary).toMatch(/Check it with:\s+packport status --profile demo-vault --job \d+ --watch/);
		await session.waitForText('quit');
		session.write('q');
		expect(await session.exited).toBe(5);
	}, 60_000);
});

describe('packport import in a terminal, without --yes', () => {
	it('Vault --deploy answered "n": the import stands, nothing deployed, exit 0 — not "nothing was imported"', async () => {
		const emulator = await startEmulator({port: 0, timing: {vaultJobMs: 100, vaultPollLimitMs: 40}});
		try {
			const env = {PACKPORT_CONFIG_DIR: makeTempDir()};
			const profile = ['--vendor', 'vault', '--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'];
			const added = await runCli(['profiles', 'add', 'v', ...profile], {env, input: vaultDemoCredentials.password});
			expect(added.code, added.stderr).toBe(0);
			const work = makeTempDir();
			fs.copyFileSync(path.resolve(import.meta.dirname, '../../fixtures/vault/small.vpk'), path.join(work, 'small.vpk'));
			session = startInPty(['import', '--profile', 'v', '--package', path.join(work, 'small.vpk'), '--deploy', '--poll-interval', '0.05', '--no-progress'], {env, cwd: work});
			await session.waitForText('Deploy it now? Vault does not roll back a deploy. [y/N]');
			session.write('n\r');
			expect(await session.exited).toBe(0);
			const screen = session.screen();
			expect(screen).toContain('Not deployed: the deploy was declined at the review; the import stands.');
			expect(screen).not.toContain('nothing was imported');
			expect((emulator.inspect() as {vault: Record<string, number>}).vault).toMatchObject({jobsCreated: 1, deploys: 0});
		} finally {
			await emulator.close();
		}
	}, 60_000);
});
