/**
 * The sha256 in --json and history is the package's, computed while it is uploaded (issue 15):
 * Vault and MicroStrategy, through the built CLI against the emulator. A package that never left
 * the machine (a refused sign-in) has none: nothing claims a hash of bytes that were not sent.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const projectId = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
let emulator: RunningEmulator | undefined;
afterEach(async () => emulator?.close());

const vendors = {
	vault: {fixture: 'vault/multi-step.vpk', credentials: vaultDemoCredentials, fields: (url: string) => ['--url', url, '--username', vaultDemoCredentials.username], extra: []},
	mstr: {fixture: 'mstr/year.mmp', credentials: mstrDemoCredentials, fields: (url: string) => ['--url', url, '--username', mstrDemoCredentials.username, '--project-id', projectId], extra: ['--no-undo']},
} as const;

const setUp = async (vendor: keyof typeof vendors) => {
	emulator = await startEmulator({port: 0, timing: {vaultJobMs: 50, vaultPollLimitMs: 10, mstrReadyMs: 20, mstrImportMs: 50}});
	const configDir = makeTempDir();
	const work = makeTempDir();
	const file = path.join(work, path.basename(vendors[vendor].fixture));
	fs.copyFileSync(path.join(fixtures, vendors[vendor].fixture), file);
	const added = await runCli(['profiles', 'add', 'p', '--vendor', vendor, ...vendors[vendor].fields(emulator.urls[vendor])], {env: {PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'file'}});
	expect(added.code, added.stderr).toBe(0);
	const importIt = async (password: string) =>
		runCli(['import', '--profile', 'p', '--package', file, '--yes', '--json', '--poll-interval', '0.05', ...vendors[vendor].extra], {
			env: {PACKPORT_CONFIG_DIR: configDir, PACKPORT_SECRET_STORE: 'file', PACKPORT_PASSWORD: password},
		});
	const history = async () => JSON.parse((await runCli(['history', '--json'], {env: {PACKPORT_CONFIG_DIR: configDir}})).stdout) as Array<{sha256: string | null; outcome: string}>;
	return {file, importIt, history};
};

for (const vendor of ['vault', 'mstr'] as const) {
	it(`${vendor}: --json and history carry the sha256 of the package that was sent`, async () => {
		const {file, importIt, history} = await setUp(vendor);
		const expected = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
		const run = await importIt(vendors[vendor].credentials.password);
		expect(run.code, run.stderr).toBe(0);
		expect(JSON.parse(run.stdout).package).toMatchObject({path: file, sha256: expected});
		expect((await history()).at(-1)).toMatchObject({outcome: 'imported', sha256: expected});
	});
}

it('a refused sign-in: the package was never sent, and no sha256 is claimed for it', async () => {
	const {file, importIt} = await setUp('mstr');
	const run = await importIt('not-the-password');
	expect(run.code).toBe(3);
	const result = JSON.parse(run.stdout);
	expect(result.package).toEqual({path: file, bytes: fs.statSync(file).size});
});
