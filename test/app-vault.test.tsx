/** The wizard's Vault flow with the real engine on the emulator over real HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../source/app.js';
import {startEmulator, vaultDemoCredentials, type RunningEmulator} from '../source/emulator/index.js';
import {createHistoryStore} from '../source/config/history.js';
import {createProfileStore} from '../source/config/profiles.js';
import {createWizardServices} from '../source/wizard/create-services.js';
import {makeTempDir} from './helpers/cli.js';
import {press, waitForFrame} from './helpers/ink.js';
import {keys} from './helpers/keys.js';

let emulator: RunningEmulator;
let work: string;

const setUp = async (file: string, scenarios: string[] = []) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {vaultJobMs: 150, vaultPollLimitMs: 40}});
	work = makeTempDir();
	fs.copyFileSync(path.resolve(import.meta.dirname, '../fixtures/vault', file), path.join(work, file));
	const store = createProfileStore(path.join(work, 'config'));
	store.save({name: 'vlt', vendor: 'vault', url: emulator.urls.vault, username: vaultDemoCredentials.username, apiVersion: 'v25.2'});
	store.secrets.set('vlt', vaultDemoCredentials.password);
	const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal, pollIntervalMs: 50});
	const app = render(<App services={services} />);
	await waitForFrame(app.lastFrame, 'vlt');
	await press(app.stdin, keys.enter);
	await waitForFrame(app.lastFrame, file);
	await press(app.stdin, keys.enter);
	return app;
};

afterEach(async () => emulator?.close());

const vault = () => (emulator.inspect() as {vault: Record<string, number>}).vault;

describe('the wizard with a Vault profile', () => {
	it('shows the package before upload, imports, reviews, deploys on confirmation', async () => {
		const {lastFrame, stdin} = await setUp('multi-step.vpk');
		const preview = await waitForFrame(lastFrame, 'upload and import');
		expect(preview).toContain('PKG-0004');
		expect(preview).toContain('00020 Doctype claims_document__c');
		expect(vault().uploads).toBe(0);
		await press(stdin, keys.enter);
		const review = await waitForFrame(lastFrame, 'Validation results for PKG-0004');
		expect(review).toContain('The package can be deployed.');
		await press(stdin, 'd');
		await waitForFrame(lastFrame, 'Vault does not roll back a deploy');
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('✔ Imported and deployed');
		expect(summary).toContain('Deploy 6 total steps, 6 deployed');
		expect(summary).toContain(`Logs ${path.join(work, 'multi-step-vault-logs')}`);
		expect(summary.replaceAll(/\s/g, '')).toContain('--deploy--yes');
		expect(vault()).toMatchObject({uploads: 1, deploys: 1, sessions: 0});
	});

	it('a Blocked package shows its missing dependency and cannot be deployed', async () => {
		const {lastFrame, stdin} = await setUp('blocked.vpk');
		const preview = await waitForFrame(lastFrame, 'upload and import');
		expect(preview).toContain('claims_document__c needs Renditiontype air_bulk_03__c in the target Vault (blocking)');
		await press(stdin, keys.enter);
		const review = await waitForFrame(lastFrame, 'cannot be deployed');
		expect(review).not.toContain('d deploy');
		await press(stdin, keys.down);
		const selected = await waitForFrame(lastFrame, 'Dependencies of step 00020');
		expect(selected).toContain('Renditiontype air_bulk_03__c: Missing - Block');
		await press(stdin, 'd');
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('⚠ Imported, with warnings');
		expect(vault().deploys).toBe(0);
	});

	it('when the answer to the import call is lost, says so and that the job was found, on the summary too', async () => {
		const {lastFrame, stdin} = await setUp('multi-step.vpk', ['vault-submit-lost']);
		await waitForFrame(lastFrame, 'upload and import');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Validation results for PKG-0004');
		await press(stdin, keys.enter);
		const summary = (await waitForFrame(lastFrame, 'Repeat headless')).replaceAll(/\s+/g, ' ');
		expect(summary).toContain("Looking for the import job in Vault's job lists before anything else");
		expect(summary).toMatch(/· Found import job \d+ of PKG-0004; following it \(the call is not sent again\)\./);
		expect(vault().uploads).toBe(1);
	});
});
