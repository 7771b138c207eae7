/**
 * Conformance (design.md §7): every answer of the Adobe emulator has the shape of what Adobe
 * publishes for the same endpoint (fixtures/vendor-samples/aep): the packages page, tools.md, the
 * OpenAPI spec, the gateway's error bodies. The emulator is driven over real HTTP as a client drives
 * Adobe. Adobe has no known drifts: any difference fails and names the field.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {aepDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {loadSample, servedBody} from '../helpers/replay-server.js';
import {formatDrifts, shapeDrifts, type ShapeOptions} from './shape.js';

type Answer = {status: number; body: unknown};
const answers = new Map<string, Answer>();
let plain: RunningEmulator;
let spec: RunningEmulator;

/** Calls one emulator as a client would: a token from its IMS, the four headers, JSON. */
const clientOf = async (emulator: RunningEmulator) => {
	const form = new URLSearchParams({grant_type: 'client_credentials', client_id: aepDemoCredentials.clientId, client_secret: aepDemoCredentials.clientSecret, scope: 'openid'});
	const tokenResponse = await fetch(`${emulator.urls.ims}/ims/token/v3`, {method: 'POST', body: form});
	const token = (await tokenResponse.json()) as {access_token: string};
	const headers = {authorization: `Bearer ${token.access_token}`, 'x-api-key': aepDemoCredentials.clientId, 'x-gw-ims-org-id': aepDemoCredentials.orgId, 'x-sandbox-name': 'prod', 'content-type': 'application/json'};
	const call = async (method: string, path: string, body?: unknown, extra: Record<string, string | undefined> = {}): Promise<Answer> => {
		const merged = Object.fromEntries(Object.entries({...headers, ...extra}).filter(([, value]) => value !== undefined)) as Record<string, string>;
		const response = await fetch(`${emulator.urls.aep}/data/foundation/exim${path}`, {method, headers: merged, body: body === undefined ? undefined : JSON.stringify(body)});
		const text = await response.text();
		return {status: response.status, body: text ? JSON.parse(text) : null};
	};

	return {token: {status: tokenResponse.status, body: token}, call};
};

const waitForJob = async (call: Awaited<ReturnType<typeof clientOf>>['call'], id: string): Promise<Answer> => {
	for (;;) {
		const answer = await call('GET', `/tools/job/${id}`);
		if ((answer.body as {object?: {jobStatus?: string}}).object?.jobStatus === 'SUCCESS') return answer;
		await new Promise(resolve => setTimeout(resolve, 20));
	}
};

beforeAll(async () => {
	plain = await startEmulator({port: 0, timing: {aepJobMs: 60}});
	spec = await startEmulator({port: 0, scenarios: ['aep-put-only', 'aep-submit-jobid'], timing: {aepJobMs: 60}});
	const {token, call} = await clientOf(plain);
	answers.set('token', token);
	const list = await call('GET', '/packages?start=0&limit=20&orderby=-createdDate');
	answers.set('packages', list);
	const pkg = (list.body as {data: Array<{id: string; name: string}>}).data.find(item => item.name === 'Acme Release 12')!;
	answers.set('package', await call('GET', `/packages/${pkg.id}`));
	answers.set('preflight', await call('GET', `/packages/preflight/${pkg.id}?targetSandbox=prod`));
	const conflicts = await call('GET', `/packages/${pkg.id}/import?targetSandbox=prod`);
	answers.set('conflicts', conflicts);
	const first = (conflicts.body as Array<{artifact: {id: string; type: string}}>)[0]!.artifact;
	answers.set('children', await call('POST', `/packages/${pkg.id}/children`, [{id: first.id, type: first.type}], {'x-sandbox-name': 'dev'}));
	const submit = await call('POST', '/packages/import', {id: pkg.id, name: 'conformance run', destinationSandbox: {name: 'prod', imsOrgId: aepDemoCredentials.orgId}, alternatives: {}});
	answers.set('submit', submit);
	const jobs = await call('GET', '/packages/jobs?property=requestType%3D%3DIMPORT&start=0&limit=50');
	answers.set('jobs', jobs);
	const jobId = (jobs.body as {data: Array<{id: string}>}).data[0]!.id;
	answers.set('job', await waitForJob(call, jobId));
	answers.set('no-token', await call('GET', '/packages', undefined, {authorization: undefined}));
	answers.set('bad-token', await call('GET', '/packages', undefined, {authorization: 'Bearer not-a-token'}));
	answers.set('no-api-key', await call('GET', '/packages', undefined, {'x-api-key': undefined}));
	answers.set('bad-api-key', await call('GET', '/packages', undefined, {'x-api-key': 'someone-else'}));
	answers.set('no-org', await call('GET', '/packages', undefined, {'x-gw-ims-org-id': undefined}));
	answers.set('bad-org', await call('GET', '/packages', undefined, {'x-gw-ims-org-id': 'AAAA@AdobeOrg'}));

	const other = await clientOf(spec);
	answers.set('submit-put', await other.call('PUT', '/packages/import', {id: pkg.id, name: 'conformance put', destinationSandbox: {name: 'prod', imsOrgId: aepDemoCredentials.orgId}, alternatives: {}}));
});

