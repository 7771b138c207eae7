/** The MicroStrategy emulator speaks the documented API, traps included, over real HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {mstrDemoCredentials, startEmulator, type EmulatorOptions, type RunningEmulator} from '../../source/emulator/index.js';
import {readMmpDefinition} from '../../source/packages/mmp-format.js';

const project = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
const fixture = (name: string) => new Blob([fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/mstr', name))]);
const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
let emulator: RunningEmulator | undefined;
let api: string;

const start = async (options: EmulatorOptions = {}) => {
	emulator = await startEmulator({port: 0, ...options, timing: {mstrImportMs: 100, mstrReadyMs: 0, ...options.timing}});
	api = `${emulator.urls.mstr}/api`;
	return emulator;
};

afterEach(async () => {
	await emulator?.close();
	emulator = undefined;
});

type Headers = Record<string, string>;

const postLogin = async (body: unknown, contentType = 'application/json') =>
	fetch(`${api}/auth/login`, {method: 'POST', headers: {'content-type': contentType}, body: typeof body === 'string' ? body : JSON.stringify(body)});

/** Signs in (standard by default) and returns the headers every later call needs. */
const login = async (body: Record<string, unknown> = {username: mstrDemoCredentials.username, password: mstrDemoCredentials.password, loginMode: 1}, withProject = true): Promise<Headers> => {
	const response = await postLogin(body);
	expect(response.status, await response.clone().text()).toBe(204);
	const token = response.headers.get('x-mstr-authtoken')!;
	const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
	return {'x-mstr-authtoken': token, cookie, ...(withProject ? {'x-mstr-projectid': project} : {})};
};

const json = async (response: Response) => (await response.json()) as Record<string, any>;
const holderUrl = (id: string) => `${api}/packages/${encodeURIComponent(id)}`;
const importUrl = (id: string) => `${api}/packages/imports/${encodeURIComponent(id)}`;
const asyncHeaders = (headers: Headers) => ({...headers, prefer: 'respond-async'});

const createHolder = async (headers: Headers) => {
	const response = await fetch(`${api}/packages`, {method: 'POST', headers});
	expect(response.status).toBe(201);
	return json(response);
};

const upload = async (headers: Headers, id: string, name: string, blob = fixture(name)) => {
	const form = new FormData();
	form.set('file', blob, name);
	return fetch(`${holderUrl(id)}/binary`, {method: 'PUT', headers, body: form});
};

const definitionOf = async (headers: Headers, id: string) => json(await fetch(`${holderUrl(id)}?showContent=true`, {headers}));

/** Polls the holder until it leaves PROCESSING (any case). */
const settledHolder = async (headers: Headers, id: string) => {
	for (let attempt = 0; attempt < 200; attempt++) {
		const body = await definitionOf(headers, id);
		if (String(body.status).toLowerCase() !== 'processing') return body;
		await sleep(10);
	}

	throw new Error('the holder stayed processing');
};

const uploaded = async (name = 'year.mmp', headers?: Headers) => {
	const session = headers ?? (await login());
	const holder = await createHolder(session);
	expect((await upload(session, holder.id, name)).status).toBe(200);
	return {headers: session, id: holder.id as string};
};

const startImport = async (headers: Headers, holderId: string, generateUndo = true) =>
	fetch(`${api}/packages/imports?packageId=${encodeURIComponent(holderId)}&generateUndo=${generateUndo}`, {method: 'POST', headers: asyncHeaders(headers)});

/** Polls the import until it leaves PROCESSING (any case). */
const settledImport = async (headers: Headers, id: string) => {
	for (let attempt = 0; attempt < 200; attempt++) {
		const body = await json(await fetch(importUrl(id), {headers}));
		if (String(body.status).toLowerCase() !== 'processing') return body;
		await sleep(10);
	}

	throw new Error('the import stayed processing');
};

const putDefinition = async (headers: Headers, id: string, body: unknown) =>
	fetch(holderUrl(id), {method: 'PUT', headers: {...asyncHeaders(headers), 'content-type': 'application/json'}, body: JSON.stringify(body)});

