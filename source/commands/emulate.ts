import fs from 'node:fs';
import path from 'node:path';
import {aepDemoCredentials, mstrDemoCredentials, scenarioCatalog, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../emulator/index.js';
import {aepSourceSandbox, aepTargetSandboxes} from '../emulator/aep/data.js';
import {mstrProjects} from '../emulator/mstr/routes.js';
import {usageError} from '../errors.js';
import type {CommandContext} from './context.js';

/** The project the printed MicroStrategy profile names (the demo's). */
const demoProject = mstrProjects.find(project => project.name === 'Demo Project') ?? mstrProjects[0]!;
/** An Adobe package of the emulator's org that imports cleanly. */
const demoAepPackage = 'Acme Release 01';

/** A shell word as typed: bare when safe, else in single quotes. */
const quote = (value: string): string => (/^[\w./:=@%+,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);

/** What `--json` prints: the base URLs (as before) and the demo accounts. */
export const emulatorCredentials = () => ({
	mstr: {...mstrDemoCredentials, projectId: demoProject.id},
	vault: {...vaultDemoCredentials},
	aep: {...aepDemoCredentials, sandbox: aepSourceSandbox, targetSandboxes: [...aepTargetSandboxes]},
});

/** The `profiles add` lines that work against this emulator as printed (one line each, for copy and paste). */
export const emulatorProfileLines = (urls: RunningEmulator['urls']): string[] => [
	`echo ${mstrDemoCredentials.password} | packport profiles add emu-mstr --vendor mstr --url ${urls.mstr} --username ${mstrDemoCredentials.username} --project-id ${demoProject.id} --password-stdin`,
	`echo ${vaultDemoCredentials.password} | packport profiles add emu-vault --vendor vault --url ${urls.vault} --username ${vaultDemoCredentials.username} --password-stdin`,
	`echo ${aepDemoCredentials.clientSecret} | packport profiles add emu-aep --vendor aep --url ${urls.aep} --ims-url ${urls.ims} ` +
		`--client-id ${aepDemoCredentials.clientId} --org-id ${aepDemoCredentials.orgId} --sandbox ${aepSourceSandbox} --target-sandbox ` +
		`${aepTargetSandboxes[0]} --client-secret-stdin`,
];

/** The human block `packport emulate` prints unless --json. */
export const emulatorBlock = (
	emulator: Pick<RunningEmulator, 'port' | 'urls'>,
	{scenarios, portGiven, installDir}: {scenarios: string[]; portGiven: boolean; installDir: string},
): string => {
	const {urls} = emulator;
	const samples = [path.join(installDir, 'fixtures', 'mstr', 'year.mmp'), path.join(installDir, 'fixtures', 'vault', 'small.vpk')].filter(file =>
		fs.existsSync(file),
	);
	const lines = [
		`packport emulator on ${urls.ims} (MicroStrategy, Veeva Vault, Adobe). Ctrl-C to stop.`,
		'',
		`MicroStrategy  ${urls.mstr}`,
		`  ${'standard (--login-mode 1)'.padEnd(30)}user ${mstrDemoCredentials.username}, password ${mstrDemoCredentials.password}`,
		`  ${'LDAP (--login-mode 16)'.padEnd(30)}user ${mstrDemoCredentials.ldapUsername}, password ${mstrDemoCredentials.ldapPassword}`,
		`  ${'API token (--login-mode 4096)'.padEnd(30)}${mstrDemoCredentials.apiToken}`,
		`  ${'projects (--project-id)'.padEnd(30)}${mstrProjects.map(project => `${project.id} (${project.name})`).join(', ')}`,
		`Veeva Vault    ${urls.vault}`,
		`  user ${vaultDemoCredentials.username}, password ${vaultDemoCredentials.password}`,
		`Adobe AEP      ${urls.aep}   IMS (--ims-url) ${urls.ims}`,
		`  client id ${aepDemoCredentials.clientId}, client secret ${aepDemoCredentials.clientSecret}`,
		`  org id ${aepDemoCredentials.orgId}, sandboxes ${aepSourceSandbox} (source), ${aepTargetSandboxes.join(', ')}`,
		'',
		'Profiles that work against it (each saves its secret; pick your own names):',
		...emulatorProfileLines(urls).map(line => `  ${line}`),
		'Then, for example:',
		...(samples.length > 0 ? [`  cp ${samples.map(file => quote(file)).join(' ')} .`] : []),
		...(samples.some(file => file.endsWith('.mmp')) ? ['  packport import --profile emu-mstr --package ./year.mmp --yes'] : []),
		...(samples.some(file => file.endsWith('.vpk')) ? ['  packport import --profile emu-vault --package ./small.vpk --yes'] : []),
		`  packport import --profile emu-aep --package ${quote(demoAepPackage)} --yes`,
		...(portGiven
			? []
			: [`These URLs hold for this run only (a free port was picked): start with --port ${emulator.port} to keep the profiles working next time.`]),
		'',
		scenarios.length === 0
			? 'Scenarios: none (add --scenario NAME; an unknown name lists them all).'
			: `Scenarios:\n${scenarios.map(name => `  ${name}: ${scenarioCatalog[name] ?? ''}`).join('\n')}`,
		'Requests are logged on stderr. Ctrl-C to stop.',
	];
	return `${lines.join('\n')}\n`;
};

/** `packport emulate`: serves the vendor APIs on loopback until Ctrl-C. */
export const runEmulateCommand = async ({io}: CommandContext, flags: {port?: string; scenario: string[]; json?: boolean}): Promise<number> => {
	const port = flags.port === undefined ? 0 : Number(flags.port);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw usageError(`--port ${flags.port} is not a port number.`, 'Use 0 (any free port) to 65535.');
	let emulator;
	try {
		emulator = await startEmulator({port, scenarios: flags.scenario, log: line => io.writeError(`${line}\n`)});
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
		throw usageError(
			inUse ? `Port ${port} is in use.` : message,
			inUse ? 'Pick another --port, or leave it out for a free one.' : 'Leave the --scenario out, or use one of the known names listed.',
		);
	}

	io.write(
		flags.json
			? `${JSON.stringify({port: emulator.port, urls: emulator.urls, scenarios: flags.scenario, credentials: emulatorCredentials()})}\n`
			: emulatorBlock(emulator, {scenarios: flags.scenario, portGiven: flags.port !== undefined && port !== 0, installDir: io.installDir}),
	);
	await new Promise<void>(resolve => {
		if (io.signal.aborted) resolve();
		io.signal.addEventListener('abort', () => resolve(), {once: true});
	});
	await emulator.close();
	return 0;
};
