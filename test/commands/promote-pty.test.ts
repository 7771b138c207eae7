/**
 * `packport promote` in a terminal without --yes: it asks before the source is touched, then the
 * import asks at its review, as `packport import` does. A no at the first question changes nothing
 * on either side.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {mstrDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {startInPty, type PtySession} from '../helpers/pty.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/mstr');
let emulator: RunningEmulator;
let configDir: string;
let session: PtySession | undefined;

beforeAll(async () => {
	emulator = await startEmulator({port: 0, timing: {mstrImportMs: 100, mstrReadyMs: 20}});
	configDir = makeTempDir();
	for (const [name, project] of [
		['dev', 'B7CA92F04B9FAE8D941C3E9B7E0CD754'],
		['prod', 'B19DEDCC11D4E0EFC000EB9495D0F44F'],
	]) {
		const added = await runCli(['profiles', 'add', name!, '--vendor', 'mstr', '--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', project!, '--password-stdin'], {
			env: {PACKPORT_CONFIG_DIR: configDir},
			input: mstrDemoCredentials.password,
		});
		expect(added.code, added.stderr).toBe(0);
	}
});

afterEach(() => session?.kill());
afterAll(async () => emulator?.close());

const start = () => {
	const work = makeTempDir();
	fs.copyFileSync(path.join(fixtures, 'year.mmp'), path.join(work, 'year.mmp'));
	session = startInPty(['promote', '--from', 'dev', '--to', 'prod', '--package', 'year.mmp', '--poll-interval', '0.05', '--no-undo'], {
		env: {PACKPORT_CONFIG_DIR: configDir, TMPDIR: makeTempDir()},
		cwd: work,
	});
	return session;
};

it('asks before the source is touched; no changes nothing on either side (exit 130)', async () => {
	const before = emulator.inspect();
	const pty = start();
	await pty.waitForText("Promote: build a package from year.mmp on 'dev' (MicroStrategy), then import it into 'prod'. Go on? [y/N]");
	pty.write('n\r');
	expect(await pty.exited).toBe(130);
	expect(pty.screen()).toContain('Promote cancelled; nothing was done on either side.');
	expect(emulator.inspect().calls.length).toBe(before.calls.length);
});

it('yes builds on the source, then the import asks at its review as packport import does', async () => {
	const pty = start();
	await pty.waitForText('Go on? [y/N]');
	pty.write('y\r');
	await pty.waitForText('Import it now? [y/N]');
	expect(pty.screen()).toContain("Taken from 'dev'; importing into 'prod'.");
	pty.write('y\r');
	expect(await pty.exited).toBe(0);
	expect(pty.screen()).toContain("✔ Taken from 'dev'.");
	expect(pty.screen()).toContain("✔ Imported year.mmp into profile 'prod'.");
});