/** The error envelope of the samples: `code`, `message`, a `ticketId` (32 hex). */
const envelope = (code: string, extra: Record<string, unknown> = {}) => ({code, message: expect.any(String), ticketId: expect.stringMatching(/^[0-9a-f]{32}$/), ...extra});

const year = {
	id: '8D679D5111D3E4981000E787EC6DE8A4',
	revenue: 'FF4BE10A3B746285576C577BFA24167F',
	revenueByYear: '0AB093AE3D50FB64F81DFE69B346D460',
	last5Years: 'CAE10A42B7A63FE3995CAEAC3A8A7EA6',
};

describe('the documented flow', () => {
	it('walks it in upper case, as the docs write statuses, and leaves nothing behind', async () => {
		await start();
		const headers = await login();
		const holder = await createHolder(headers);
		expect(holder.status).toBe('EMPTY');
		expect(Buffer.from(holder.id, 'base64').toString()).toMatch(new RegExp(`^${project}:[0-9A-F]{32}$`));
		const uploadAnswer = await upload(headers, holder.id, 'year.mmp');
		expect(uploadAnswer.status).toBe(200);
		// The seed: the upload answers 200 READY.
		expect(await json(uploadAnswer)).toEqual({id: holder.id, status: 'READY'});
		const definition = await definitionOf(headers, holder.id);
		expect(Object.keys(definition).sort()).toEqual(['content', 'id', 'settings', 'status']);
		expect(definition).toMatchObject({status: 'READY', settings: {defaultAction: 'replace'}});
		expect(definition.content[0]).toMatchObject({id: year.id, name: 'Year', type: 12, action: 'replace'});
		expect(await json(await fetch(holderUrl(holder.id), {headers}))).toEqual({id: holder.id, status: 'READY'});
		const started = await startImport(headers, holder.id);
		expect(started.status).toBe(202);
		const job = await json(started);
		expect(job).toMatchObject({status: 'PROCESSING', undoPackageCreated: false, progress: 0});
		expect(await settledImport(headers, job.id)).toMatchObject({status: 'IMPORTED', progress: 100, undoPackageCreated: true});
		const undo = await fetch(`${importUrl(job.id)}/undoPackage/binary`, {headers});
		expect(readMmpDefinition(new Uint8Array(await undo.arrayBuffer()))?.content).toHaveLength(5);
		expect((await fetch(importUrl(job.id), {method: 'DELETE', headers: asyncHeaders(headers)})).status).toBe(202);
		const deleted = await fetch(holderUrl(holder.id), {method: 'DELETE', headers: asyncHeaders(headers)});
		expect(await json(deleted)).toEqual({id: holder.id, status: 'DELETING'});
		expect((await fetch(`${api}/auth/logout`, {method: 'POST', headers})).status).toBe(204);
		expect(emulator!.inspect().mstr).toMatchObject({sessions: 0, holders: 0, imports: 0, logins: 1, uploads: 1});
	});

	it('answers every status in lower case under mstr-lower-case, as older servers do', async () => {
		await start({scenarios: ['mstr-lower-case']});
		const headers = await login();
		const holder = await createHolder(headers);
		expect(holder.status).toBe('empty');
		expect(await json(await upload(headers, holder.id, 'year.mmp'))).toMatchObject({status: 'ready'});
		expect((await definitionOf(headers, holder.id)).status).toBe('ready');
		const job = await json(await startImport(headers, holder.id));
		expect(job.status).toBe('processing');
		expect((await settledImport(headers, job.id)).status).toBe('imported');
		expect((await json(await fetch(holderUrl(holder.id), {method: 'DELETE', headers: asyncHeaders(headers)}))).status).toBe('deleting');
	});

	it("lists year.mmp's dependent with no action: it follows settings.defaultAction", async () => {
		await start();
		const {headers, id} = await uploaded();
		const definition = await definitionOf(headers, id);
		const dependent = definition.content.find((row: {id: string}) => row.id === year.last5Years);
		expect(dependent).toMatchObject({name: 'Last 5 Years', type: 1, explicitIncluded: false});
		expect(dependent).not.toHaveProperty('action');
		expect(definition.content.filter((row: Record<string, unknown>) => !('action' in row))).toHaveLength(1);
		// The other demo packages keep an action on every row.
		for (const name of ['keep-both.mmp', 'tutorial-reports.mmp']) {
			const other = await uploaded(name);
			expect((await definitionOf(other.headers, other.id)).content.every((row: Record<string, unknown>) => typeof row.action === 'string'), name).toBe(true);
		}
	});

	it('answers an unknown endpoint and an unsupported method with the documented 404 ERR004', async () => {
		await start();
		for (const [method, route] of [
			['GET', '/nothing/here'],
			['GET', '/packages/x/objects'],
			['PATCH', '/projects'],
		] as const) {
			const response = await fetch(`${api}${route}`, {method});
			expect(response.status, `${method} ${route}`).toBe(404);
			expect(await json(response)).toEqual(envelope('ERR004', {message: 'HTTP 404 Not Found'}));
		}
	});
});

