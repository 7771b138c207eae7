/**
 * The wizard's Adobe screens on Adobe's own samples: the page's package list (two packages named
 * "acme"), its conflicts (artifacts without titles, MAPPING_SET suggestions titled ""), and the
 * import to its end, over real HTTP against the replay server.
 */
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {createHistoryStore} from '../../source/config/history.js';
import {createProfileStore} from '../../source/config/profiles.js';
import {createWizardServices} from '../../source/wizard/create-services.js';
import {makeTempDir} from '../helpers/cli.js';
import {press, waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';
import type {ReplayServer} from '../helpers/replay-server.js';
import {startAepReplay} from './aep-samples.js';

let server: ReplayServer | undefined;
afterEach(async () => server?.close());

describe('the wizard on Adobe samples', () => {
	it('shows both packages named "acme" apart, labels conflicts by type and short id, and imports', async () => {
		const started = await startAepReplay();
		server = started.server;
		const store = createProfileStore(started.configDir);
		const services = createWizardServices({store, history: createHistoryStore(store.configDir), env: {}, cwd: makeTempDir(), packageFolders: [], signal: new AbortController().signal, pollIntervalMs: 50});
		const {lastFrame, stdin, unmount} = render(<App services={services} />);
		await waitForFrame(lastFrame, 'replay');
		await press(stdin, keys.enter);

		const list = await waitForFrame(lastFrame, 'published 2023-05-31');
		// Rows start with the selection mark (❯, or two spaces), which TERM=dumb still shows.
		const rows = list.split('\n').filter(line => /^(❯| ) acme/.test(line));
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatch(/^❯ acme\s+2 artifacts\s+published 2023-06-01\s+expires 2100-01-01/);
		expect(rows[1]).toMatch(/^ {2}acme\s+1 artifact\s+published 2023-05-31\s+expires 2100-01-01/);
		expect(list).toContain('Id: 8f585fad94d042cd82dbcba594108a41');
		await press(stdin, keys.down);
		await waitForFrame(lastFrame, 'Id: 0d7e427ce4cb4dc1b78e30ef61b125c1');
		await press(stdin, keys.up);
		await waitForFrame(lastFrame, 'Id: 8f585fad94d042cd82dbcba594108a41');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Import into: poc');
		await press(stdin, keys.enter);

		// Adobe's conflict artifacts have no title: each row is its type and a short id, never a bare
		// number; the selected row's dependency tree (the page's children sample) then names it.
		const review = await waitForFrame(lastFrame, '└ REGISTRY_CLASS Dean Dataset 1 - Adhoc class - 1618950408870');
		expect(review).toContain('Conflicts of acme in sandbox poc: 3 objects already there');
		expect(review).toMatch(/Dependencies:\s*\n\s*└ REGISTRY_CLASS Dean Dataset 1 - Adhoc class - 1618950408870\n\n/);
		// The title is cut to the column's width (which depends on the terminal), keeping its short id.
		expect(review).toMatch(/ REGISTRY_SCHEMA\s+Dean Dataset 1 - adho[^(\n]*… \(20121c21…\)\s+◀ create new ▶/);
		expect(review).toMatch(/ REGISTRY_CLASS\s+24c1525f…\s+create new/);
		expect(review).toMatch(/ MAPPING_SET\s+4d4c874e…\s+create new/);
		expect(review).toContain('Suggestions: #1 Dean Dataset 1 - adhoc schema - 1618950408870_1686403052050 (176f33f6…) · #2');
		await press(stdin, keys.down, keys.down);
		const mapping = await waitForFrame(lastFrame, 'Selected: 4d4c874ec3344d64bf8b3160e60ac78b');
		expect(mapping).toContain('Suggestions: #1 6b49c959… · #2 7b363da9… · #3 93ca0b4f…');
		expect(mapping).not.toMatch(/#1 · #2/);
		await press(stdin, keys.right);
		const chosen = await waitForFrame(lastFrame, '1 substituted · 2 created new');
		expect(chosen).toMatch(/\* MAPPING_SET\s+4d4c874e…\s+◀ #1 6b49c959… ▶/);
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Ready to import');
		await press(stdin, keys.enter);
		const summary = await waitForFrame(lastFrame, 'Repeat headless');
		expect(summary).toContain('✔ Imported');
		const submit = server.log.find(entry => entry.method === 'POST' && entry.path.endsWith('/packages/import'));
		expect((submit?.json as {alternatives: unknown}).alternatives).toEqual({'4d4c874ec3344d64bf8b3160e60ac78b': {id: '6b49c959d77c48e9904f7616fe2e7848', type: 'MAPPING_SET'}});
		unmount();
	});
});
