/**
 * No dead ends: every failed or cancelled run in the wizard ends on a summary that offers the ways
 * on (sign in again, another package, back to the review, start over) before quit. The whole App
 * with the real services and the emulator over real HTTP; only the terminal is ink-testing-library's.
 */
import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../source/app.js';
import {mstrDemoCredentials, startEmulator, type RunningEmulator} from '../source/emulator/index.js';
import {createHistoryStore} from '../source/config/history.js';
import {createProfileStore} from '../source/config/profiles.js';
import {createWizardServices} from '../source/wizard/create-services.js';
import {makeTempDir} from './helpers/cli.js';
import {press, waitForFrame} from './helpers/ink.js';
import {keys} from './helpers/keys.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => emulator?.close());

const projectId = 'B19DEDCC11D4E0EFC000EB9495D0F44F';

const setUp = async ({password = mstrDemoCredentials.password, files = ['year.mmp'], profiles = ['emu'], scenarios = []}: {password?: string; files?: string[]; profiles?: string[]; scenarios?: string[]} = {}) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {mstrImportMs: 200, mstrReadyMs: 10}});
	const work = makeTempDir();
	for (const file of files) fs.copyFileSync(path.resolve(import.meta.dirname, '../fixtures/mstr', file), path.join(work, file));
	const store = createProfileStore(path.join(work, 'config'));
	for (const name of profiles) {
		store.save({name, vendor: 'mstr', url: emulator.urls.mstr, username: mstrDemoCredentials.username, projectId, loginMode: 1});
		store.secrets.set(name, password);
	}

	const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal});
	const app = render(<App services={services} />);
	return {...app, work};
};

/** The live part of the frame: what follows the last run's report (the reports stay above it). */
const menu = (frame: string) => frame.slice(frame.lastIndexOf('What next?'));
const count = (frame: string, text: string) => frame.split(text).length - 1;

describe('the wizard never ends in a dead end', () => {
	it('a wrong saved password: the summary offers to re-enter it, and the same package imports', async () => {
		const {lastFrame, stdin} = await setUp({password: 'not-the-password'});
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'year.mmp');
		await press(stdin, keys.enter);
		const failed = await waitForFrame(lastFrame, 'What next?');
		expect(failed).toContain('✖ Nothing imported: could not connect or sign in');
		const ways = menu(failed);
		// The way that fits comes first and is selected; quit comes last.
		expect(ways).toMatch(/❯ r {2}Re-enter the password and import again\n {2}p {2}Pick another package\n {2}s {2}Start over \(the profile list\)\n {2}q {2}Quit/);
		await press(stdin, 'r');
		await waitForFrame(lastFrame, 'Used for this run only');
		await press(stdin, mstrDemoCredentials.password, keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const done = await waitForFrame(lastFrame, frame => count(frame, 'What next?') > 0 && frame.includes('✔ Imported'));
		expect(menu(done)).toMatch(/p {2}Import another package/);
		expect(emulator!.inspect().mstr).toMatchObject({importsCreated: 1, sessions: 0});
	});

	it('a package the server refuses: pick another one from the same list, and it imports', async () => {
		// config-users.mmp is a configuration package: the server refuses it with a project profile.
		const {lastFrame, stdin} = await setUp({files: ['config-users.mmp', 'year.mmp']});
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'year.mmp');
		await press(stdin, keys.enter);
		const refused = await waitForFrame(lastFrame, 'What next?');
		expect(refused).toMatch(/✖ Nothing imported/);
		expect(menu(refused)).toMatch(/❯ p {2}Pick another package/);
		await press(stdin, 'p');
		const list = await waitForFrame(lastFrame, 'Choose the package to import into emu');
		// Back on the list, the refused package is still selected: one step down is the next one.
		expect(list).toMatch(/❯ config-users\.mmp/);
		await press(stdin, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		await press(stdin, keys.enter, keys.enter);
		await waitForFrame(lastFrame, '✔ Imported');
		expect(emulator!.inspect().mstr).toMatchObject({importsCreated: 1, sessions: 0, holders: 0});
	});

	it('esc on the review: back to the review with the choices made, then it imports', async () => {
		const {lastFrame, stdin} = await setUp({scenarios: ['mstr-actions-accepted']});
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'year.mmp');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		await press(stdin, keys.down, keys.right);
		await waitForFrame(lastFrame, '1 changed by you');
		await press(stdin, keys.escape);
		const cancelled = await waitForFrame(lastFrame, 'What next?');
		expect(cancelled).toContain('Not imported');
		expect(menu(cancelled)).toMatch(/❯ b {2}Back to the review \(the choices you made are kept\)/);
		await press(stdin, keys.enter);
		const again = await waitForFrame(lastFrame, frame => frame.lastIndexOf('Review the package definition') > frame.lastIndexOf('What next?'));
		expect(again).toContain('1 changed by you');
		// The cursor is back on the row it was on.
		expect(again.slice(again.lastIndexOf('Review the package definition'))).toMatch(/❯ \* Revenue/);
		await press(stdin, keys.enter, keys.enter);
		await waitForFrame(lastFrame, '✔ Imported');
		expect(emulator!.inspect().mstr).toMatchObject({importsCreated: 1, sessions: 0, holders: 0});
	});

	it('start over goes back to the profile list, on the profile used', async () => {
		const {lastFrame, stdin} = await setUp({profiles: ['alpha', 'beta']});
		await waitForFrame(lastFrame, 'beta');
		await press(stdin, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Choose the package to import into beta');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, 'What next?');
		await press(stdin, 's');
		const profiles = await waitForFrame(lastFrame, frame => frame.lastIndexOf('Choose a connection profile') > frame.lastIndexOf('What next?'));
		expect(profiles.slice(profiles.lastIndexOf('Choose a connection profile'))).toMatch(/❯ beta/);
	});
});