describe('sign-in, each mode checked the documented way', () => {
	const standard = {username: mstrDemoCredentials.username, password: mstrDemoCredentials.password};

	it('standard (1): user name and password, as JSON or as the form mstrio posts, with the published headers', async () => {
		await start();
		const response = await postLogin({...standard, loginMode: 1});
		expect(response.status).toBe(204);
		expect(response.headers.get('content-type')).toBeNull();
		for (const name of ['x-mstr-authtoken', 'pragma', 'cache-control', 'expires', 'server']) expect(response.headers.get(name), name).toBeTruthy();
		expect(response.headers.get('set-cookie')).toMatch(/^JSESSIONID=[0-9A-F]{32}; Path=\/MicroStrategyLibrary; HttpOnly$/);
		// No loginMode: the server default, Standard (login.samples-curl.json).
		expect((await postLogin(standard)).status).toBe(204);
		const form = new URLSearchParams({loginMode: '1', applicationType: '76', ...standard}).toString();
		expect((await postLogin(form, 'application/x-www-form-urlencoded')).status).toBe(204);
		// The demo's other secrets do not open a standard sign-in.
		expect((await postLogin({username: mstrDemoCredentials.ldapUsername, password: mstrDemoCredentials.ldapPassword, loginMode: 1})).status).toBe(401);
		expect((await postLogin({username: mstrDemoCredentials.apiToken, loginMode: 1})).status).toBe(401);
	});

	it('LDAP (16): the LDAP user name and password; the standard account is not an LDAP one', async () => {
		await start();
		const headers = await login({username: mstrDemoCredentials.ldapUsername, password: mstrDemoCredentials.ldapPassword, loginMode: 16});
		expect((await fetch(`${api}/projects`, {headers})).status).toBe(200);
		const wrong = await postLogin({username: mstrDemoCredentials.ldapUsername, password: 'nope', loginMode: 16});
		expect(wrong.status).toBe(401);
		expect(await json(wrong)).toEqual(envelope('ERR003', {message: 'Login failed'}));
		expect((await postLogin({...standard, loginMode: 16})).status).toBe(401);
	});

	it('LDAP refused as the docs sample it under mstr-no-ldap: ERR001 with iServerCode, no ticket', async () => {
		await start({scenarios: ['mstr-no-ldap']});
		const response = await postLogin({username: mstrDemoCredentials.ldapUsername, password: mstrDemoCredentials.ldapPassword, loginMode: 16});
		expect(response.status).toBe(401);
		expect(await json(response)).toEqual({code: 'ERR001', message: 'MicroStrategy Intelligence Server is not configured to support LDAP authentication.', iServerCode: -214720549});
		expect((await postLogin({...standard, loginMode: 1})).status).toBe(204);
	});

	it('API token (4096): the token in username and nothing else; other fields are ignored', async () => {
		await start();
		// What mstrio sends: loginMode, applicationType, username = the token.
		const headers = await login({loginMode: 4096, applicationType: 76, username: mstrDemoCredentials.apiToken});
		expect((await fetch(`${api}/projects`, {headers})).status).toBe(200);
		// "All other authentication parameters are ignored": a password or anything else beside it changes nothing.
		await login({loginMode: 4096, username: mstrDemoCredentials.apiToken, password: 'anything at all', workingSet: 10});
		await login({loginMode: 4096, username: mstrDemoCredentials.apiToken, password: mstrDemoCredentials.password});
		// The token in `password` with a user name is not the documented form.
		const misplaced = await postLogin({loginMode: 4096, username: mstrDemoCredentials.username, password: mstrDemoCredentials.apiToken});
		expect(misplaced.status).toBe(401);
		expect(await json(misplaced)).toEqual(envelope('ERR003', {message: 'Login failed'}));
		const revoked = await postLogin({loginMode: 4096, username: 'a-revoked-token'});
		expect(revoked.status).toBe(401);
		expect(await json(revoked)).toEqual(envelope('ERR003', {message: 'Login failed'}));
		expect((await postLogin({loginMode: 4096})).status).toBe(401);
	});

	it('refuses wrong credentials with the documented 401 ERR003 body', async () => {
		await start();
		const response = await postLogin({username: 'administrator', password: 'nope'});
		expect(response.status).toBe(401);
		expect(await json(response)).toEqual(envelope('ERR003', {message: 'Login failed'}));
		expect((await postLogin('{not json')).status).toBe(400);
	});

	it('refuses a valid token without its session cookie (ERR009)', async () => {
		await start();
		const {cookie: _cookie, ...withoutCookie} = await login();
		const response = await fetch(`${api}/packages`, {method: 'POST', headers: withoutCookie});
		expect(response.status).toBe(401);
		expect(await json(response)).toEqual(envelope('ERR009'));
	});
});

