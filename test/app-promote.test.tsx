/**
 * Promote in the wizard (issue 16): the package list's "Promote from another environment" → the
 * source profile → what to take → the first half runs on the source → the usual review against the
 * target → confirm → one summary with the `packport promote` command. Real services, the emulator
 * over real HTTP; only the terminal is ink-testing-library's.
 */
import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../source/app.js';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../source/emulator/index.js';
import {createHistoryStore} from '../source/config/history.js';
import {createProfileStore} from '../source/config/profiles.js';
import {createWizardServices} from '../source/wizard/create-services.js';
import {makeTempDir} from './helpers/cli.js';
import {press, waitForFrame} from './helpers/ink.js';
import {keys} from './helpers/keys.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => emulator?.close());

const flat = (frame: string) => frame.replaceAll(/\s+/g, ' ');

const setUp = async (vendor: 'mstr' | 'vault', scenarios: string[] = []) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {mstrImportMs: 200, mstrReadyMs: 10, vaultJobMs: 150, vaultPollLimitMs: 40}});
	const work = makeTempDir();
	const store = createProfileStore(path.join(work, 'config'));
	if (vendor === 'mstr') {
		fs.copyFileSync(path.resolve(import.meta.dirname, '../fixtures/mstr/year.mmp'), path.join(work, 'year.mmp'));
		const base = {vendor: 'mstr' as const, url: emulator.urls.mstr, username: mstrDemoCredentials.username, loginMode: 1};
		store.save({...base, name: 'prod', projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F'});
		store.save({...base, name: 'dev', projectId: 'B7CA92F04B9FAE8D941C3E9B7E0CD754'});
		for (const name of ['prod', 'dev']) store.secrets.set(name, mstrDemoCredentials.password);
	} else {
		const base = {vendor: 'vault' as const, url: emulator.urls.vault, username: vaultDemoCredentials.username, apiVersion: 'v25.2'};
		store.save({...base, name: 'prod'});
		store.save({...base, name: 'dev'});
		for (const name of ['prod', 'dev']) store.secrets.set(name, vaultDemoCredentials.password);
	}

	const history = createHistoryStore(store.configDir);
	const services = createWizardServices({store, history, env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal, pollIntervalMs: 50});
	const app = render(<App services={services} />);
	// Profiles are listed by name: dev, then prod (the target).
	await waitForFrame(app.lastFrame, 'prod');
	await press(app.stdin, keys.down, keys.enter);
	await waitForFrame(app.lastFrame, 'Promote from another environment');
	await press(app.stdin, keys.up, keys.enter);
	const sources = await waitForFrame(app.lastFrame, 'take the package from');
	expect(sources).toMatch(/❯ dev /);
	expect(sources).not.toMatch(/ prod /);
	await press(app.stdin, keys.enter);
	return {...app, work, history};
};

const inspect = () => emulator!.inspect() as {mstr: Record<string, number>; vault: Record<string, number>; calls: Array<{method: string; path: string; status: number}>};

describe('promote in the wizard', () => {
	it('MicroStrategy: an action changed on the definition is built into the package on the source and applied by the target; one summary with the promote command', async () => {
		const {lastFrame, stdin, work, history} = await setUp('mstr');
		// The .mmp files the package list finds, or a path typed.
		const choices = await waitForFrame(lastFrame, /❯ .*year\.mmp/);
		expect(choices).toContain('Type a path…');
		await press(stdin, keys.enter);
		// The definition is reviewed before anything runs: nothing built yet.
		const review = await waitForFrame(lastFrame, 'Review the package definition');
		expect(review).toMatch(/Year\s+Attribute\s+◀ replace ▶/);
		expect(inspect().mstr.holders ?? 0).toBe(0);
		await press(stdin, keys.left);
		await waitForFrame(lastFrame, /Year\s+Attribute\s+◀ use_existing ▶/);
		await press(stdin, keys.enter);
		const confirm = flat(await waitForFrame(lastFrame, 'Ready to import'));
		expect(confirm).toContain(`Import 5 objects from ${path.join(work, 'year.mmp')}, built on dev first, into project B19DEDCC11D4E0EFC000EB9495D0F44F`);
		await press(stdin, keys.enter);
		const summary = flat(await waitForFrame(lastFrame, 'Repeat headless'));
		expect(summary).toContain('✔ Imported');
		expect(summary).toMatch(/Taken from dev/);
		const yearId = '8D679D5111D3E4981000E787EC6DE8A4';
		expect(summary).toContain(`packport promote --from dev --to prod --package ${path.join(work, 'year.mmp')} --action ${yearId}=use_existing --yes`);
		// What the target project really applied: Year as changed, the rest as the package had them.
		const [applied, ...more] = emulator!.mstrApplied();
		expect(more).toEqual([]);
		expect(applied!.projectId).toBe('B19DEDCC11D4E0EFC000EB9495D0F44F');
		expect(applied!.objects.find(object => object.id === yearId)?.action).toBe('use_existing');
		expect(new Set(applied!.objects.filter(object => object.id !== yearId).map(object => object.action))).toEqual(new Set(['replace']));
		// The source built and downloaded a package (GET …/binary); the target imported it.
		expect(inspect().calls.some(call => call.method === 'GET' && /\/packages\/[^/]+\/binary$/.test(call.path))).toBe(true);
		expect(inspect().mstr).toMatchObject({sessions: 0, holders: 0});
		const lines = history.read().entries.filter(entry => entry.phase === 'finished') as Array<{profile: string; promote?: {half: string}}>;
		expect(lines.map(entry => [entry.profile, entry.promote?.half])).toEqual([
			['dev', 'source'],
			['prod', 'target'],
		]);
	});

	it('Adobe: tab on the org\'s list, a draft of the source sandbox published there, then imported with the usual conflict review', async () => {
		emulator = await startEmulator({port: 0, timing: {aepJobMs: 200}});
		const work = makeTempDir();
		const store = createProfileStore(path.join(work, 'config'));
		const base = {vendor: 'aep' as const, url: emulator.urls.aep, imsUrl: emulator.urls.ims, clientId: aepDemoCredentials.clientId, orgId: aepDemoCredentials.orgId, sandbox: 'dev'};
		store.save({...base, name: 'prod', targetSandbox: 'prod'});
		store.save({...base, name: 'dev', targetSandbox: 'stage'});
		for (const name of ['prod', 'dev']) store.secrets.set(name, aepDemoCredentials.clientSecret);
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal, pollIntervalMs: 50});
		const {lastFrame, stdin} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'prod');
		await press(stdin, keys.down, keys.enter);
		const list = await waitForFrame(lastFrame, 'Acme Release 30');
		expect(flat(list)).toContain('tab promote from another environment');
		await press(stdin, keys.tab);
		await waitForFrame(lastFrame, 'take the package from');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, "Package id or exact name on 'dev'");
		stdin.write('Acme Release 03\r');
		const review = await waitForFrame(lastFrame, 'Conflicts of Acme Release 03 in sandbox prod', 20_000);
		expect(review).toContain('created new');
		expect((emulator.inspect() as {aep: Record<string, number>}).aep.publishes).toBe(1);
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const summary = flat(await waitForFrame(lastFrame, 'Repeat headless'));
		expect(summary).toContain('✔ Imported');
		expect(summary).toMatch(/Taken from dev/);
		expect(summary).toContain("packport promote --from dev --to prod --package 'Acme Release 03'");
	});

	it('Adobe: Esc on the conflicts of a promote, then "a" runs the promote again (not an import of its name)', async () => {
		emulator = await startEmulator({port: 0, timing: {aepJobMs: 200}});
		const work = makeTempDir();
		const store = createProfileStore(path.join(work, 'config'));
		const base = {vendor: 'aep' as const, url: emulator.urls.aep, imsUrl: emulator.urls.ims, clientId: aepDemoCredentials.clientId, orgId: aepDemoCredentials.orgId, sandbox: 'dev'};
		store.save({...base, name: 'prod', targetSandbox: 'prod'});
		store.save({...base, name: 'dev', targetSandbox: 'stage'});
		for (const name of ['prod', 'dev']) store.secrets.set(name, aepDemoCredentials.clientSecret);
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: work, packageFolders: [], signal: new AbortController().signal, pollIntervalMs: 50});
		const {lastFrame, stdin} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'prod');
		await press(stdin, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Acme Release 30');
		await press(stdin, keys.tab);
		await waitForFrame(lastFrame, 'take the package from');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, "Package id or exact name on 'dev'");
		stdin.write('Acme Release 03\r');
		await waitForFrame(lastFrame, 'Conflicts of Acme Release 03 in sandbox prod', 20_000);
		await press(stdin, keys.escape);
		const stopped = flat(await waitForFrame(lastFrame, 'What next?'));
		expect(stopped).toContain('a Try the same package again');
		expect(stopped).not.toContain('Back to the review');
		await press(stdin, 'a');
		// Both halves again: the source says the package is published already, the conflicts follow.
		await waitForFrame(lastFrame, frame => frame.includes('Conflicts of Acme Release 03') && !frame.includes('What next?'), 20_000);
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		// The first run's report stays in the scrollback above: wait for the second one's headline.
		const summary = flat(await waitForFrame(lastFrame, '✔ Imported', 20_000));
		expect(summary).toContain("packport promote --from dev --to prod --package 'Acme Release 03'");
		expect((emulator.inspect() as {aep: Record<string, number>}).aep.publishes).toBe(1);
	});

	it('Vault: exports PKG-0001 on the source, validates on the target, and the logs it names are there after the run', async () => {
		const {lastFrame, stdin, work} = await setUp('vault');
		// The source's outbound packages, listed (Vault's VQL), or a name typed.
		const choices = await waitForFrame(lastFrame, /❯ PKG-0001/);
		expect(choices).toContain('PKG-0002');
		expect(choices).toContain('Type a name…');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Validation results for PKG-0001', 20_000);
		await press(stdin, keys.enter);
		const summary = flat(await waitForFrame(lastFrame, 'Repeat headless'));
		expect(summary).toContain('✔ Imported');
		expect(summary).toMatch(/Taken from dev, job \d+/);
		// Not in the run's temp folder, which is gone by now: beside where the wizard runs.
		const logs = path.join(work, 'PKG-0001-vault-logs');
		expect(summary).toContain(`Logs ${logs}`);
		expect(fs.readdirSync(logs).length).toBeGreaterThan(0);
	});

	it('Vault: a source export that fails sends nothing to the target and says so, with the ways on', async () => {
		const {lastFrame, stdin} = await setUp('vault', ['vault-export-fails']);
		await waitForFrame(lastFrame, /❯ PKG-0001/);
		await press(stdin, keys.down, keys.down, keys.enter);
		await waitForFrame(lastFrame, "Outbound package name on 'dev'");
		stdin.write('PKG-0001\r');
		const summary = flat(await waitForFrame(lastFrame, 'What next?', 20_000));
		expect(summary).toMatch(/Source dev: nothing taken \(.*ERRORS_ENCOUNTERED.*\); nothing was sent to the target\./);
		expect(inspect().vault.uploads).toBe(0);
		expect(summary).toContain('packport promote --from dev --to prod --package PKG-0001 --yes');
	});
});
