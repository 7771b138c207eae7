/** `packport packages` writes on a terminal without --yes: the question, then what the answer does (built CLI in a pty, emulator). */
import {afterEach, describe, expect, it} from 'vitest';
import {aepDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {startInPty} from '../helpers/pty.js';

let emulator: RunningEmulator;
afterEach(async () => emulator?.close());

const setUp = async () => {
	emulator = await startEmulator({port: 0, timing: {aepJobMs: 50}});
	const configDir = makeTempDir();
	const added = await runCli(
		[
			...['profiles', 'add', 'adobe', '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId],
			...['--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', '--client-secret-stdin'],
		],
		{env: {PACKPORT_CONFIG_DIR: configDir}, input: aepDemoCredentials.clientSecret},
	);
	expect(added.code, added.stderr).toBe(0);
	return configDir;
};

const deletes = () => (emulator.inspect().aep as Record<string, number>).deletes;

describe('packport packages on a terminal', () => {
	it('asks before a delete: "n" cancels (exit 130, nothing sent), "y" deletes', async () => {
		const configDir = await setUp();
		const question = /Delete package "Acme Release 03" \([0-9a-f]{32}, DRAFT\) from sandbox dev\? This cannot be undone\. \[y\/N\]/;
		const no = startInPty(['packages', 'delete', 'Acme Release 03', '--profile', 'adobe'], {env: {PACKPORT_CONFIG_DIR: configDir}, cols: 200});
		await no.waitForText(question);
		no.write('n\r');
		expect(await no.exited).toBe(130);
		expect(no.screen()).toContain('Error: Cancelled; nothing was sent to dev.');
		expect(deletes()).toBe(0);

		const yes = startInPty(['packages', 'delete', 'Acme Release 03', '--profile', 'adobe'], {env: {PACKPORT_CONFIG_DIR: configDir}, cols: 200});
		await yes.waitForText(question);
		yes.write('y\r');
		expect(await yes.exited).toBe(0);
		expect(yes.screen()).toMatch(/Package deleted: Acme Release 03 \([0-9a-f]{32}\)\. Adobe: Package [0-9a-f]{32} deleted/);
		expect(deletes()).toBe(1);
	});
});