afterAll(async () => {
	await plain?.close();
	await spec?.close();
});

/** The answer's body held to the published samples (their bodies, with the edits their files declare). */
const check = (answer: string, samples: string[], options: ShapeOptions = {}, status?: number) => {
	const got = answers.get(answer)!;
	if (status !== undefined) expect(got.status, answer).toBe(status);
	const drifts = shapeDrifts(samples.map(name => servedBody(loadSample('aep', name))), got.body, options);
	expect(drifts, formatDrifts(drifts)).toEqual([]);
};

const maps = {maps: ['object.importReplacementMap', 'object.sourceParentArtifactMap']};

describe('the Adobe emulator answers as Adobe publishes', () => {
	it('POST /ims/token/v3 has the shape of ims-token.doc', () => check('token', ['ims-token.doc'], {}, 200));
	it('GET /packages has the shape of packages-list.doc', () => check('packages', ['packages-list.doc'], {}, 200));
	it('GET /packages/{PACKAGE_ID} has the shape of package-get.doc', () => check('package', ['package-get.doc'], {}, 200));
	it('GET /packages/preflight/{packageId} has the shape of preflight.doc', () => check('preflight', ['preflight.doc'], {}, 200));
	it('GET /packages/{PACKAGE_ID}/import has the shape of package-conflicts.doc', () => check('conflicts', ['package-conflicts.doc']));
	it('POST /packages/{PACKAGE_ID}/children has the shape of package-children.doc', () => check('children', ['package-children.doc']));
	it('POST /packages/import has the shape of import-submit.doc (no jobId)', () => check('submit', ['import-submit.doc']));
	it('PUT /packages/import (aep-submit-jobid) has the shape of import-submit.spec (with jobId)', () => check('submit-put', ['import-submit.spec']));
	it('GET /packages/jobs has the shape of jobs-list.doc: sandboxes are strings', () => check('jobs', ['jobs-list.doc'], {}, 200));
	it('GET /tools/job/{JOB_ID} has the shape of tools-job.doc', () => check('job', ['tools-job.doc'], maps, 200));

	it.each([
		['no-token', 'gateway-error.403010'],
		['bad-token', 'gateway-error.401013'],
		['no-api-key', 'gateway-error.403000'],
		['bad-api-key', 'gateway-error.403003'],
		['no-org', 'gateway-error.400003'],
		['bad-org', 'gateway-error.403027'],
	])('the gateway refusal %s is %s, status and body', (answer, name) => {
		const published = loadSample('aep', name);
		expect(answers.get(answer)).toEqual({status: published.response.status, body: published.response.body});
	});

	it('the comparator names the drift that hid the jobs-list bug: an object where Adobe sends a string', () => {
		const published = servedBody(loadSample('aep', 'jobs-list.doc')) as {data: Array<Record<string, unknown>>};
		const drifted = structuredClone(published);
		drifted.data[0]!.targetSandbox = {name: 'poc'};
		delete drifted.data[1]!.sourceSandBox;
		expect(shapeDrifts([published], drifted)).toEqual([
			{path: 'data.0.targetSandbox', problem: 'is object; the samples have string'},
			{path: 'data.1.sourceSandBox', problem: 'is missing; the samples have it'},
		]);
	});
});

