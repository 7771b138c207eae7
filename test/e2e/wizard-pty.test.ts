/**
 * The whole wizard as a person runs it: `packport --demo` (what `npm start` runs) in a real
 * pseudo-terminal, read through a terminal emulator, driven by keys.
 */
import fs from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {makeTempDir} from '../helpers/cli.js';
import {startInPty, type PtySession} from '../helpers/pty.js';
import {keys} from '../helpers/keys.js';
import {pressFor, selectRow} from '../helpers/pty-list.js';

let session: PtySession | undefined;
afterEach(() => session?.kill());

const press = async (key: string, expected: string | RegExp) => pressFor(session!, key, expected);

const select = async (row: RegExp) => selectRow(session!, row);

describe('packport --demo in a terminal', () => {
	it('completes a MicroStrategy import by keyboard alone and exits 0', async () => {
		const configDir = makeTempDir();
		session = startInPty(['--demo'], {env: {PACKPORT_CONFIG_DIR: configDir}, cwd: makeTempDir()});
		const first = await session.waitForText('Choose a connection profile');
		expect(first).toContain('Demo mode');
		expect(first).toContain('demo-mstr');
		expect(first).toContain('enter choose');

		// Demo profiles are listed by name: demo-aep, demo-mstr, demo-vault.
		await select(/❯ demo-mstr/);
		const packages = await press(keys.enter, 'year.mmp');
		expect(packages).toContain('tutorial-reports.mmp');
		await select(/❯ .*year\.mmp/);
		const review = await press(keys.enter, 'Review the package definition');
		expect(review).toMatch(/Year\s+Attribute\s+◀ replace ▶/);

		const confirm = await press(keys.enter, 'Ready to import');
		expect(confirm).toContain('5 replace');
		const summary = await press(keys.enter, 'Repeat headless');
		expect(summary).toContain('✔ Imported');
		expect(summary).toContain('Cleanup Import process deleted, Package holder deleted, Signed out');
		const undo = /Undo package (\S+\.undo\.mmp)/.exec(summary)?.[1];
		expect(undo && fs.existsSync(undo)).toBe(true);
		expect(summary).toContain('roll back: packport undo --profile demo-mstr --run ');

		session.write(keys.enter);
		expect(await session.exited).toBe(0);
	});

	it('an action change the server refuses (as MicroStrategy documents): said, the review read-only, imported with the package\'s actions', async () => {
		session = startInPty(['--demo'], {env: {PACKPORT_CONFIG_DIR: makeTempDir()}, cwd: makeTempDir()});
		await session.waitForText('demo-mstr');
		await select(/❯ demo-mstr/);
		await press(keys.enter, 'year.mmp');
		await select(/❯ .*year\.mmp/);
		await press(keys.enter, 'Review the package definition');
		await press(keys.right, /Year\s+Attribute\s+◀ keep_both ▶/);
		await press(keys.left, /Year\s+Attribute\s+◀ replace ▶/);
		await press(keys.left, /Year\s+Attribute\s+◀ use_existing ▶/);
		await press(keys.enter, 'Ready to import');
		const refused = await press(keys.enter, 'refused to change the actions');
		expect(refused.replaceAll(/\s+/g, ' ')).toContain("Continue with the server's actions, or cancel.");
		expect(refused).toMatch(/Year\s+Attribute\s+replace/);
		await press(keys.enter, 'Ready to import');
		const summary = await press(keys.enter, 'Repeat headless');
		expect(summary).toContain('✔ Imported');
		expect(summary).not.toMatch(/\bat .+\.js:\d+/);
		session.write('q');
		expect(await session.exited).toBe(0);
	});

	it('imports and deploys a Vault package by keyboard', async () => {
		session = startInPty(['--demo'], {env: {PACKPORT_CONFIG_DIR: makeTempDir()}, cwd: makeTempDir()});
		await session.waitForText('demo-vault');
		await select(/❯ demo-vault/);
		await press(keys.enter, 'small.vpk');
		await select(/❯ .*small\.vpk/);
		const preview = await press(keys.enter, 'upload and import');
		expect(preview).toContain('PKG-0001');
		await press(keys.enter, 'Validation results for PKG-0001');
		await press('d', 'Vault does not roll back a deploy');
		const summary = await press(keys.enter, 'Repeat headless');
		expect(summary).toContain('✔ Imported and deployed');
		expect(summary).toMatch(/Logs \S+small-vault-logs/);
		session.write('q');
		expect(await session.exited).toBe(0);
	}, 60_000);
});
