/**
 * `packport import` for MicroStrategy against a server that answers only with what MicroStrategy
 * publishes (fixtures/vendor-samples/mstr): the import page, the package pages, the errors page,
 * the REST playground's samples — with the statuses in upper case (the docs) and lower case (older
 * servers). The built CLI runs as a child process; every request is checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {servedBody, withEdits, type Answer, type Recorded, type ReplayServer} from '../helpers/replay-server.js';
import {definition, importStatus, notFound, projectId, replayPassword, serverError, startMstrReplay, unauthorized, yearId, type Case} from './mstr-samples.js';

let server: ReplayServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const fixture = path.resolve(import.meta.dirname, '../../fixtures/mstr/year.mmp');

/** A copy of the package in a temp folder, so the undo package lands there. */
const workPackage = () => {
	const work = makeTempDir();
	const file = path.join(work, 'year.mmp');
	fs.copyFileSync(fixture, file);
	return file;
};

const run = async (configDir: string, file: string, ...extra: string[]) => {
	const poll = extra.includes('--poll-interval') ? [] : ['--poll-interval', '0.05'];
	const result = await runCli(['import', '--profile', 'replay', '--package', file, '--yes', '--json', ...poll, ...extra], {env: {PACKPORT_CONFIG_DIR: configDir}});
	return {...result, json: result.stdout ? JSON.parse(result.stdout) : undefined};
};

const calls = (method: string, template: string) => server!.calls(method, template);
const byRoute = () => server!.log.map(entry => `${entry.method} ${entry.route ?? entry.path}`);

describe.each(['upper', 'lower'] as Case[])('MicroStrategy, replayed from the published samples (%s-case statuses)', statusCase => {
	it('imports the package: sign-in, holder, upload, definition, import, undo package, cleanup; exit 0', async () => {
		const started = await startMstrReplay({statusCase});
		server = started.server;
		const file = workPackage();
		const {code, json, stderr} = await run(started.configDir, file);
		expect(code, stderr).toBe(0);
		expect(json).toMatchObject({ok: true, status: 'imported', undoPackage: path.join(path.dirname(file), 'year.undo.mmp')});
		// The undo package is the playground's published bytes, as sent.
		expect(fs.readFileSync(json.undoPackage).toString('base64')).toBe((servedBody(await import('./mstr-samples.js').then(module => module.undoBinary)) as {$base64: string}).$base64);
		expect(json.details.objects).toEqual([{id: yearId, name: 'Year', type: 12, typeName: 'Attribute', action: 'replace'}]);
		expect(byRoute()).toEqual([
			'POST /api/auth/login',
			'POST /api/packages',
			'PUT /api/packages/{packageId}/binary',
			'GET /api/packages/{packageId}',
			'GET /api/packages/{packageId}',
			// The session checked before the import (mstrio's keep-alive; no sample, so the replay says 404).
			'PUT /MicroStrategyLibrary/api/sessions',
			'POST /api/packages/imports',
			'GET /api/packages/imports/{importId}',
			'GET /api/packages/imports/{importId}/undoPackage/binary',
			'DELETE /api/packages/imports/{importId}',
			'DELETE /api/packages/{packageId}',
			'POST /api/auth/logout',
		]);
		const [signIn] = calls('POST', '/api/auth/login');
		expect(signIn!.json).toEqual({username: 'administrator', password: replayPassword, loginMode: 1});
		for (const entry of server.log.slice(1)) {
			// Every call after the sign-in carries the published token and the session cookie.
			expect(entry.headers['x-mstr-authtoken']).toBe('qjtu5qongu8ev62su8nnnm3bco');
			expect(entry.headers.cookie).toBe('JSESSIONID=3AD87246016156A33D2501785CEAE3DF');
		}

		const [importCall] = calls('POST', '/api/packages/imports');
		expect(importCall!.headers).toMatchObject({'x-mstr-projectid': projectId, prefer: 'respond-async'});
		expect(Object.fromEntries(importCall!.query)).toEqual({packageId: 'QjE5REVEQ0MxMUQ0RTBFRkMwMDBFQjk0OTVEMEY0NEY6MzY3NDRCQjUxQjRDMTRDOENERTBDQUE4MTRGQUEzOTE=', generateUndo: 'true'});
	});
});