describe('holders', () => {
	it('allows one holder per session and insists on Prefer: respond-async', async () => {
		await start();
		const headers = await login();
		const {id} = await createHolder(headers);
		const second = await fetch(`${api}/packages`, {method: 'POST', headers});
		expect(second.status).toBe(400);
		const withoutPrefer = await fetch(holderUrl(id), {method: 'DELETE', headers});
		expect(withoutPrefer.status).toBe(400);
		expect((await json(withoutPrefer)).message).toContain('Prefer: respond-async');
	});

	it('accepts any bytes: a package it cannot read gets a small generic definition, the same every time', async () => {
		await start();
		const first = await uploaded('not-a-package.mmp');
		const definition = await definitionOf(first.headers, first.id);
		expect(definition.status).toBe('READY');
		const rows = definition.content as Array<Record<string, any>>;
		expect(rows.length).toBeGreaterThanOrEqual(4);
		expect(rows.length).toBeLessThanOrEqual(6);
		for (const row of rows) {
			expect(row.id).toMatch(/^[0-9A-F]{32}$/);
			expect(row).toMatchObject({type: expect.any(Number), level: 'project_object', owner: {id: expect.any(String)}});
			// The rows' date format (package-definition.doc.json: 2001-01-02T20:48:10.000+0000).
			for (const date of [row.dateCreated, row.dateModified]) expect(date).toMatch(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.000\+0000$/);
		}

		expect(rows.some(row => String(row.name).startsWith('not a package'))).toBe(true);
		expect(rows.filter(row => !('action' in row))).toHaveLength(1);
		// Another session, the same file: the same objects.
		const again = await uploaded('not-a-package.mmp');
		expect((await definitionOf(again.headers, again.id)).content).toEqual(rows);
		// Another name or size: other objects.
		const renamed = await login();
		const holder = await createHolder(renamed);
		expect((await upload(renamed, holder.id, 'quarterly.mmp', fixture('not-a-package.mmp'))).status).toBe(200);
		const other = (await definitionOf(renamed, holder.id)).content as Array<{id: string; name: string}>;
		expect(other.map(row => row.id)).not.toEqual(rows.map(row => row.id));
		expect(other[0]!.name).toMatch(/^quarterly /);
		// And it imports like any package.
		const job = await json(await startImport(first.headers, first.id));
		expect((await settledImport(first.headers, job.id)).status).toBe('IMPORTED');
	});

	it('gives an unknown package in a holder without a project a configuration definition', async () => {
		await start();
		const headers = await login(undefined, false);
		const holder = await createHolder(headers);
		expect((await upload(headers, holder.id, 'Some Users.mmp', new Blob([new Uint8Array(1000).fill(7)]))).status).toBe(200);
		const rows = (await definitionOf(headers, holder.id)).content as Array<Record<string, unknown>>;
		expect(rows.every(row => row.type === 34 && row.level === 'configuration_object')).toBe(true);
	});

	it('refuses an empty file, and a demo configuration package in a project holder', async () => {
		await start();
		const headers = await login();
		const {id} = await createHolder(headers);
		const empty = await upload(headers, id, 'empty.mmp', new Blob([]));
		expect(empty.status).toBe(400);
		expect(await json(empty)).toEqual(envelope('ERR006'));
		const config = await upload(headers, id, 'config-users.mmp');
		expect(config.status).toBe(400);
	});
});

