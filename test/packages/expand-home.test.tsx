/**
 * `~` at the start of a path means the home folder, in the wizard's path field and in the headless
 * path options alike (one shared function): a quoted '~/x' or `--package=~/x` reaches packport
 * unexpanded by the shell.
 */
import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {mstrDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {createHistoryStore} from '../../source/config/history.js';
import {expandHome} from '../../source/packages/expand-home.js';
import {createProfileStore} from '../../source/config/profiles.js';
import {createWizardServices} from '../../source/wizard/create-services.js';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {press, waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

const projectId = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
let emulator: RunningEmulator | undefined;
afterEach(async () => emulator?.close());

describe('expandHome', () => {
	it.each([
		['~', '/home/ann'],
		['~/', '/home/ann'],
		['~/pkgs/year.mmp', '/home/ann/pkgs/year.mmp'],
		['./~/year.mmp', './~/year.mmp'],
		['~bob/year.mmp', '~bob/year.mmp'],
		['/abs/~/x', '/abs/~/x'],
		['Acme ~ release', 'Acme ~ release'],
	])('%s → %s', (given, expected) => {
		expect(expandHome(given, {HOME: '/home/ann'})).toBe(expected);
	});
});

/** A home folder holding year.mmp, a profile on the emulator. */
const setUp = async () => {
	emulator = await startEmulator({port: 0, timing: {mstrImportMs: 100, mstrReadyMs: 10}});
	const home = makeTempDir();
	fs.mkdirSync(path.join(home, 'pkgs'));
	fs.copyFileSync(path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp'), path.join(home, 'pkgs', 'year.mmp'));
	const configDir = makeTempDir();
	const store = createProfileStore(configDir);
	store.save({name: 'emu', vendor: 'mstr', url: emulator.urls.mstr, username: mstrDemoCredentials.username, projectId, loginMode: 1});
	store.secrets.set('emu', mstrDemoCredentials.password);
	return {home, configDir, store};
};

describe('~ in paths', () => {
	it('the wizard: ~/pkgs/year.mmp typed in the path field opens the file in the home folder', async () => {
		const {home, store} = await setUp();
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {HOME: home}, cwd: makeTempDir(), packageFolders: [], signal: new AbortController().signal});
		const {lastFrame, stdin} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		// An empty folder: the list holds only "Type a path…".
		await waitForFrame(lastFrame, 'Type a path');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Path to a .mmp file');
		await press(stdin, '~/pkgs/year.mmp', keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		await press(stdin, keys.enter, keys.enter);
		const summary = await waitForFrame(lastFrame, 'What next?');
		expect(summary).toContain('✔ Imported');
		expect(summary).toContain(`Package ${path.join(home, 'pkgs', 'year.mmp')}`);
	});

	it('headless: --package=~/…, --undo-out ~/… name the files in the home folder', async () => {
		const {home, configDir} = await setUp();
		const run = await runCli(['import', '--profile', 'emu', '--package=~/pkgs/year.mmp', '--undo-out', '~/pkgs/undo.mmp', '--yes', '--json', '--poll-interval', '0.05'], {
			env: {PACKPORT_CONFIG_DIR: configDir, HOME: home},
			cwd: makeTempDir(),
		});
		expect(run.code, run.stderr).toBe(0);
		const result = JSON.parse(run.stdout);
		expect(result.package.path).toBe(path.join(home, 'pkgs', 'year.mmp'));
		expect(result.undoPackage).toBe(path.join(home, 'pkgs', 'undo.mmp'));
		expect(fs.existsSync(path.join(home, 'pkgs', 'undo.mmp'))).toBe(true);
	});
});