describe('esc back keeps the place', () => {
	it('back from the packages, Enter opens the profile you came from, not the top one', async () => {
		const {lastFrame, stdin} = await setUp({profiles: ['alpha', 'beta']});
		await waitForFrame(lastFrame, 'beta');
		await press(stdin, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Choose the package to import into beta');
		await press(stdin, keys.escape);
		const list = await waitForFrame(lastFrame, 'Choose a connection profile');
		expect(list).toMatch(/❯ beta/);
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Choose the package to import into beta');
	});

	it('back from a package preview, the package list selects that package', async () => {
		const {lastFrame, stdin} = await setUp({files: ['config-users.mmp', 'keep-both.mmp', 'year.mmp']});
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'year.mmp');
		await press(stdin, keys.down, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, 'What next?');
		await press(stdin, 'p');
		const list = await waitForFrame(lastFrame, frame => frame.lastIndexOf('Choose the package') > frame.lastIndexOf('What next?'));
		expect(list).toMatch(/❯ year\.mmp/);
	});
});

describe('copyable commands', () => {
	it('the repeat-headless command is one line however long, never broken by the screen width', async () => {
		// A server that takes action changes on an uploaded package, so the command carries one.
		const {lastFrame, stdin, work} = await setUp({scenarios: ['mstr-actions-accepted']});
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'year.mmp');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		await press(stdin, keys.right, keys.left, keys.left, keys.enter, keys.enter);
		const summary = await waitForFrame(lastFrame, 'What next?');
		const command = `packport import --profile emu --package ${path.join(work, 'year.mmp')} --action 8D679D5111D3E4981000E787EC6DE8A4=use_existing --yes`;
		// Wider than ink-testing-library's 100 columns, yet one line of its own.
		expect(command.length).toBeGreaterThan(100);
		const lines = summary.split('\n');
		expect(lines).toContain(command);
		// Prose around it still wraps at the screen's edge.
		expect(Math.max(...lines.filter(line => line !== command).map(line => line.length))).toBeLessThanOrEqual(100);
	});

	it('a job left running by a crashed run: its re-attach command is a line of its own', async () => {
		emulator = await startEmulator({port: 0});
		const work = makeTempDir();
		const store = createProfileStore(path.join(work, 'config'));
		store.save({name: 'vlt', vendor: 'vault', url: emulator.urls.vault, username: 'someone', apiVersion: 'v25.2'});
		const history = createHistoryStore(store.configDir);
		// A "started" line whose process is gone (no such pid) and no "finished" line: it died mid-import.
		history.append({runId: 'r1', phase: 'started', at: '2026-12-01T09:30:00.000Z', profile: 'vlt', vendor: 'vault', package: 'claims.vpk', sha256: null, jobId: '71234', outcome: null, exitCode: null, undoPackage: null, pid: 2 ** 22 + 12_345});
		const services = createWizardServices({store, history, env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal});
		const {lastFrame} = render(<App services={services} />);
		const frame = await waitForFrame(lastFrame, 'still running when packport last stopped');
		expect(frame.split('\n')).toContain('  packport status --profile vlt --job 71234 --watch');
	});
});

describe("the summary's time", () => {
	it('counts the run, not the time the user spent on the review', async () => {
		const {lastFrame, stdin} = await setUp();
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'year.mmp');
		const started = Date.now();
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Review the package definition');
		const reviewShown = Date.now();
		// A user reading the review: twelve moves, each key given its own tick by press().
		await press(stdin, ...Array.from({length: 6}, () => [keys.down, keys.up]).flat());
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		const confirmed = Date.now();
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'What next?');
		const ended = Date.now();
		const seconds = Number(/✔ Imported \(exit code 0, ([\d.]+) s\)/.exec(summary)?.[1]);
		const working = (reviewShown - started + (ended - confirmed)) / 1000;
		expect(confirmed - reviewShown).toBeGreaterThan(1000);
		expect(seconds).toBeLessThanOrEqual(working + 0.1);
	});
});
