/** One emulator, one config folder and one profile per vendor, for the fault tests. */
import fs from 'node:fs';
import path from 'node:path';
import {expect} from 'vitest';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makeTempDir, runCli, type CliOptions} from '../helpers/cli.js';

export type FaultVendor = 'mstr' | 'vault' | 'aep';

export type FaultEnv = {
	emulator: RunningEmulator;
	configDir: string;
	work: string;
	/** `packport import` of the vendor's sample package, fast polls, --yes --json, plus extra flags. */
	importArgs(...extra: string[]): string[];
	run(args: string[], options?: CliOptions): ReturnType<typeof runCli>;
	state(): Record<string, number>;
};

const mstrProject = 'B19DEDCC11D4E0EFC000EB9495D0F44F';

export const startFaultEnv = async (vendor: FaultVendor, scenarios: string[], timing: Record<string, number> = {}): Promise<FaultEnv> => {
	const emulator = await startEmulator({port: 0, scenarios, timing: {mstrImportMs: 300, mstrReadyMs: 20, vaultJobMs: 300, vaultPollLimitMs: 40, aepJobMs: 300, ...timing}});
	const configDir = makeTempDir();
	const work = makeTempDir();
	const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
	if (vendor === 'mstr') fs.copyFileSync(path.join(fixtures, 'mstr/year.mmp'), path.join(work, 'year.mmp'));
	if (vendor === 'vault') fs.copyFileSync(path.join(fixtures, 'vault/multi-step.vpk'), path.join(work, 'multi-step.vpk'));
	const profileArgs = {
		mstr: ['--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', mstrProject, '--password-stdin'],
		vault: ['--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'],
		aep: ['--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId, '--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', '--target-sandbox', 'prod', '--client-secret-stdin'],
	}[vendor];
	const secret = {mstr: mstrDemoCredentials.password, vault: vaultDemoCredentials.password, aep: aepDemoCredentials.clientSecret}[vendor];
	const env = {PACKPORT_CONFIG_DIR: configDir};
	const added = await runCli(['profiles', 'add', 'p', '--vendor', vendor, ...profileArgs], {env, input: `${secret}\n`});
	expect(added.code, added.stderr).toBe(0);
	const packageRef = {mstr: path.join(work, 'year.mmp'), vault: path.join(work, 'multi-step.vpk'), aep: 'Loyalty Journeys'}[vendor];
	return {
		emulator,
		configDir,
		work,
		importArgs: (...extra) => ['import', '--profile', 'p', '--package', packageRef, '--poll-interval', '0.05', '--yes', '--json', ...extra],
		run: async (args, options = {}) => runCli(args, {...options, env: {...env, ...options.env}}),
		state: () => (emulator.inspect() as Record<FaultVendor, Record<string, number>>)[vendor],
	};
};
