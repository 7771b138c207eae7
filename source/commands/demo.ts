/**
 * `--demo`: the emulator in-process, a throwaway config with one demo profile per vendor that
 * works today, and copies of the sample packages (so undo packages land in the temp folder, not in
 * the install). Nothing touches the user's real configuration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials} from '../emulator/index.js';
import {createProfileStore, type ProfileStore} from '../profiles.js';

export type Demo = {store: ProfileStore; packagesDir: string; pollIntervalMs: number; close(): Promise<void>};

export const startDemo = async (installDir: string): Promise<Demo> => {
	// The demo's Vault allows a status poll every 2 s (a real one, every 10 s) so a walk-through stays short.
	const emulator = await startEmulator({port: 0, timing: {mstrImportMs: 4000, mstrReadyMs: 300, mstrUndoLagMs: 1500, vaultJobMs: 5000, vaultPollLimitMs: 2000, aepJobMs: 4000}});
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-demo-'));
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
	store.save({name: 'demo-aep', vendor: 'aep', url: emulator.urls.aep, imsUrl: emulator.urls.ims, clientId: aepDemoCredentials.clientId, orgId: aepDemoCredentials.orgId, sandbox: 'dev', targetSandbox: 'prod'});
	store.secrets.set('demo-aep', aepDemoCredentials.clientSecret);
	const packagesDir = path.join(root, 'packages');
	fs.mkdirSync(packagesDir);
	for (const vendor of ['mstr', 'vault']) {
		const samples = path.join(installDir, 'fixtures', vendor);
		for (const name of fs.existsSync(samples) ? fs.readdirSync(samples) : []) {
			if (/\.(mmp|vpk)$/.test(name)) fs.copyFileSync(path.join(samples, name), path.join(packagesDir, name));
		}
	}

	return {
		store,
		packagesDir,
		pollIntervalMs: 2000,
		async close() {
			await emulator.close();
			// The packages folder stays: the undo package the summary pointed at should still be there.
			fs.rmSync(path.join(root, 'config'), {recursive: true, force: true});
		},
	};
};
