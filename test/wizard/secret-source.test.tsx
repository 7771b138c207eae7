/**
 * Issue 15, finding 3: PACKPORT_PASSWORD exported for one profile wins over every profile's saved
 * password (CI relies on it, as on GH_TOKEN), so the wizard says which secret it signs in with
 * before it signs in, and the authentication error says it again.
 */
import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {mstrDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {createHistoryStore} from '../../source/config/history.js';
import {createProfileStore} from '../../source/config/profiles.js';
import {createWizardServices} from '../../source/wizard/create-services.js';
import {makeTempDir} from '../helpers/cli.js';
import {press, waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => emulator?.close());

const flat = (frame: string) => frame.replaceAll(/\s+/g, ' ');

describe('the wizard names the secret it signs in with', () => {
	it('says PACKPORT_PASSWORD from the environment wins over the saved password, before and after a refused sign-in', async () => {
		emulator = await startEmulator({port: 0, timing: {mstrImportMs: 300, mstrReadyMs: 10}});
		const work = makeTempDir();
		fs.copyFileSync(path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp'), path.join(work, 'year.mmp'));
		const store = createProfileStore(path.join(work, 'config'));
		store.save({name: 'emu', vendor: 'mstr', url: emulator.urls.mstr, username: mstrDemoCredentials.username, projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F', loginMode: 1});
		store.secrets.set('emu', mstrDemoCredentials.password);
		// Exported for another profile: wrong for this one.
		const env = {PACKPORT_PASSWORD: 'exported-for-staging'};
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env, cwd: work, packageFolders: [], signal: new AbortController().signal});
		const {lastFrame, stdin, unmount} = render(<App services={services} onExit={() => undefined} />);
		await waitForFrame(lastFrame, 'emu');
		await press(stdin, keys.enter);
		const list = await waitForFrame(lastFrame, 'year.mmp');
		expect(flat(list)).toContain("Signing in with PACKPORT_PASSWORD from the environment; profile 'emu' also has a saved password (unset PACKPORT_PASSWORD to use it).");
		await press(stdin, keys.enter);
		const summary = flat(await waitForFrame(lastFrame, /Nothing imported|Import failed/));
		expect(summary).toContain('could not connect or sign in');
		expect(summary).toContain("Password used: PACKPORT_PASSWORD from the environment; profile 'emu' also has a saved password");
		expect(summary).not.toContain('exported-for-staging');
		unmount();
	});
});
