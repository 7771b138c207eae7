/** The MicroStrategy emulator speaks the documented API, traps included, over real HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mstrDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {readMmpDefinition} from '../../source/packages/mmp-format.js';

const project = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
const fixture = (name: string) => new Blob([fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/mstr', name))]);
let emulator: RunningEmulator;
let api: string;

const login = async () => {
	const response = await fetch(`${api}/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({...mstrDemoCredentials, loginMode: 1})});
	expect(response.status).toBe(204);
	const token = response.headers.get('x-mstr-authtoken')!;
	const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
	return {'x-mstr-authtoken': token, cookie, 'x-mstr-projectid': project};
};

const upload = async (headers: Record<string, string>, id: string, name: string) => {
	const form = new FormData();
	form.set('file', fixture(name), name);
	return fetch(`${api}/packages/${encodeURIComponent(id)}/binary`, {method: 'PUT', headers, body: form});
};

beforeEach(async () => {
	emulator = await startEmulator({port: 0, timing: {mstrImportMs: 100, mstrReadyMs: 0}});
	api = `${emulator.urls.mstr}/api`;
});
afterEach(async () => emulator.close());

describe('the MicroStrategy emulator', () => {
	it('walks the documented flow and leaves nothing behind', async () => {
		const headers = await login();
		const holder = await (await fetch(`${api}/packages`, {method: 'POST', headers})).json();
		expect(holder.status).toBe('empty');
		expect(Buffer.from(holder.id, 'base64').toString()).toMatch(new RegExp(`^${project}:[0-9A-F]{32}$`));
		expect((await upload(headers, holder.id, 'year.mmp')).status).toBe(200);
		const definition = await (await fetch(`${api}/packages/${encodeURIComponent(holder.id)}?showContent=true`, {headers})).json();
		expect(definition).toMatchObject({status: 'ready', settings: {defaultAction: 'replace'}});
		expect(definition.content[0]).toMatchObject({id: '8D679D5111D3E4981000E787EC6DE8A4', name: 'Year', type: 12});
		const async = {...headers, prefer: 'respond-async'};
		const started = await fetch(`${api}/packages/imports?packageId=${encodeURIComponent(holder.id)}&generateUndo=true`, {method: 'POST', headers: async});
		expect(started.status).toBe(202);
		const job = await started.json();
		let status = job;
		while (status.status === 'processing') {
			await new Promise(resolve => setTimeout(resolve, 30));
			status = await (await fetch(`${api}/packages/imports/${encodeURIComponent(job.id)}`, {headers})).json();
		}

		expect(status).toMatchObject({status: 'imported', progress: 100, undoPackageCreated: true});
		const undo = await fetch(`${api}/packages/imports/${encodeURIComponent(job.id)}/undoPackage/binary`, {headers});
		expect(readMmpDefinition(new Uint8Array(await undo.arrayBuffer()))?.content).toHaveLength(5);
		expect((await fetch(`${api}/packages/imports/${encodeURIComponent(job.id)}`, {method: 'DELETE', headers: async})).status).toBe(202);
		expect((await fetch(`${api}/packages/${encodeURIComponent(holder.id)}`, {method: 'DELETE', headers: async})).status).toBe(202);
		expect((await fetch(`${api}/auth/logout`, {method: 'POST', headers})).status).toBe(204);
		expect(emulator.inspect().mstr).toMatchObject({sessions: 0, holders: 0, imports: 0, logins: 1, uploads: 1});
	});

	it('refuses a valid token without its session cookie (ERR009)', async () => {
		const {cookie: _cookie, ...withoutCookie} = await login();
		const response = await fetch(`${api}/packages`, {method: 'POST', headers: withoutCookie});
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({code: 'ERR009'});
	});

	it('refuses wrong credentials with ERR003', async () => {
		const response = await fetch(`${api}/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({username: 'administrator', password: 'nope'})});
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({code: 'ERR003', message: 'Login failed', ticketId: expect.any(String)});
	});

	it('allows one holder per session and insists on Prefer: respond-async', async () => {
		const headers = await login();
		const {id} = await (await fetch(`${api}/packages`, {method: 'POST', headers})).json();
		const second = await fetch(`${api}/packages`, {method: 'POST', headers});
		expect(second.status).toBe(400);
		const withoutPrefer = await fetch(`${api}/packages/${encodeURIComponent(id)}`, {method: 'DELETE', headers});
		expect(withoutPrefer.status).toBe(400);
		expect((await withoutPrefer.json()).message).toContain('Prefer: respond-async');
	});

	it('rejects a file that is not a package, and a configuration package in a project holder', async () => {
		const headers = await login();
		const {id} = await (await fetch(`${api}/packages`, {method: 'POST', headers})).json();
		const text = await upload(headers, id, 'not-a-package.mmp');
		expect(text.status).toBe(400);
		expect(await text.json()).toMatchObject({code: 'ERR006'});
		const config = await upload(headers, id, 'config-users.mmp');
		expect(config.status).toBe(400);
	});

	it('ends the session mid-import under mstr-session-expiry', async () => {
		emulator.setScenarios(['mstr-session-expiry']);
		const headers = await login();
		const {id} = await (await fetch(`${api}/packages`, {method: 'POST', headers})).json();
		await upload(headers, id, 'year.mmp');
		const job = await (await fetch(`${api}/packages/imports?packageId=${encodeURIComponent(id)}&generateUndo=true`, {method: 'POST', headers: {...headers, prefer: 'respond-async'}})).json();
		expect((await fetch(`${api}/packages/imports/${encodeURIComponent(job.id)}`, {headers})).status).toBe(200);
		const after = await fetch(`${api}/packages/imports/${encodeURIComponent(job.id)}`, {headers});
		expect(after.status).toBe(401);
		expect(emulator.inspect().mstr).toMatchObject({sessions: 0, holders: 0, imports: 0});
	});

	it('names the known scenarios when given an unknown one', async () => {
		await expect(startEmulator({scenarios: ['mstr-typo']})).rejects.toThrow(/Known: mstr-import-fails/);
	});
});