describe('PUT /api/packages/{id}: documented for an empty holder only', () => {
	const yearRow = {id: year.id, name: 'Year', type: 12, action: 'use_existing', includeDependents: true};

	it('fills an empty holder, as the create page does, and the definition shows it', async () => {
		await start({timing: {mstrReadyMs: 30}});
		const headers = await login();
		const {id} = await createHolder(headers);
		const body = {type: 'project', settings: {updateSchema: ['recal_table_logical_size'], aclOnReplacingObjects: 'use_existing', aclOnNewObjects: ['keep_acl_as_source_object'], defaultAction: 'replace'}, content: [yearRow]};
		const put = await putDefinition(headers, id, body);
		expect(put.status).toBe(202);
		expect(await json(put)).toEqual({id, status: 'PROCESSING'});
		const definition = await settledHolder(headers, id);
		expect(definition).toMatchObject({status: 'READY', settings: body.settings});
		expect(definition.content).toEqual([
			expect.objectContaining({id: year.id, name: 'Year', type: 12, action: 'use_existing', includeDependents: true, explicitIncluded: true, level: 'project_object', version: expect.stringMatching(/^[0-9A-F]{32}$/)}),
		]);
		expect(definition).not.toHaveProperty('type');
		expect((await putDefinition(headers, id, {...body, content: [{...yearRow, action: 'overwrite'}]})).status).toBe(400);
	});

	for (const scenarios of [[], ['mstr-actions-refused']]) {
		it(`refuses it on an uploaded holder ${scenarios.length ? 'under mstr-actions-refused' : 'by default'} (400 ERR010), the holder unchanged`, async () => {
			await start({scenarios});
			const {headers, id} = await uploaded();
			const before = await definitionOf(headers, id);
			const put = await putDefinition(headers, id, {settings: {defaultAction: 'use_existing'}, content: [yearRow]});
			expect(put.status).toBe(400);
			expect(await json(put)).toEqual(envelope('ERR010', {message: expect.stringMatching(/only supported when the package holder is empty/)}));
			expect(await definitionOf(headers, id)).toEqual(before);
			expect(emulator!.inspect().mstr).toMatchObject({actionChanges: 0, actionChangesRefused: 1});
		});
	}

	it('applies per-object actions and the default action under mstr-actions-accepted', async () => {
		await start({scenarios: ['mstr-actions-accepted'], timing: {mstrReadyMs: 30}});
		const {headers, id} = await uploaded();
		const put = await putDefinition(headers, id, {settings: {defaultAction: 'use_existing'}, content: [yearRow, {id: 'F'.repeat(32), name: 'Not in the package', type: 4, action: 'delete'}]});
		expect(put.status).toBe(202);
		expect((await json(put)).status).toBe('PROCESSING');
		const definition = await settledHolder(headers, id);
		expect(definition.status).toBe('READY');
		expect(definition.settings.defaultAction).toBe('use_existing');
		const rows = new Map((definition.content as Array<Record<string, unknown>>).map(row => [row.id, row]));
		expect(rows.get(year.id)).toMatchObject({action: 'use_existing'});
		expect(rows.get(year.revenue)).toMatchObject({action: 'replace'});
		// The dependent still has no action: it now follows the new default.
		expect(rows.get(year.last5Years)).not.toHaveProperty('action');
		expect(rows.size).toBe(5);
		expect(emulator!.inspect().mstr).toMatchObject({actionChanges: 1});
	});

	it('answers 202 and changes nothing under mstr-actions-ignored (only reading back shows it)', async () => {
		await start({scenarios: ['mstr-actions-ignored'], timing: {mstrReadyMs: 30}});
		const {headers, id} = await uploaded();
		const before = await definitionOf(headers, id);
		const put = await putDefinition(headers, id, {settings: {defaultAction: 'use_existing'}, content: [yearRow]});
		expect(put.status).toBe(202);
		expect((await json(put)).status).toBe('PROCESSING');
		const after = await settledHolder(headers, id);
		expect(after).toEqual(before);
		expect(emulator!.inspect().mstr).toMatchObject({actionChanges: 0, actionChangesIgnored: 1});
	});
});

