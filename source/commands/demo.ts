/**
 * `--demo`: the emulator in-process, a throwaway config with one demo profile per vendor that
 * works today, and copies of the sample packages (so undo packages land in the temp folder, not in
 * the install). Nothing touches the user's real configuration, and nothing is left behind: the
 * temp folder goes when the demo ends, however it ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials} from '../emulator/index.js';
import {createProfileStore, type ProfileStore} from '../config/profiles.js';

/**
 * The samples the demo offers: packages that import. The install's fixtures also hold deliberately
 * broken ones (not a zip, no manifest, a path traversal…) for the tests; a newcomer gets none of them.
 */
export const demoSamples: Record<'mstr' | 'vault', string[]> = {
	// Not config-users.mmp: a configuration package imports only without a project, and the demo's
	// MicroStrategy profile has one (the server refuses it; it sorted first, a newcomer's first pick).
	mstr: ['year.mmp', 'tutorial-reports.mmp', 'keep-both.mmp'],
	vault: ['small.vpk', 'multi-step.vpk', 'blocked.vpk', 'custom-pages.vpk', 'data-steps.vpk', 'java-sdk.vpk', 'workflow-json.vpk', 'minimal-manifest.vpk'],
};

export type Demo = {store: ProfileStore; packagesDir: string; pollIntervalMs: number; close(): Promise<void>};

export const startDemo = async (installDir: string): Promise<Demo> => {
	// The demo's Vault allows a status poll every 2 s (a real one, every 10 s) so a walk-through stays short.
	const emulator = await startEmulator({
		port: 0,
		timing: {mstrImportMs: 4000, mstrReadyMs: 300, mstrUndoLagMs: 1500, vaultJobMs: 5000, vaultPollLimitMs: 2000, aepJobMs: 4000},
	});
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-demo-'));
	// However the process ends (a third Ctrl-C exits at once), the folder goes with it.
	const removeRoot = () => fs.rmSync(root, {recursive: true, force: true});
	process.once('exit', removeRoot);
	// Demo secrets stay in the throwaway folder: never in the user's keychain.
	const store = createProfileStore(path.join(root, 'config'), {secretStore: 'file'});
	store.save({
		name: 'demo-mstr',
		vendor: 'mstr',
		url: emulator.urls.mstr,
		username: mstrDemoCredentials.username,
		projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F',
		loginMode: 1,
	});
	store.secrets.set('demo-mstr', mstrDemoCredentials.password);
	store.save({name: 'demo-vault', vendor: 'vault', url: emulator.urls.vault, username: vaultDemoCredentials.username, apiVersion: 'v25.2'});
	store.secrets.set('demo-vault', vaultDemoCredentials.password);
	// Source environments to promote from (the package list's "Promote from another environment"):
	// the emulator's other MicroStrategy project, and its Vault's outbound packages (PKG-0001…).
	store.save({name: 'demo-mstr-dev', vendor: 'mstr', url: emulator.urls.mstr, username: mstrDemoCredentials.username, projectId: 'B7CA92F04B9FAE8D941C3E9B7E0CD754', loginMode: 1});
	store.secrets.set('demo-mstr-dev', mstrDemoCredentials.password);
	store.save({name: 'demo-vault-dev', vendor: 'vault', url: emulator.urls.vault, username: vaultDemoCredentials.username, apiVersion: 'v25.2'});
	store.secrets.set('demo-vault-dev', vaultDemoCredentials.password);
	store.save({
		name: 'demo-aep',
		vendor: 'aep',
		url: emulator.urls.aep,
		imsUrl: emulator.urls.ims,
		clientId: aepDemoCredentials.clientId,
		orgId: aepDemoCredentials.orgId,
		sandbox: 'dev',
		targetSandbox: 'prod',
	});
	store.secrets.set('demo-aep', aepDemoCredentials.clientSecret);
	// The same org seen from its dev sandbox: a source to promote from (publish there, import into prod).
	store.save({...store.get('demo-aep')!, name: 'demo-aep-dev', targetSandbox: 'stage'});
	store.secrets.set('demo-aep-dev', aepDemoCredentials.clientSecret);
	const packagesDir = path.join(root, 'packages');
	fs.mkdirSync(packagesDir);
	for (const vendor of ['mstr', 'vault'] as const) {
		for (const name of demoSamples[vendor]) {
			const sample = path.join(installDir, 'fixtures', vendor, name);
			if (fs.existsSync(sample)) fs.copyFileSync(sample, path.join(packagesDir, name));
		}
	}

	return {
		store,
		packagesDir,
		pollIntervalMs: 2000,
		async close() {
			await emulator.close();
			// The demo's profiles, history, undo packages and logs meant nothing outside it.
			removeRoot();
			process.off('exit', removeRoot);
		},
	};
};
