/**
 * The whole App with the real services: profile store in a temp dir, the engine, and the
 * emulator over real HTTP. Only the terminal is ink-testing-library's.
 */
import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../source/app.js';
import {mstrDemoCredentials, startEmulator, type RunningEmulator} from '../source/emulator/index.js';
import type {ImportResult} from '../source/engine/result.js';
import {createHistoryStore} from '../source/config/history.js';
import {createProfileStore} from '../source/config/profiles.js';
import {createWizardServices} from '../source/wizard/create-services.js';
import {makeTempDir} from './helpers/cli.js';
import {press, waitForFrame} from './helpers/ink.js';
import {keys} from './helpers/keys.js';

let emulator: RunningEmulator;
let work: string;

const setUp = async (scenarios: string[] = []) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {mstrImportMs: 300, mstrReadyMs: 10}});
	work = makeTempDir();
	fs.copyFileSync(path.resolve(import.meta.dirname, '../fixtures/mstr/year.mmp'), path.join(work, 'year.mmp'));
	const store = createProfileStore(path.join(work, 'config'));
	store.save({name: 'emu', vendor: 'mstr', url: emulator.urls.mstr, username: mstrDemoCredentials.username, projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F', loginMode: 1});
	store.secrets.set('emu', mstrDemoCredentials.password);
	const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal});
	let exited: ImportResult | undefined | 'not yet' = 'not yet';
	const app = render(<App services={services} onExit={result => (exited = result)} />);
	return {...app, store, exited: () => exited};
};

/** Profile, then package: what every import in the wizard starts with. */
const openReview = async ({lastFrame, stdin}: {lastFrame: () => string | undefined; stdin: {write(data: string): void}}) => {
	await waitForFrame(lastFrame, 'emu');
	await press(stdin, keys.enter);
	await waitForFrame(lastFrame, 'year.mmp');
	await press(stdin, keys.enter);
	return waitForFrame(lastFrame, 'Review the package definition');
};
afterEach(async () => emulator?.close());

describe('the wizard, end to end on the emulator', () => {
	it('imports a MicroStrategy package by keyboard: profile, package, review, confirm, summary', async () => {
		// A server that takes action changes on an uploaded package (not the documented default).
		const {lastFrame, stdin, exited} = await setUp(['mstr-actions-accepted']);
		await openReview({lastFrame, stdin});
		await press(stdin, keys.right);
		await waitForFrame(lastFrame, '1 changed by you');
		await press(stdin, keys.left, keys.left, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('✔ Imported');
		expect(summary).toContain(`Undo package ${path.join(work, 'year.undo.mmp')}`);
		expect(summary).toContain('Cleanup Import process deleted, Package holder deleted, Signed out');
		const command = `packport import --profile emu --package ${path.join(work, 'year.mmp')} --action 8D679D5111D3E4981000E787EC6DE8A4=use_existing --yes`;
		expect(summary.replaceAll(/\s/g, '')).toContain(command.replaceAll(' ', ''));
		expect(fs.existsSync(path.join(work, 'year.undo.mmp'))).toBe(true);
		expect(emulator.inspect().mstr).toMatchObject({sessions: 0, holders: 0, imports: 0, importsCreated: 1});
		await press(stdin, keys.enter);
		await waitForFrame(() => (exited() === 'not yet' ? '' : 'exited'), 'exited');
		expect(exited()).toMatchObject({exitCode: 0, status: 'imported'});
	});

	it('esc at the review cancels: nothing imported, the server cleaned up', async () => {
		const {lastFrame, stdin} = await setUp();
		await openReview({lastFrame, stdin});
		await press(stdin, keys.escape);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('Not imported');
		expect(emulator.inspect().mstr).toMatchObject({sessions: 0, holders: 0, importsCreated: 0});
	});

	it('ctrl-c during the import asks first; w keeps watching, s stops, cleans up and reports an unknown outcome', async () => {
		const {lastFrame, stdin} = await setUp(['mstr-slow-import']);
		await openReview({lastFrame, stdin});
		await press(stdin, keys.enter, keys.enter);
		await waitForFrame(lastFrame, 'server says');
		await press(stdin, keys.ctrlC);
		const question = await waitForFrame(lastFrame, 'keep watching');
		expect(question).toContain('Stop? packport ends its session');
		await press(stdin, 'w');
		await waitForFrame(lastFrame, 'detach or stop…');
		expect(lastFrame()).not.toContain('keep watching');
		await press(stdin, keys.ctrlC);
		await waitForFrame(lastFrame, 'keep watching');
		await press(stdin, 's');
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('? Outcome unknown (exit code 5');
		// MicroStrategy keeps the import only in its session: no re-attach command, what happened instead.
		expect(summary).not.toContain('packport status');
		expect(summary.replaceAll(/\s+/g, ' ')).toContain('only in this session, which packport ends now');
		expect(emulator.inspect().mstr).toMatchObject({sessions: 0, holders: 0, imports: 0});
	});

	it('when the server refuses action changes, it shows the review again read-only and can go on', async () => {
		const {lastFrame, stdin} = await setUp(['mstr-actions-refused']);
		await openReview({lastFrame, stdin});
		await press(stdin, 'd', keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const again = await waitForFrame(lastFrame, 'refused to change the actions');
		expect(again.replaceAll(/\s+/g, ' ')).toContain("Continue with the server's actions, or cancel.");
		expect(again).not.toContain('←→ action');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('✔ Imported');
		expect(emulator.inspect().mstr).toMatchObject({importsCreated: 1, holders: 0});
	});

	it('a new profile is tested before it is saved; a wrong password is shown and nothing saved', async () => {
		const {lastFrame, stdin, store} = await setUp();
		await waitForFrame(lastFrame, 'Create a new profile');
		await press(stdin, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Create a connection profile');
		await press(stdin, 'second', keys.tab, keys.tab, emulator.urls.mstr, keys.tab, keys.tab, 'administrator', keys.tab, 'wrong-password', keys.tab, 'B19DEDCC11D4E0EFC000EB9495D0F44F', keys.ctrlS);
		const frame = await waitForFrame(lastFrame, 'ERR003');
		expect(frame).toContain('✖ MicroStrategy refused the login');
		expect(store.get('second')).toBeUndefined();
	});

	it('a token profile created in the wizard: no user name asked, the token checked and saved', async () => {
		const {lastFrame, stdin, store} = await setUp();
		await waitForFrame(lastFrame, 'Create a new profile');
		await press(stdin, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Create a connection profile');
		await press(stdin, 'tokened', keys.tab, keys.tab, emulator.urls.mstr, keys.tab, keys.right, keys.right);
		const form = await waitForFrame(lastFrame, 'API token (the token alone)');
		expect(form).not.toContain('User name');
		expect(form).toContain('API token ');
		await press(stdin, keys.tab, mstrDemoCredentials.apiToken, keys.tab, 'B19DEDCC11D4E0EFC000EB9495D0F44F', keys.ctrlS);
		await waitForFrame(lastFrame, 'Choose the package to import into tokened');
		expect(store.get('tokened')).toMatchObject({loginMode: 4096});
		expect(store.get('tokened')?.username).toBeUndefined();
		expect(store.secrets.get('tokened')).toBe(mstrDemoCredentials.apiToken);
	});
});
