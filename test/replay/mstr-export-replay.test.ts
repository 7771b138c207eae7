/**
 * Building a package on the source project (buildMstrPackage) against a server that answers only
 * with what MicroStrategy publishes for it (create-a-migration-package.md: the empty holder, the PUT
 * of each package type, the definition, the download, the delete), statuses in upper case (the docs)
 * and lower case (older servers). The real client runs over real HTTP; every request is checked.
 */
import fs from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import {PackportError} from '../../source/errors.js';
import {buildMstrPackage, sourceCleanupOf} from '../../source/vendors/mstr/export.js';
import {parseMstrDefinition} from '../../source/vendors/mstr/export-definition.js';
import {findSample, servedBody, startReplay, withEdits, type Answer, type ReplayServer, type Route, type Sample} from '../helpers/replay-server.js';
import {createHolder, deleteHolder, login, logout, lowerCase, replayPassword, unauthorized, undoBinary, type Case} from './mstr-samples.js';

let server: ReplayServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const sample = (method: string, path: string, variant = 'doc') => findSample('mstr', method, path, variant);
/** The create page's own samples: the source side. */
const builtDefinition = sample('GET', '/api/packages/{packageId}', 'doc-create-page');
const download = sample('GET', '/api/packages/{packageId}/binary');
const putOf = (variant: string) => sample('PUT', '/api/packages/{packageId}', variant);
/** The create page's project (the seed's is another: INDEX.md disagreement 10). */
const tutorial = 'B7CA92F04B9FAE8D941C3E9B7E0CD754';

/**
 * The download page shows no bytes (package-binary.doc.json: null). The playground's 597,664-byte
 * package is left out for size; its 205-byte undo package is a real .mmp of the same format, so it
 * stands in for the package's bytes.
 */
const packageBytes: Answer = {status: 200, body: servedBody(undoBinary)};
const publishedBytes = Buffer.from((servedBody(undoBinary) as {$base64: string}).$base64, 'base64');

type PutBody = {type: string; settings: Record<string, unknown>; content: Array<Record<string, unknown>>};
const bodyOf = (variant: string) => putOf(variant).request!.body as PutBody;

/** The published definition, rewritten to hold the objects of a PUT variant (only the create page's project package has its own). */
const definitionHolding = (body: PutBody): Sample =>
	withEdits(
		builtDefinition,
		...body.content.flatMap((row, index) =>
			(['id', 'name', 'type', 'action', 'includeDependents'] as const).map(key => ({
				path: `content.${index}.${key}`,
				value: row[key],
				why: `the ${body.type} package's object, as its PUT sample sends it (the page publishes no definition for it)`,
			})),
		),
		{path: 'settings.updateSchema', value: body.settings.updateSchema, why: `as the ${body.type} PUT sets it`},
		{path: 'settings.aclOnReplacingObjects', value: body.settings.aclOnReplacingObjects, why: `as the ${body.type} PUT sets it`},
	);

const routesOf = (statusCase: Case, overrides: Partial<Record<string, Route['reply']>>): Route[] => {
	const cased = (file: Sample) => (statusCase === 'lower' ? lowerCase(file) : file);
	const routes: Record<string, Route['reply']> = {
		'POST /api/auth/login': login,
		'POST /api/packages': cased(createHolder),
		'PUT /api/packages/{packageId}': cased(putOf('doc')),
		'GET /api/packages/{packageId}': cased(builtDefinition),
		'GET /api/packages/{packageId}/binary': () => packageBytes,
		'DELETE /api/packages/{packageId}': cased(deleteHolder),
		'POST /api/auth/logout': logout,
		...overrides,
	};
	return Object.entries(routes).map(([key, reply]) => {
		const [method, path] = key.split(' ') as [string, string];
		return {method, path, reply: reply!};
	});
};

const profile = (origin: string, projectId = tutorial): Profile => ({
	name: 'source',
	vendor: 'mstr',
	url: `${origin}/MicroStrategyLibrary`,
	username: 'administrator',
	projectId,
	loginMode: 1,
});

/** Builds from the definition a PUT sample sends, in the shape packport's review shows. */
const build = async (body: PutBody, {statusCase = 'upper' as Case, overrides = {} as Partial<Record<string, Route['reply']>>} = {}) => {
	server = await startReplay({base: '/MicroStrategyLibrary', routes: routesOf(statusCase, overrides)});
	const definition = parseMstrDefinition({packageType: body.type, settings: body.settings, objects: body.content}, 'the sample');
	return buildMstrPackage({
		// The profile names the project even for a configuration package: the build must leave it out.
		profile: profile(server.origin),
		secret: replayPassword,
		definition,
		signal: AbortSignal.timeout(20_000),
		onEvent: () => undefined,
		pollIntervalMs: 20,
	});
};

const byRoute = () => server!.log.map(entry => `${entry.method} ${entry.route ?? entry.path}`).filter((route, index, all) => route !== all[index - 1]);
const calls = (method: string, template: string) => server!.calls(method, template);