describe('undo', () => {
	it('turns undoPackageCreated true mstrUndoLagMs after IMPORTED', async () => {
		await start({timing: {mstrImportMs: 50, mstrUndoLagMs: 400}});
		const {headers, id} = await uploaded();
		const job = await json(await startImport(headers, id));
		const imported = await settledImport(headers, job.id);
		expect(imported).toMatchObject({status: 'IMPORTED', progress: 100, undoPackageCreated: false});
		const early = await fetch(`${importUrl(job.id)}/undoPackage/binary`, {headers});
		expect(early.status).toBe(404);
		expect(await json(early)).toEqual(envelope('ERR004'));
		await sleep(450);
		expect(await json(await fetch(importUrl(job.id), {headers}))).toMatchObject({status: 'IMPORTED', undoPackageCreated: true});
		expect((await fetch(`${importUrl(job.id)}/undoPackage/binary`, {headers})).status).toBe(200);
	});

	it('never makes one for keep_both objects, however long the wait', async () => {
		await start({timing: {mstrImportMs: 50, mstrUndoLagMs: 50}});
		const {headers, id} = await uploaded('keep-both.mmp');
		const job = await json(await startImport(headers, id));
		await settledImport(headers, job.id);
		await sleep(150);
		expect(await json(await fetch(importUrl(job.id), {headers}))).toMatchObject({status: 'IMPORTED', undoPackageCreated: false});
	});
});

