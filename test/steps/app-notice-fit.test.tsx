/**
 * The App shows a notice under the screen ("Signing in with PACKPORT_PASSWORD from the
 * environment…"): the screen gives up the rows the notice takes, so the two together still fit the
 * terminal — a long package list at 60×20 keeps its title, selected row and keys on screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {textWidth} from '../../source/components/text-width.js';
import {createHistoryStore} from '../../source/config/history.js';
import {createProfileStore} from '../../source/config/profiles.js';
import {createWizardServices} from '../../source/wizard/create-services.js';
import {makeTempDir} from '../helpers/cli.js';
import {waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';
import {renderAt, type Sized} from '../components/sized-render.js';

let shown: Sized | undefined;
afterEach(() => shown?.unmount());

it('a notice under a long package list at 60×20: the whole frame fits', async () => {
	const work = makeTempDir();
	for (let index = 1; index <= 30; index++) fs.writeFileSync(path.join(work, `release-${index}.mmp`), 'PK');
	const store = createProfileStore(path.join(work, 'config'));
	store.save({name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin', projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F', loginMode: 1});
	store.secrets.set('prod', 'saved-password');
	// Exported for another profile, say: the wizard says it signs in with it.
	const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {PACKPORT_PASSWORD: 'from-env'}, cwd: work, packageFolders: [], signal: new AbortController().signal});
	shown = renderAt(<App services={services} />, {columns: 60, rows: 20});
	await waitForFrame(shown.lastFrame, '❯ prod');
	shown.stdin.write(keys.enter);
	await waitForFrame(shown.lastFrame, '❯ release-1.mmp');
	shown.stdin.write(keys.up);
	// The list's last row (↑ from the top wraps to it): promote, as MicroStrategy can take a package from another environment.
	const frame = (await waitForFrame(shown.lastFrame, frame => /^❯ ⇄ Promote from another environment…/m.test(frame) && frame.includes('Signing in with'))).replace(/\n+$/, '');
	const lines = frame.split('\n');
	const report = `\n${frame}\n`;
	expect(lines.filter(line => textWidth(line) > 60), report).toEqual([]);
	expect(lines.length, report).toBeLessThan(20);
	expect(lines[0], report).toContain('Choose the package to import into prod');
	expect(frame, report).toContain('enter choose');
	expect(frame.replaceAll('\n', ' '), report).toContain('Signing in with PACKPORT_PASSWORD');
});