/** The source half (package authoring), driven in the source sandbox as `packport packages` drives it. */
describe('the Adobe emulator authors packages as Adobe publishes', () => {
	const authored = new Map<string, Answer>();
	beforeAll(async () => {
		const {call} = await clientOf(plain);
		const dev = {'x-sandbox-name': 'dev'};
		const list = await call('GET', '/packages?start=0&limit=50', undefined, dev);
		const source = (list.body as {data: Array<{name: string; artifactsList: Array<{id: string; type: string}>}>}).data.find(item => item.name === 'Acme Release 12')!;
		const [first, second] = source.artifactsList;
		const created = await call(
			'POST',
			'/packages',
			{
				name: 'conformance',
				description: 'Acme Business Group',
				packageType: 'PARTIAL',
				sourceSandbox: {name: 'dev', imsOrgId: aepDemoCredentials.orgId},
				expiry: '2099-05-20T20:05:10Z',
				artifacts: [{...first, title: 'first'}],
			},
			dev,
		);
		authored.set('create', created);
		const id = (created.body as {id: string}).id;
		authored.set('add', await call('PUT', '/packages', {id, action: 'ADD', expiry: '2099-05-20T20:05:10Z', artifacts: [second]}, dev));
		authored.set('delete-artifacts', await call('PUT', '/packages', {id, action: 'DELETE', artifacts: [second]}, dev));
		authored.set('update', await call('PUT', '/packages', {id, action: 'UPDATE', name: 'conformance 2', description: 'Acme', sourceSandbox: {name: 'dev', imsOrgId: aepDemoCredentials.orgId}}, dev));
		authored.set('create-bad', await call('POST', '/packages', {name: 'no type'}, dev));
		authored.set('publish', await call('GET', `/packages/${id}/export`, undefined, dev));
		for (;;) {
			const answer = await call('GET', `/packages/${id}`, undefined, dev);
			if ((answer.body as {status?: string}).status !== 'PUBLISH_IN_PROGRESS') {
				authored.set('published', answer);
				break;
			}

			await new Promise(resolve => setTimeout(resolve, 20));
		}

		authored.set('delete', await call('DELETE', `/packages/${id}`, undefined, dev));
	});

	const held = (answer: string, samples: string[], status: number) => {
		const got = authored.get(answer)!;
		expect(got.status, answer).toBe(status);
		const drifts = shapeDrifts(samples.map(name => servedBody(loadSample('aep', name))), got.body);
		expect(drifts, formatDrifts(drifts)).toEqual([]);
	};

	it('POST /packages (201) has the shape of package-create.doc and .spec', () => held('create', ['package-create.doc', 'package-create.spec'], 201));
	it('PUT /packages ADD (201) has the shape of package-update.doc-add', () => held('add', ['package-update.doc-add', 'package-update.spec-add'], 201));
	it('PUT /packages DELETE (201) has the shape of package-update.doc-delete', () => held('delete-artifacts', ['package-update.doc-delete', 'package-update.spec-delete'], 201));
	it('PUT /packages UPDATE (201) has the shape of package-update.doc-update', () => held('update', ['package-update.doc-update', 'package-update.spec-update'], 201));
	it('GET /packages/{PACKAGE_ID}/export (200) has the shape of package-publish.doc-2025 and .spec (with jobId)', () => held('publish', ['package-publish.doc-2025', 'package-publish.spec'], 200));
	it('the package once published has the shape of package-get.doc, status PUBLISHED', () => {
		held('published', ['package-get.doc'], 200);
		expect((authored.get('published')!.body as {status: string}).status).toBe('PUBLISHED');
	});

	it('DELETE /packages/{PACKAGE_ID} (200) is package-delete.doc: {reason}', () => held('delete', ['package-delete.doc', 'package-delete.spec'], 200));
	it('a create Adobe refuses answers 400 in the problem shape of its gateway', () => held('create-bad', ['gateway-error.400-content-type'], 400));
});
