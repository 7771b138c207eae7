/**
 * Where a secret comes from (design.md §2, issue 15 item 3): the profile-scoped variable
 * (`PACKPORT_PASSWORD_<PROFILE>`, `PACKPORT_CLIENT_SECRET_<PROFILE>`) wins first, so one shell holds
 * several profiles' secrets; the plain variable keeps winning over a saved secret (as GH_TOKEN does);
 * and every authentication error says which one was used.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {createHttp, mapHttpError} from '../../source/http/client.js';
import {createRedactor} from '../../source/http/redact.js';
import type {Profile} from '../../source/config/profile-types.js';
import type {SecretStore} from '../../source/config/secret-store.js';
import {profileSecretEnvVar, resolveSecret, withSecretSource} from '../../source/config/secrets.js';
import {PackportError} from '../../source/errors.js';
import {decodeMstrError} from '../../source/vendors/mstr/client.js';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {withServer} from '../helpers/local-server.js';

const memoryStore = (saved: Record<string, string>): SecretStore => ({
	get: name => saved[name],
	set() {},
	delete() {},
	savedNames: names => new Set(names.filter(name => name in saved)),
	kind: 'file',
	location: 'memory',
	mode: () => undefined,
});

const mstrProject = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
const prod: Profile = {name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin', loginMode: 1};

describe('resolveSecret', () => {
	it('names the profile-scoped variable: upper case, other characters as _', () => {
		expect(profileSecretEnvVar({name: 'prod', vendor: 'mstr'})).toBe('PACKPORT_PASSWORD_PROD');
		expect(profileSecretEnvVar({name: 'prod-eu.2', vendor: 'vault'})).toBe('PACKPORT_PASSWORD_PROD_EU_2');
		expect(profileSecretEnvVar({name: 'aep', vendor: 'aep'})).toBe('PACKPORT_CLIENT_SECRET_AEP');
	});

	it('first match wins: profile-scoped variable, variable, stdin, saved', () => {
		const store = memoryStore({prod: 'saved'});
		const all = {env: {PACKPORT_PASSWORD_PROD: 'scoped', PACKPORT_PASSWORD: 'general'}, stdinSecret: 'stdin', store};
		expect(resolveSecret(prod, all)).toMatchObject({secret: 'scoped', source: 'profile-env', variable: 'PACKPORT_PASSWORD_PROD'});
		expect(resolveSecret(prod, {...all, env: {PACKPORT_PASSWORD: 'general'}})).toMatchObject({secret: 'general', source: 'env', variable: 'PACKPORT_PASSWORD'});
		expect(resolveSecret(prod, {...all, env: {}})).toMatchObject({secret: 'stdin', source: 'stdin'});
		expect(resolveSecret(prod, {env: {}, store})).toMatchObject({secret: 'saved', source: 'saved'});
		expect(resolveSecret(prod, {env: {}, store: memoryStore({})})).toBeUndefined();
		// Another profile's variable is not this one's.
		expect(resolveSecret(prod, {env: {PACKPORT_PASSWORD_STAGE: 'other'}, store})).toMatchObject({secret: 'saved', source: 'saved'});
	});

	it('says where the secret came from, and that a saved one was passed over', () => {
		const store = memoryStore({prod: 'saved'});
		expect(resolveSecret(prod, {env: {PACKPORT_PASSWORD: 'x'}, store})?.words).toBe(
			"PACKPORT_PASSWORD from the environment; profile 'prod' also has a saved password (unset PACKPORT_PASSWORD to use it)",
		);
		expect(resolveSecret(prod, {env: {PACKPORT_PASSWORD: 'x'}, store: memoryStore({})})?.words).toBe('PACKPORT_PASSWORD from the environment');
		expect(resolveSecret(prod, {env: {PACKPORT_PASSWORD_PROD: 'x'}, store})?.words).toBe(
			"PACKPORT_PASSWORD_PROD from the environment; profile 'prod' also has a saved password (unset PACKPORT_PASSWORD_PROD to use it)",
		);
		expect(resolveSecret(prod, {env: {}, stdinSecret: 'x', store})?.words).toBe("--password-stdin; profile 'prod' also has a saved password (drop --password-stdin to use it)");
		expect(resolveSecret(prod, {env: {}, store})?.words).toBe("the password saved for profile 'prod'");
		const token = {...prod, loginMode: 4096};
		expect(resolveSecret(token, {env: {}, store})?.words).toBe("the API token saved for profile 'prod'");
	});

	it('a secret store that cannot be read does not stop the variable from being used', () => {
		const broken: SecretStore = {...memoryStore({}), savedNames() {
			throw new PackportError('usage', 'secrets.json is readable by others');
		}};
		expect(resolveSecret(prod, {env: {PACKPORT_PASSWORD: 'x'}, store: broken})).toMatchObject({secret: 'x', words: 'PACKPORT_PASSWORD from the environment'});
	});

	it('adds the source to authentication errors only, once', () => {
		const auth = new PackportError('auth', 'Login refused.', {hint: "Check the password of profile 'prod'."});
		const words = 'PACKPORT_PASSWORD from the environment';
		const once = withSecretSource(auth, prod, words);
		expect(once.hint).toBe("Check the password of profile 'prod'. Password used: PACKPORT_PASSWORD from the environment.");
		expect(once.exitCode).toBe(3);
		expect(withSecretSource(once, prod, words).hint).toBe(once.hint);
		const server = new PackportError('server', 'Import failed.', {hint: 'Try again.'});
		expect(withSecretSource(server, prod, words)).toBe(server);
	});

	it("http.ts's 401 hint names the source when given", async () => {
		const server = await withServer((_request, response) => {
			response.writeHead(401, {'content-type': 'application/json'}).end('{"code":"ERR009","message":"Login failed"}');
		});
		try {
			const redactor = createRedactor();
			const {client} = createHttp({vendor: 'mstr', prefixUrl: server.url, redactor});
			const context = {vendor: 'mstr' as const, redactor, decode: decodeMstrError, profile: 'prod', action: 'logging in'};
			const plain = await client.get('x').catch(error => mapHttpError(error, context));
			expect(plain.hint).toBe("Check the user name and password of profile 'prod'.");
			const named = await client.get('x').catch(error => mapHttpError(error, {...context, secretSource: 'PACKPORT_PASSWORD from the environment'}));
			expect(named.kind).toBe('auth');
			expect(named.hint).toBe("Check the user name and password of profile 'prod'. Password used: PACKPORT_PASSWORD from the environment.");
		} finally {
			await server.close();
		}
	});
});

describe('the CLI against the emulator', () => {
	let emulator: RunningEmulator;
	let work: string;
	const env = (extra: Record<string, string> = {}) => ({PACKPORT_CONFIG_DIR: path.join(work, 'config'), PACKPORT_SECRET_STORE: 'file', ...extra});

	// One config for the file: the tests only read it, except the last one, which changes prod's saved password.
	beforeAll(async () => {
		emulator = await startEmulator({timing: {mstrReadyMs: 50, mstrImportMs: 0, vaultJobMs: 0, vaultPollLimitMs: 0, aepJobMs: 0}});
		work = makeTempDir('packport-secret-source-');
		fs.copyFileSync(path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp'), path.join(work, 'year.mmp'));
		const adds = await Promise.all([
			runCli(['profiles', 'add', 'prod', '--vendor', 'mstr', '--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', mstrProject, '--password-stdin'], {env: env(), input: mstrDemoCredentials.password}),
			runCli(['profiles', 'add', 'vlt', '--vendor', 'vault', '--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'], {env: env(), input: vaultDemoCredentials.password}),
			runCli(['profiles', 'add', 'aep', '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId, '--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', '--target-sandbox', 'prod', '--client-secret-stdin'], {env: env(), input: aepDemoCredentials.clientSecret}),
		]);
		for (const add of adds) expect(add.code, add.stderr).toBe(0);
	});

	afterAll(async () => {
		await emulator?.close();
		if (work) fs.rmSync(work, {recursive: true, force: true});
	});

	const importProd = (extra: Record<string, string>, flags: string[] = []) =>
		runCli(['import', '--profile', 'prod', '--package', './year.mmp', '--yes', '--no-undo', '--poll-interval', '0.1', ...flags], {env: env(extra), cwd: work});

	it('PACKPORT_PASSWORD wins over the saved password, and the auth error says so', async () => {
		const run = await importProd({PACKPORT_PASSWORD: 'meant-for-another-profile'});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain("Password used: PACKPORT_PASSWORD from the environment; profile 'prod' also has a saved password (unset PACKPORT_PASSWORD to use it).");
		const json = await importProd({PACKPORT_PASSWORD: 'meant-for-another-profile'}, ['--json']);
		expect(json.code).toBe(3);
		expect(JSON.parse(json.stdout).error.hint).toContain('Password used: PACKPORT_PASSWORD from the environment;');
	});

	it('the profile-scoped variable wins over PACKPORT_PASSWORD: one shell, several profiles', async () => {
		const run = await importProd({PACKPORT_PASSWORD: 'meant-for-another-profile', PACKPORT_PASSWORD_PROD: mstrDemoCredentials.password});
		expect(run.code, run.stderr).toBe(0);
		const wrong = await importProd({PACKPORT_PASSWORD_PROD: 'typo', PACKPORT_PASSWORD: mstrDemoCredentials.password});
		expect(wrong.code).toBe(3);
		expect(wrong.stderr).toContain('Password used: PACKPORT_PASSWORD_PROD from the environment;');
	});

	it('Adobe: PACKPORT_CLIENT_SECRET_<PROFILE> is used and named', async () => {
		const run = await runCli(['import', '--profile', 'aep', '--package', 'Acme Release 01', '--yes', '--poll-interval', '0.1'], {env: env({PACKPORT_CLIENT_SECRET_AEP: 'wrong'}), cwd: work});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain("Client secret used: PACKPORT_CLIENT_SECRET_AEP from the environment; profile 'aep' also has a saved client secret");
	});

	it('packport status names the source on a refused sign-in', async () => {
		const run = await runCli(['status', '--profile', 'vlt', '--job', '12345'], {env: env({PACKPORT_PASSWORD: 'wrong'}), cwd: work});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain("Password used: PACKPORT_PASSWORD from the environment; profile 'vlt' also has a saved password");
	});

	it('a wrong saved password is named as the saved one', async () => {
		const changed = await runCli(['profiles', 'add', 'prod', '--vendor', 'mstr', '--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', mstrProject, '--password-stdin'], {env: env(), input: 'stale'});
		expect(changed.code, changed.stderr).toBe(0);
		const run = await importProd({});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain("Password used: the password saved for profile 'prod'.");
	});
});
