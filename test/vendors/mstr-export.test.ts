/**
 * Building a MicroStrategy package on a source project (buildMstrPackage) against the emulator over
 * real HTTP, and the end-to-end point of it: an action changed on the source is the action the
 * target applies when the downloaded file is imported with `packport import`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import type {EngineEvent} from '../../source/engine/events.js';
import {mstrDemoCredentials} from '../../source/emulator/index.js';
import {createMstrEmulator} from '../../source/emulator/mstr/routes.js';
import {PackportError} from '../../source/errors.js';
import {readMmpDefinitionFromFile} from '../../source/packages/mmp-format.js';
import {buildMstrPackage, sourceCleanupOf} from '../../source/vendors/mstr/export.js';
import {readMstrDefinition} from '../../source/vendors/mstr/export-definition.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/mstr');
const tutorial = 'B7CA92F04B9FAE8D941C3E9B7E0CD754';
const demoProject = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
const yearId = '8D679D5111D3E4981000E787EC6DE8A4';

/**
 * The MicroStrategy emulator on its own server, as `packport emulate` serves it, kept at hand so a
 * test can read what each import applied in its project.
 */
const startMstr = async (scenarioNames: string[] = [], readyMs = 30) => {
	const active = new Set(scenarioNames);
	const mstr = createMstrEmulator({scenarios: {has: name => active.has(name)}, timing: {readyMs, importMs: 100}});
	const calls: string[] = [];
	const server = http.createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://emulator');
		response.on('finish', () => calls.push(`${request.method} ${url.pathname.slice(mstr.prefix.length)} ${response.statusCode}`));
		await mstr.handle(request, response, url.pathname.slice(mstr.prefix.length), url);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/MicroStrategyLibrary`;
	return {
		mstr,
		url,
		calls,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
};

let running: Awaited<ReturnType<typeof startMstr>> | undefined;
afterEach(async () => {
	await running?.close();
	running = undefined;
});

const profileOf = (url: string, projectId?: string): Profile => ({name: 'source', vendor: 'mstr', url, username: mstrDemoCredentials.username, projectId, loginMode: 1});

const build = async (definitionFile: string, {projectId = tutorial, changes = {}} = {} as {projectId?: string; changes?: Parameters<typeof readMstrDefinition>[1]}) => {
	const events: EngineEvent[] = [];
	const definition = await readMstrDefinition(definitionFile, changes);
	const result = await buildMstrPackage({
		profile: profileOf(running!.url, projectId),
		secret: mstrDemoCredentials.password,
		definition,
		signal: AbortSignal.timeout(20_000),
		onEvent: event => events.push(event),
		pollIntervalMs: 20,
	});
	return {result, events};
};

describe('buildMstrPackage on the emulator', () => {
	it('an action changed on the source is the action the target applies after `packport import` of the downloaded file', async () => {
		running = await startMstr();
		const {result, events} = await build(path.join(fixtures, 'year.mmp'), {changes: {actions: {[yearId]: 'use_existing'}}});
		try {
			// The source side, call by call, and nothing left on it.
			// Status reads repeat while the holder builds: one line each here.
			const holder = encodeURIComponent(result.details.holderId);
			const routes = running.calls.map(call => call.replace(holder, '{id}')).filter((call, index, all) => call !== all[index - 1]);
			expect(routes).toEqual([
				'POST /auth/login 204',
				'POST /packages 201',
				'PUT /packages/{id} 202',
				'GET /packages/{id} 200',
				'GET /packages/{id}/binary 200',
				'DELETE /packages/{id} 202',
				'POST /auth/logout 204',
			]);
			expect(running.mstr.snapshot()).toMatchObject({sessions: 0, holders: 0});
			expect(result.details.cleanup).toEqual({done: ['Source package holder deleted', 'Signed out of the source'], left: []});
			expect(events.filter(event => event.type === 'step' && event.status === 'done').map(event => (event as {name: string}).name)).toEqual([
				'source-login',
				'source-holder',
				'source-content',
				'source-build',
				'source-download',
				'source-cleanup',
			]);
			// The file holds what was built: Year with the changed action, the rest as the .mmp had them.
			const built = await readMmpDefinitionFromFile(result.file);
			expect(built?.content.find(object => object.id === yearId)?.action).toBe('use_existing');
			expect(result.details.objects.find(object => object.id === yearId)).toMatchObject({name: 'Year', typeName: 'Attribute', action: 'use_existing'});
			const others = result.details.objects.filter(object => object.id !== yearId).map(object => object.action);
			expect(others.length).toBeGreaterThan(0);
			expect(new Set(others)).toEqual(new Set(['replace']));

			// The target half: the existing import, into the other project.
			const configDir = makeTempDir();
			const env = {PACKPORT_CONFIG_DIR: configDir};
			const added = await runCli(['profiles', 'add', 'target', '--vendor', 'mstr', '--url', running.url, '--project-id', demoProject, '--username', 'administrator', '--password-stdin'], {
				env,
				input: mstrDemoCredentials.password,
			});
			expect(added.code, added.stderr).toBe(0);
			const imported = await runCli(['import', '--profile', 'target', '--package', result.file, '--yes', '--json', '--poll-interval', '0.05', '--no-undo'], {env});
			expect(imported.code, imported.stderr).toBe(0);
			const [applied, ...more] = running.mstr.applied();
			expect(more).toEqual([]);
			expect(applied!.projectId).toBe(demoProject);
			expect(applied!.objects.map(({id, action}) => ({id, action}))).toEqual(result.details.objects.map(({id, action}) => ({id, action})));
			expect(applied!.objects.find(object => object.id === yearId)?.action).toBe('use_existing');
		} finally {
			result.dispose();
		}

		expect(fs.existsSync(path.dirname(result.file))).toBe(false);
	});

	it('a configuration package is built without the project header, as the create page requires', async () => {
		running = await startMstr();
		// The profile names a project; the emulator refuses a configuration PUT that sends one.
		const {result} = await build(path.join(fixtures, 'config-users.mmp'), {changes: {defaultAction: 'use_existing'}});
		result.dispose();
		expect(result.details).toMatchObject({packageType: 'configuration', projectId: null});
		expect(result.details.settings.defaultAction).toBe('use_existing');
		expect(new Set(result.details.objects.map(object => object.action))).toEqual(new Set(['use_existing']));
	});

	it('a holder the server fails to build: exit-1 error, nothing downloaded, the holder deleted and signed out', async () => {
		running = await startMstr(['mstr-holder-fails']);
		const error = await build(path.join(fixtures, 'year.mmp')).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(PackportError);
		expect((error as PackportError).exitCode).toBe(1);
		expect((error as PackportError).message).toBe('MicroStrategy could not build the package on the source (holder status "FAILED"); nothing was downloaded.');
		expect(sourceCleanupOf(error)).toEqual({done: ['Source package holder deleted', 'Signed out of the source'], left: []});
		expect(running.calls.some(call => call.includes('/binary'))).toBe(false);
		expect(running.mstr.snapshot()).toMatchObject({sessions: 0, holders: 0});
	});

	it('interrupted while the package builds: the holder deleted and signed out all the same, nothing downloaded', async () => {
		// The holder takes a minute to build: only the interruption ends the wait.
		running = await startMstr([], 60_000);
		const controller = new AbortController();
		const definition = await readMstrDefinition(path.join(fixtures, 'year.mmp'));
		const error = await buildMstrPackage({
			profile: profileOf(running.url, tutorial),
			secret: mstrDemoCredentials.password,
			definition,
			signal: controller.signal,
			onEvent(event) {
				if (event.type === 'step' && event.name === 'source-content' && event.status === 'done') controller.abort(new Error('interrupted by the test'));
			},
			pollIntervalMs: 20,
		}).catch((caught: unknown) => caught);
		expect((error as Error).message).toBe('interrupted by the test');
		expect(sourceCleanupOf(error)).toEqual({done: ['Source package holder deleted', 'Signed out of the source'], left: []});
		expect(running.calls.some(call => call.includes('/binary'))).toBe(false);
		expect(running.mstr.snapshot()).toMatchObject({sessions: 0, holders: 0});
	});

	it('a project package on a profile without a project: a usage error, nothing sent', async () => {
		running = await startMstr();
		const definition = await readMstrDefinition(path.join(fixtures, 'year.mmp'));
		const error = await buildMstrPackage({
			profile: profileOf(running.url),
			secret: mstrDemoCredentials.password,
			definition,
			signal: AbortSignal.timeout(5000),
			onEvent: () => undefined,
		}).catch((caught: unknown) => caught);
		expect((error as PackportError).exitCode).toBe(2);
		expect((error as PackportError).message).toBe("Profile 'source' names no project, and a project package is built in one.");
		expect(running.calls).toEqual([]);
	});
});

describe('the definition a build starts from', () => {
	const write = (name: string, value: unknown) => {
		const file = path.join(makeTempDir(), name);
		fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
		return file;
	};

	it('reads the review shape, the details of `packport import --json`, and MicroStrategy\'s PUT body alike', async () => {
		const objects = [{id: yearId.toLowerCase(), name: 'Year', type: 12, typeName: 'Attribute', action: 'REPLACE'}];
		const settings = {defaultAction: 'replace'};
		const fromReview = await readMstrDefinition(write('review.json', {packageType: 'project', settings, objects}));
		const fromResult = await readMstrDefinition(write('result.json', {ok: true, details: {packageType: 'project', settings, objects}}));
		const fromPut = await readMstrDefinition(write('put.json', {type: 'project', settings, content: objects}));
		const expected = {packageType: 'project', settings: {defaultAction: 'replace'}, objects: [{id: yearId, name: 'Year', type: 12, action: 'replace'}]};
		expect(fromReview).toEqual(expected);
		expect(fromResult).toEqual(expected);
		expect(fromPut).toEqual(expected);
	});

	it('--default-action changes every object with an action of its own; a row without one keeps following the default', async () => {
		const file = write('d.json', {
			packageType: 'project',
			settings: {defaultAction: 'replace'},
			objects: [
				{id: yearId, name: 'Year', type: 12, action: 'replace'},
				{id: 'CAE10A42B7A63FE3995CAEAC3A8A7EA6', name: 'Last 5 Years', type: 1, action: 'replace', inherited: true},
				{id: 'FF4BE10A3B746285576C577BFA24167F', name: 'Revenue', type: 4, action: 'replace'},
			],
		});
		const definition = await readMstrDefinition(file, {defaultAction: 'use_newer', actions: {FF4BE10A3B746285576C577BFA24167F: 'keep_both'}});
		expect(definition.settings.defaultAction).toBe('use_newer');
		expect(definition.objects.map(object => object.action)).toEqual(['use_newer', undefined, 'keep_both']);
	});

	it.each([
		['not JSON', 'bad.json', '{', /^bad\.json is not valid JSON/],
		['no objects', 'empty.json', {packageType: 'project', objects: []}, 'empty.json lists no objects (`objects`).'],
		['a bad id', 'id.json', {objects: [{id: 'Year', type: 12}]}, 'id.json: object 1 has no MicroStrategy object id (32 hexadecimal characters).'],
		['a bad action', 'action.json', {objects: [{id: yearId, type: 12, action: 'overwrite'}]}, `action.json: object 1 (${yearId}) has action "overwrite", which is not an action.`],
		['a bad type', 'type.json', {packageType: 'schema', objects: [{id: yearId, type: 12}]}, 'type.json: package type "schema" is not one MicroStrategy builds.'],
		['a repeated object', 'twice.json', {objects: [{id: yearId, type: 12}, {id: yearId, type: 12}]}, `twice.json: object 2 repeats object ${yearId}.`],
	])('bad input (%s): one usage error with a hint', async (_case, name, content, message) => {
		const error = (await readMstrDefinition(write(name, content)).catch((caught: unknown) => caught)) as PackportError;
		expect(error.exitCode).toBe(2);
		expect(error.message).toMatch(message);
		expect(error.hint).toBeTruthy();
	});

	it('an --action for an object the definition does not hold, and a .mmp packport cannot read: usage errors', async () => {
		const unknown = (await readMstrDefinition(path.join(fixtures, 'year.mmp'), {actions: {['A'.repeat(32)]: 'replace'}}).catch((caught: unknown) => caught)) as PackportError;
		expect(unknown.exitCode).toBe(2);
		expect(unknown.message).toBe(`--action names 1 object that year.mmp does not hold: ${'A'.repeat(32)}.`);
		const opaque = (await readMstrDefinition(path.join(fixtures, 'not-a-package.mmp')).catch((caught: unknown) => caught)) as PackportError;
		expect(opaque.exitCode).toBe(2);
		expect(opaque.message).toBe('packport cannot read the objects of not-a-package.mmp: a .mmp from Workstation or Object Manager is opaque outside MicroStrategy.');
	});
});
