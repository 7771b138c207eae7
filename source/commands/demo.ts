/**
 * `--demo`: the emulator in-process, a throwaway config with one demo profile per vendor that
 * works today, and copies of the sample packages (so undo packages land in the temp folder, not in
 * the install). Nothing touches the user's real configuration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {mstrDemoCredentials, startEmulator} from '../emulator/index.js';
import {createProfileStore, type ProfileStore} from '../profiles.js';

export type Demo = {store: ProfileStore; packagesDir: string; close(): Promise<void>};

export const startDemo = async (installDir: string): Promise<Demo> => {
	const emulator = await startEmulator({port: 0, timing: {mstrImportMs: 4000, mstrReadyMs: 300}});
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-demo-'));
	const store = createProfileStore(path.join(root, 'config'));
	store.save({
		name: 'demo-mstr',
		vendor: 'mstr',
		url: emulator.urls.mstr,
		username: mstrDemoCredentials.username,
		projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F',
		loginMode: 1,
	});
	store.secrets.set('demo-mstr', mstrDemoCredentials.password);
	const packagesDir = path.join(root, 'packages');
	fs.mkdirSync(packagesDir);
	const samples = path.join(installDir, 'fixtures', 'mstr');
	for (const name of fs.existsSync(samples) ? fs.readdirSync(samples) : []) {
		if (name.endsWith('.mmp')) fs.copyFileSync(path.join(samples, name), path.join(packagesDir, name));
	}

	return {
		store,
		packagesDir,
		async close() {
			await emulator.close();
			// The packages folder stays: the undo package the summary pointed at should still be there.
			fs.rmSync(path.join(root, 'config'), {recursive: true, force: true});
		},
	};
};