describe('MicroStrategy sign-in, actions, undo and errors on the published samples', () => {
	it('API-token sign-in (login mode 4096): the token goes in username and nothing else; no user name asked', async () => {
		const started = await startMstrReplay({profileArgs: ['--login-mode', '4096']});
		server = started.server;
		const {code, stderr} = await run(started.configDir, workPackage());
		expect(code, stderr).toBe(0);
		expect(calls('POST', '/api/auth/login')[0]!.json).toEqual({username: replayPassword, loginMode: 4096});
	});

	it('a token profile given a user name: a note, not an error; the name is not kept', async () => {
		const started = await startMstrReplay({profileArgs: ['--login-mode', '4096', '--username', 'admin']});
		server = started.server;
		expect(started.addNote).toContain('Note: With an API token (login mode 4096) MicroStrategy takes the token alone; the user name "admin" is not used and was not saved.');
		const shown = await runCli(['profiles', 'show', 'replay', '--json'], {env: {PACKPORT_CONFIG_DIR: started.configDir}});
		expect(JSON.parse(shown.stdout).username).toBeUndefined();
	});

	it('an action change the server answers but does not make (the published definition still says replace): exit 1 ACTIONS_NOT_APPLIED, nothing imported', async () => {
		const started = await startMstrReplay();
		server = started.server;
		const {code, json} = await run(started.configDir, workPackage(), '--action', `${yearId}=use_existing`);
		expect(code).toBe(1);
		expect(json.error.code).toBe('ACTIONS_NOT_APPLIED');
		expect(json.error.message).toBe(`MicroStrategy answered the action change but did not make it for 1 object: Year (${yearId}): asked use_existing, the server keeps replace. Nothing was imported.`);
		// Only what changed, only fields the package carries: no settings, no top-level type, no includeDependents.
		expect(calls('PUT', '/api/packages/{packageId}')[0]!.json).toEqual({content: [{id: yearId, type: 12, action: 'use_existing'}]});
		expect(calls('POST', '/api/packages/imports')).toHaveLength(0);
		// The result reports the server's actions, not the ones asked for.
		expect(json.details.objects[0].action).toBe('replace');
	});

	it('a row without an action follows the default action; a default change the server makes is read back and imported', async () => {
		const noAction = withEdits(definition, {path: 'content.0.action', value: undefined, why: 'a dependent row carries no action (mstrio: it follows settings.defaultAction)'});
		let defaultNow = 'replace';
		const started = await startMstrReplay({
			overrides: {
				'GET /api/packages/{packageId}': (): Answer => {
					const body = servedBody(noAction) as {settings: {defaultAction: string}};
					body.settings.defaultAction = defaultNow;
					return {status: 200, body};
				},
				// The server makes the change (the replay plays a server that accepts it on an uploaded holder).
				'PUT /api/packages/{packageId}': (request: Recorded): Answer => {
					defaultNow = (request.json as {settings?: {defaultAction?: string}}).settings?.defaultAction ?? defaultNow;
					return {status: 202, body: servedBody(withEdits(definition, {path: 'status', value: 'PROCESSING', why: 'the update answer'}))};
				},
			},
		});
		server = started.server;
		const {code, json, stderr} = await run(started.configDir, workPackage(), '--default-action', 'use_existing');
		expect(code, stderr).toBe(0);
		expect(calls('PUT', '/api/packages/{packageId}')[0]!.json).toEqual({settings: {defaultAction: 'use_existing'}, content: []});
		expect(json.details.objects[0].action).toBe('use_existing');
	});

	it('the undo flag seconds after IMPORTED: packport waits for it, saves the undo package, then cleans up', async () => {
		// The flag trails IMPORTED by 1.5 s: many polls at --poll-interval 0.05, so giving up early or
		// cleaning up before it comes would show, without the 10 s the test once spent waiting.
		const lagMs = 1500;
		let importedAt: number | undefined;
		let lateAnswers = 0;
		const started = await startMstrReplay({
			overrides: {
				'GET /api/packages/imports/{importId}': (): Answer => {
					importedAt ??= Date.now();
					const late = Date.now() - importedAt < lagMs;
					if (late) lateAnswers++;
					return {status: 200, body: servedBody(withEdits(importStatus, {path: 'undoPackageCreated', value: !late, why: 'the flag trails IMPORTED'}))};
				},
				'POST /api/packages/imports': (): Answer => ({status: 202, body: {...(servedBody(importStatus) as object), undoPackageCreated: false}}),
			},
		});
		server = started.server;
		const {code, json} = await run(started.configDir, workPackage());
		expect(code).toBe(0);
		expect(json.undoPackage).toMatch(/year\.undo\.mmp$/);
		expect(lateAnswers).toBeGreaterThan(3);
		const routes = byRoute();
		expect(routes.indexOf('GET /api/packages/imports/{importId}/undoPackage/binary')).toBeLessThan(routes.indexOf('DELETE /api/packages/imports/{importId}'));
	}, 30_000);

	it('the import refused with subErrors: the objects named, the ticket kept, exit 1, nothing imported', async () => {
		const refusal = withEdits(
			serverError,
			{path: 'code', value: 'ERR001', why: 'the playground sample has placeholders ("string", 0); realistic values in their place'},
			{path: 'message', value: 'The import failed for 2 objects', why: 'placeholder'},
			{path: 'iServerCode', value: -2147072488, why: 'placeholder'},
			{path: 'ticketId', value: 'c3f1a0b2d4e5f60718293a4b5c6d7e8f', why: 'placeholder'},
			{path: 'subErrors.0.message', value: 'Object is locked by another user', why: 'placeholder'},
			{path: 'subErrors.0.iServerCode', value: -2147216373, why: 'placeholder'},
			{path: 'subErrors.0.additionalProperties.objectId', value: yearId, why: 'placeholder'},
			{path: 'subErrors.0.additionalProperties.objectName', value: 'Year', why: 'placeholder'},
		);
		const started = await startMstrReplay({overrides: {'POST /api/packages/imports': refusal}});
		server = started.server;
		const {code, json} = await run(started.configDir, workPackage());
		expect(code).toBe(1);
		expect(json.error.message).toContain(`The import failed for 2 objects (I-Server code -2147072488) Objects: Year (${yearId}): Object is locked by another user [I-Server -2147216373].`);
		expect(json.error.message).toContain('(ticket c3f1a0b2d4e5f60718293a4b5c6d7e8f)');
		expect(json.status).toBe('failed');
	});

	it('a session that expired during the review: refused at the import call, "nothing was imported", exit 3', async () => {
		const started = await startMstrReplay({overrides: {'POST /api/packages/imports': unauthorized}});
		server = started.server;
		const {code, json} = await run(started.configDir, workPackage());
		expect(code).toBe(3);
		expect(json.error.message).toContain('nothing was imported');
		expect(json.error.message).not.toContain('outcome is unknown');
	});

	it('a server without the package API (404 ERR004): says which version is needed', async () => {
		const started = await startMstrReplay({overrides: {'POST /api/packages': notFound}});
		server = started.server;
		const {code, json} = await run(started.configDir, workPackage());
		expect(code).toBe(1);
		expect(json.error.message).toBe('This Intelligence Server has no package API (ERR004): importing packages over REST needs MicroStrategy 2021 Update 2 or newer.');
	});

	it('packport undo: the saved undo package imported again, without an undo package of its own', async () => {
		const started = await startMstrReplay();
		server = started.server;
		const first = await run(started.configDir, workPackage());
		expect(first.code).toBe(0);
		expect(first.json.runId).toMatch(/^[0-9a-f-]{36}$/);
		const history = await runCli(['history'], {env: {PACKPORT_CONFIG_DIR: started.configDir}});
		expect(history.stdout).toContain(`undo: ${first.json.undoPackage} (packport undo --profile replay --run ${first.json.runId.slice(0, 8)})`);
		server.log.length = 0;
		const undo = await runCli(['undo', '--profile', 'replay', '--run', first.json.runId.slice(0, 8), '--yes', '--json', '--poll-interval', '0.05'], {env: {PACKPORT_CONFIG_DIR: started.configDir}});
		expect(undo.code, undo.stderr).toBe(0);
		const result = JSON.parse(undo.stdout);
		expect(result).toMatchObject({status: 'imported', package: {path: first.json.undoPackage}, rollbackOf: first.json.runId, undoPackage: null});
		expect(calls('POST', '/api/packages/imports')[0]!.query.get('generateUndo')).toBe('false');
		expect(undo.stderr).toContain(`Rolling back run ${first.json.runId.slice(0, 8)}`);
	});
});