describe.each(['upper', 'lower'] as Case[])('building a package on the source, replayed from the create page (%s-case statuses)', statusCase => {
	it('empty holder, the PUT body exactly as published, READY, the definition read back, the binary downloaded, the holder deleted, signed out', async () => {
		const result = await build(bodyOf('doc'), {statusCase});
		try {
			expect(byRoute()).toEqual([
				'POST /api/auth/login',
				'POST /api/packages',
				'PUT /api/packages/{packageId}',
				'GET /api/packages/{packageId}',
				'GET /api/packages/{packageId}/binary',
				'DELETE /api/packages/{packageId}',
				'POST /api/auth/logout',
			]);
			const [put] = calls('PUT', '/api/packages/{packageId}');
			expect(put!.json).toEqual(bodyOf('doc'));
			expect(put!.headers).toMatchObject({prefer: 'respond-async', 'x-mstr-projectid': tutorial, 'content-type': 'application/json'});
			// The holder is polled without its content, then read once with it.
			const reads = calls('GET', '/api/packages/{packageId}').map(entry => entry.query.get('showContent'));
			expect(reads.at(-1)).toBe('true');
			expect(new Set(reads.slice(0, -1))).toEqual(new Set(['false']));
			const [binary] = calls('GET', '/api/packages/{packageId}/binary');
			expect(binary!.headers).toMatchObject({accept: 'application/octet-stream', 'x-mstr-projectid': tutorial});
			// Every call after the sign-in carries the published token and the session cookie, in the holder the create answer named.
			const holderId = (servedBody(createHolder) as {id: string}).id;
			for (const entry of server!.log.slice(1)) {
				expect(entry.headers['x-mstr-authtoken']).toBe('qjtu5qongu8ev62su8nnnm3bco');
				expect(entry.headers.cookie).toBe('JSESSIONID=3AD87246016156A33D2501785CEAE3DF');
				if (entry.path.includes('/packages/')) expect(entry.path).toContain(encodeURIComponent(holderId));
			}

			expect(fs.readFileSync(result.file)).toEqual(publishedBytes);
			expect(result.details).toMatchObject({
				holderId,
				projectId: tutorial,
				packageType: 'project',
				objects: [{id: '8D679D5111D3E4981000E787EC6DE8A4', name: 'Year', type: 12, typeName: 'Attribute', action: 'replace'}],
				bytes: publishedBytes.length,
				cleanup: {done: ['Source package holder deleted', 'Signed out of the source'], left: []},
			});
		} finally {
			result.dispose();
		}

		expect(fs.existsSync(result.file)).toBe(false);
	});
});

describe('the other package types, as the create page sends them', () => {
	it('configuration: the published body, and no X-MSTR-ProjectID on any call ("Make sure that the request header does not contain a project ID")', async () => {
		const body = bodyOf('doc-configuration');
		const result = await build(body, {overrides: {'GET /api/packages/{packageId}': definitionHolding(body)}});
		result.dispose();
		expect(calls('PUT', '/api/packages/{packageId}')[0]!.json).toEqual(body);
		expect(server!.log.filter(entry => 'x-mstr-projectid' in entry.headers).map(entry => entry.path)).toEqual([]);
		expect(result.details).toMatchObject({packageType: 'configuration', projectId: null, objects: [{name: 'Administrator', type: 34, typeName: 'User or group', action: 'replace'}]});
	});

	it('project security: the published body (no ACL on replacing objects, dependents not included), with the project', async () => {
		const body = bodyOf('doc-project-security');
		const result = await build(body, {overrides: {'GET /api/packages/{packageId}': definitionHolding(body)}});
		result.dispose();
		const [put] = calls('PUT', '/api/packages/{packageId}');
		expect(put!.json).toEqual(body);
		expect(put!.headers['x-mstr-projectid']).toBe(tutorial);
	});
});

describe('failures on the source', () => {
	it('the download as the page publishes it (200, no bytes): refused as no package, nothing kept, the holder still deleted', async () => {
		const error = await build(bodyOf('doc'), {overrides: {'GET /api/packages/{packageId}/binary': download}}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(PackportError);
		expect((error as PackportError).exitCode).toBe(1);
		expect((error as PackportError).message).toBe('MicroStrategy did not send the package: the server sent an empty package.');
		expect(sourceCleanupOf(error)).toEqual({done: ['Source package holder deleted', 'Signed out of the source'], left: []});
	});

	it('a server that holds other actions than those sent: exit 1 SOURCE_DEFINITION_DIFFERS, nothing downloaded', async () => {
		const other = withEdits(builtDefinition, {path: 'content.0.action', value: 'use_existing', why: 'a server that did not take the action sent'});
		const error = (await build(bodyOf('doc'), {overrides: {'GET /api/packages/{packageId}': other}}).catch((caught: unknown) => caught)) as PackportError;
		expect(error.vendorCode).toBe('SOURCE_DEFINITION_DIFFERS');
		expect(error.message).toBe(
			'MicroStrategy built the package, but not as asked for 1 object: Year (8D679D5111D3E4981000E787EC6DE8A4): asked replace, the server holds use_existing. Nothing was downloaded.',
		);
		expect(calls('GET', '/api/packages/{packageId}/binary')).toEqual([]);
		expect(calls('DELETE', '/api/packages/{packageId}')).toHaveLength(1);
	});

	it('a session gone before the PUT (the published 401): the error says so; cleanup says the holder went with the session', async () => {
		const error = await build(bodyOf('doc'), {
			overrides: {'PUT /api/packages/{packageId}': unauthorized, 'DELETE /api/packages/{packageId}': unauthorized, 'POST /api/auth/logout': unauthorized},
		}).catch((caught: unknown) => caught);
		expect((error as PackportError).status).toBe(401);
		expect(sourceCleanupOf(error)).toEqual({
			done: ['Source package holder deleted (went with the expired session)', 'Signed out of the source (the session had already ended)'],
			left: [],
		});
	});
});
