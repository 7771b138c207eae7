/**
 * `packport --demo` (what `npm start` runs) as a newcomer runs it, in a real pseudo-terminal: it
 * offers the samples that import (not the install's deliberately broken fixtures), says its printed
 * commands name profiles that exist only in the demo, writes nothing to the real config and leaves
 * no temp folder behind. Outside the demo, the install's fixtures are not offered at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath, makeTempDir, runCli} from '../helpers/cli.js';
import {keys} from '../helpers/keys.js';
import {pressFor, selectRow} from '../helpers/pty-list.js';
import {startInPty, type PtySession} from '../helpers/pty.js';

let session: PtySession | undefined;
afterEach(() => session?.kill());

const installDir = path.resolve(path.dirname(cliPath), '..');

describe('packport --demo leaves nothing behind', () => {
	it('imports, prints a one-line command with the demo note, and on quit no config and no temp folder remain', async () => {
		const home = makeTempDir();
		const xdg = makeTempDir();
		const tmp = makeTempDir();
		session = startInPty(['--demo'], {env: {HOME: home, XDG_CONFIG_HOME: xdg, TMPDIR: tmp}, cwd: makeTempDir(), cols: 80, rows: 40});
		await session.waitForText('demo-mstr');
		// demo-aep, demo-aep-dev, demo-mstr…: one row at a time, as a person moves.
		await selectRow(session, /❯ demo-mstr /);
		// The list is drawn before the folder search ends: wait for the samples themselves.
		const list = await pressFor(session, keys.enter, 'year.mmp');
		// The samples that import; none of the broken ones the tests use.
		expect(list).toContain('year.mmp');
		expect(list).not.toContain('not-a-package.mmp');
		expect(fs.readdirSync(tmp).filter(name => name.startsWith('packport-demo-'))).toHaveLength(1);
		const rows = list.split('\n').filter(line => line.includes('.mmp'));
		const target = rows.findIndex(line => line.includes('year.mmp'));
		for (let index = 0; index < target; index++) session.write(keys.down);
		await session.waitForText(/❯ year\.mmp/);
		session.write(keys.enter);
		await session.waitForText('Review the package definition');
		session.write(keys.enter);
		await session.waitForText('Ready to import');
		session.write(keys.enter);
		const summary = await session.waitForText('What next?', 30_000);
		expect(summary).toContain('✔ Imported');
		expect(summary.replaceAll(/\s+/g, ' ')).toContain('Demo profiles exist only in this demo; to run this headless, start `packport emulate` and add the profiles it prints.');
		session.write('q');
		expect(await session.exited).toBe(0);
		expect(fs.existsSync(path.join(home, '.config', 'packport'))).toBe(false);
		expect(fs.readdirSync(xdg)).toEqual([]);
		expect(fs.readdirSync(tmp)).toEqual([]);
	}, 60_000);

	it('a Ctrl-C at the profile list also removes the temp folder', async () => {
		const tmp = makeTempDir();
		session = startInPty(['--demo'], {env: {HOME: makeTempDir(), TMPDIR: tmp}, cwd: makeTempDir()});
		await session.waitForText('demo-mstr');
		expect(fs.readdirSync(tmp)).toHaveLength(1);
		session.write(keys.ctrlC);
		await session.exited;
		expect(fs.readdirSync(tmp)).toEqual([]);
	});
});

describe('outside the demo', () => {
	it("the package list offers the user's packages, never the install's fixtures", async () => {
		const configDir = makeTempDir();
		const added = await runCli(['profiles', 'add', 'prod', '--vendor', 'mstr', '--url', 'http://127.0.0.1:9/MicroStrategyLibrary', '--username', 'ann', '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F', '--password-stdin'], {
			env: {PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'file'},
			input: 'pw\n',
		});
		expect(added.code, added.stderr).toBe(0);
		// Started in the clone itself, where fixtures/ sits next to the user.
		session = startInPty([], {env: {PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'file'}, cwd: installDir});
		await session.waitForText('prod');
		session.write(keys.enter);
		const list = await session.waitForText('Type a path');
		expect(list).not.toMatch(/\.mmp/);
	});
});