describe('sessions', () => {
	it('expire when idle (401 ERR009, holder and import gone); PUT /api/sessions keeps them alive', async () => {
		await start({timing: {mstrSessionIdleMs: 500, mstrImportMs: 20}});
		const {headers, id} = await uploaded();
		const job = await json(await startImport(headers, id));
		expect(await json(await fetch(`${api}/sessions`, {headers}))).toMatchObject({timeout: 1});
		for (let round = 0; round < 3; round++) {
			await sleep(300);
			expect((await fetch(`${api}/sessions`, {method: 'PUT', headers})).status).toBe(204);
		}

		// 900 ms after the upload, kept alive: everything is still there.
		expect((await definitionOf(headers, id)).status).toBe('READY');
		expect(emulator!.inspect().mstr).toMatchObject({sessions: 1, holders: 1, imports: 1});
		await sleep(700);
		expect(emulator!.inspect().mstr).toMatchObject({sessions: 0, holders: 0, imports: 0, sessionsExpired: 1});
		const after = await fetch(importUrl(job.id), {headers});
		expect(after.status).toBe(401);
		expect(await json(after)).toEqual(envelope('ERR009', {message: "The user's session has expired, please reauthenticate"}));
		// A new session does not see the old holder.
		const fresh = await login();
		expect((await fetch(holderUrl(id), {headers: fresh})).status).toBe(404);
	});

	it('defaults to 30 minutes', async () => {
		await start();
		const headers = await login();
		expect(await json(await fetch(`${api}/sessions`, {headers}))).toMatchObject({timeout: 1800});
	});

	it('ends the session mid-import under mstr-session-expiry', async () => {
		await start({scenarios: ['mstr-session-expiry']});
		const {headers, id} = await uploaded();
		const job = await json(await startImport(headers, id));
		expect((await fetch(importUrl(job.id), {headers})).status).toBe(200);
		const after = await fetch(importUrl(job.id), {headers});
		expect(after.status).toBe(401);
		expect(emulator!.inspect().mstr).toMatchObject({sessions: 0, holders: 0, imports: 0});
	});
});

describe('failures, with the detail the error envelope carries', () => {
	it('mstr-no-package-api: every /api/packages call is 404 ERR004 "HTTP 404 Not Found"; sign-in still works', async () => {
		await start({scenarios: ['mstr-no-package-api']});
		const headers = await login();
		expect((await fetch(`${api}/projects`, {headers})).status).toBe(200);
		for (const [method, route] of [
			['POST', '/packages'],
			['PUT', '/packages/abc/binary'],
			['GET', '/packages/abc?showContent=true'],
			['POST', '/packages/imports?packageId=abc'],
		] as const) {
			const response = await fetch(`${api}${route}`, {method, headers: asyncHeaders(headers)});
			expect(response.status, `${method} ${route}`).toBe(404);
			expect(await json(response)).toEqual(envelope('ERR004', {message: 'HTTP 404 Not Found'}));
		}
	});

	it('mstr-import-suberrors: creating the import answers 500 with iServerCode and subErrors naming two objects of the package', async () => {
		await start({scenarios: ['mstr-import-suberrors']});
		const {headers, id} = await uploaded();
		const response = await startImport(headers, id);
		expect(response.status).toBe(500);
		const body = await json(response);
		expect(body).toEqual(
			envelope('ERR002', {
				iServerCode: expect.any(Number),
				subErrors: [
					{iServerCode: expect.any(Number), message: expect.stringContaining('"Year"'), additionalProperties: {objectId: year.id, objectName: 'Year'}},
					{iServerCode: expect.any(Number), message: expect.stringContaining('"Revenue"'), additionalProperties: {objectId: year.revenue, objectName: 'Revenue'}},
				],
				additionalProperties: {},
			}),
		);
		expect(emulator!.inspect().mstr).toMatchObject({importsCreated: 0});
	});

	it('mstr-import-fails: the FAILED status carries the message, iServerCode and the objects', async () => {
		await start({scenarios: ['mstr-import-fails']});
		const {headers, id} = await uploaded();
		const job = await json(await startImport(headers, id));
		const failed = await settledImport(headers, job.id);
		expect(failed).toMatchObject({
			status: 'FAILED',
			undoPackageCreated: false,
			message: expect.any(String),
			iServerCode: expect.any(Number),
			subErrors: [
				{iServerCode: expect.any(Number), message: expect.any(String), additionalProperties: {objectId: year.id, objectName: 'Year'}},
				{iServerCode: expect.any(Number), message: expect.any(String), additionalProperties: {objectId: year.revenue, objectName: 'Revenue'}},
			],
		});
	});

	it('names the known scenarios when given an unknown one', async () => {
		await expect(startEmulator({scenarios: ['mstr-typo']})).rejects.toThrow(/Known: mstr-import-fails/);
	});
});
