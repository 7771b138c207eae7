/** The wizard's Adobe flow with the real engine on the emulator, then the saved file replayed headless. */
import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../source/app.js';
import {aepDemoCredentials, startEmulator, type RunningEmulator} from '../source/emulator/index.js';
import {createHistoryStore} from '../source/config/history.js';
import {createProfileStore} from '../source/config/profiles.js';
import {createWizardServices} from '../source/wizard/create-services.js';
import {makeTempDir, runCli} from './helpers/cli.js';
import {press, waitForFrame} from './helpers/ink.js';
import {keys} from './helpers/keys.js';

let emulator: RunningEmulator;
afterEach(async () => emulator?.close());

describe('the wizard with an Adobe profile', () => {
	it('picks two substitutions by keyboard, saves them, imports; the saved file replayed headless gives the same map', async () => {
		emulator = await startEmulator({port: 0, timing: {aepJobMs: 150}});
		const work = makeTempDir();
		const configDir = path.join(work, 'config');
		const store = createProfileStore(configDir);
		store.save({name: 'adobe', vendor: 'aep', url: emulator.urls.aep, imsUrl: emulator.urls.ims, clientId: aepDemoCredentials.clientId, orgId: aepDemoCredentials.orgId, sandbox: 'dev', targetSandbox: 'prod'});
		store.secrets.set('adobe', aepDemoCredentials.clientSecret);
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal, pollIntervalMs: 50});
		const {lastFrame, stdin, frames} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'adobe');
		await press(stdin, keys.enter);
		const first = await waitForFrame(lastFrame, 'Acme Release 30');
		// Page one of two: "Loyalty Journeys" is on the second, which the filter makes the wizard load.
		expect(first).not.toContain('Loyalty Journeys');
		await press(stdin, ...'loyalty'.split(''));
		const filtered = await waitForFrame(lastFrame, 'Filter: loyalty');
		expect(filtered).toContain('Loyalty Journeys');
		expect(filtered).not.toContain('Acme Release 30');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Import into: prod');
		await press(stdin, keys.enter);
		const review = await waitForFrame(lastFrame, 'Conflicts of Loyalty Journeys in sandbox prod');
		expect(review).toContain('0 substituted · 2 created new');
		const tree = await waitForFrame(lastFrame, '└ REGISTRY_MIXIN Field group 4.2');
		expect(tree).toContain('Dependencies:');
		await press(stdin, keys.right, keys.down, keys.right, keys.right);
		const chosen = await waitForFrame(lastFrame, '2 substituted · 0 created new');
		// The conflict artifact has no title of its own (as Adobe publishes it): the package's list names it.
		expect(chosen).toMatch(/\* CATALOG_DATASET\s+Dataset 4\.3 \([0-9a-f]{8}…\)\s+◀ #2 Dataset 4\.3 \(older copy\) \([0-9a-f]{8}…\) ▶/);
		await press(stdin, 's');
		const saved = await waitForFrame(lastFrame, 'Choices saved to');
		const file = /Choices saved to (\S+)/.exec(saved.replaceAll(/\n(?=\S*substitutions)/g, ''))![1]!;
		// Beside the config, not wherever the wizard was started; the screen gives the full path.
		expect(file).toBe(path.join(configDir, 'substitutions', 'Loyalty-Journeys.substitutions.json'));
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('✔ Imported');
		// The progress screen named the package, not its id.
		expect(frames.some(frame => frame.includes('Importing Loyalty Journeys'))).toBe(true);
		expect(summary).toContain('To do: Datasets arrive with Profile disabled');
		expect(summary).toMatch(new RegExp(`^packport import .* --substitutions ${file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} --yes$`, 'm'));

		const saved_ = JSON.parse(fs.readFileSync(file, 'utf8'));
		expect(Object.keys(saved_)).toHaveLength(2);
		const replay = await runCli(['import', '--profile', 'adobe', '--package', 'Loyalty Journeys', '--target-sandbox', 'prod', '--substitutions', file, '--yes', '--json', '--poll-interval', '0.05'], {
			env: {PACKPORT_CONFIG_DIR: configDir},
		});
		expect(replay.code, replay.stderr).toBe(0);
		expect(JSON.parse(replay.stdout).details.alternatives).toEqual(saved_);
	});

	it('enter on a draft or an expired package says why it cannot be chosen', async () => {
		emulator = await startEmulator({port: 0});
		const work = makeTempDir();
		const store = createProfileStore(path.join(work, 'config'));
		store.save({name: 'adobe', vendor: 'aep', url: emulator.urls.aep, imsUrl: emulator.urls.ims, clientId: aepDemoCredentials.clientId, orgId: aepDemoCredentials.orgId, sandbox: 'dev', targetSandbox: 'prod'});
		store.secrets.set('adobe', aepDemoCredentials.clientSecret);
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal});
		const {lastFrame, stdin} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'adobe');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Acme Release 30');
		await press(stdin, ...'release 03'.split(''), keys.enter);
		const draft = await waitForFrame(lastFrame, 'is a draft');
		expect(draft.replaceAll(/\s+/g, ' ')).toContain('Acme Release 03 is a draft: press enter again to publish it now in sandbox dev (Adobe makes it importable), then import it.');
		await press(stdin, '\u007F', '7', keys.enter);
		const expired = await waitForFrame(lastFrame, 'expired on');
		expect(expired.replaceAll(/\s+/g, ' ')).toMatch(/Acme Release 07 expired on \d{4}-\d\d-\d\d: publish it again in sandbox dev to import it\./);
	});

	it('a draft chosen twice is published in the source sandbox, then imported as if picked (issue 16)', async () => {
		emulator = await startEmulator({port: 0, timing: {aepJobMs: 300}});
		const work = makeTempDir();
		const store = createProfileStore(path.join(work, 'config'));
		store.save({name: 'adobe', vendor: 'aep', url: emulator.urls.aep, imsUrl: emulator.urls.ims, clientId: aepDemoCredentials.clientId, orgId: aepDemoCredentials.orgId, sandbox: 'dev', targetSandbox: 'prod'});
		store.secrets.set('adobe', aepDemoCredentials.clientSecret);
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal, pollIntervalMs: 50});
		const {lastFrame, stdin, frames} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'adobe');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Acme Release 30');
		await press(stdin, ...'release 03'.split(''), keys.enter);
		await waitForFrame(lastFrame, 'press enter again to publish it now');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Import into: prod');
		expect(frames.some(frame => frame.includes('Publishing Acme Release 03 in sandbox dev…'))).toBe(true);
		// Publish is Adobe's GET /packages/{id}/export; once.
		expect((emulator.inspect() as {aep: Record<string, number>}).aep.publishes).toBe(1);
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Conflicts of Acme Release 03');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('✔ Imported');
	});

	it('a refused client secret asks for it again, saying why, and the package list follows', async () => {
		emulator = await startEmulator({port: 0});
		const work = makeTempDir();
		const store = createProfileStore(path.join(work, 'config'));
		store.save({name: 'adobe', vendor: 'aep', url: emulator.urls.aep, imsUrl: emulator.urls.ims, clientId: aepDemoCredentials.clientId, orgId: aepDemoCredentials.orgId, sandbox: 'dev', targetSandbox: 'prod'});
		store.secrets.set('adobe', 'a-stale-secret');
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal});
		const {lastFrame, stdin} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'adobe');
		await press(stdin, keys.enter);
		const asked = await waitForFrame(lastFrame, 'Used for this run only');
		expect(asked).toMatch(/Client secret for/);
		expect(asked).toContain('✖');
		await press(stdin, aepDemoCredentials.clientSecret, keys.enter);
		const list = await waitForFrame(lastFrame, 'Acme Release 30');
		expect(list).not.toContain('✖');
	});
});
