/**
 * `packport packages …` for Adobe against a server that answers only with what Adobe publishes
 * (fixtures/vendor-samples/aep): the packages page's create, update (ADD / DELETE / UPDATE), delete,
 * publish, list and children samples. The built CLI runs as a child process over real HTTP; every
 * request it sends is checked against the page's request: method, path, headers, body.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {servedBody, withEdits, type Recorded, type ReplayServer, type Route, type Sample} from '../helpers/replay-server.js';
import {children, lookup, onePage, orgId, packageList, sample, startAepReplay, toolsJob} from './aep-samples.js';

const create = sample('POST', '/packages');
const add = sample('PUT', '/packages', 'doc-add');
const remove = sample('PUT', '/packages', 'doc-delete');
const update = sample('PUT', '/packages', 'doc-update');
const deleted = sample('DELETE', '/packages/{PACKAGE_ID}');
const publishDoc = sample('GET', '/packages/{PACKAGE_ID}/export');
const publish2025 = sample('GET', '/packages/{PACKAGE_ID}/export', 'doc-2025');

/** The page's updates are all on package 6fa50baedd344a278129a87e68cc9dc7; its UPDATE answer is that package, DRAFT. */
const draftId = '6fa50baedd344a278129a87e68cc9dc7';
const draftLookup = update;
const publishedId = '8f585fad94d042cd82dbcba594108a41';

let server: ReplayServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const setUp = async (overrides: Partial<Record<string, Route['reply']>> = {}) => {
	const started = await startAepReplay(overrides);
	server = started.server;
	return started.configDir;
};

const run = async (configDir: string, ...args: string[]) => {
	const result = await runCli(['packages', ...args, '--profile', 'replay', '--json'], {env: {PACKPORT_CONFIG_DIR: configDir}});
	return {...result, json: result.stdout ? JSON.parse(result.stdout) : undefined};
};

/** The exim calls (the token request aside). */
const eximCalls = () => server!.log.filter(entry => !entry.path.startsWith('/ims/'));

/** What every authoring call carries: the token, the client id, the org and the SOURCE sandbox, lower case. */
const expectHeaders = (call: Recorded) =>
	expect(call.headers).toMatchObject({authorization: 'Bearer {ACCESS_TOKEN}', 'x-api-key': 'replay-client', 'x-gw-ims-org-id': orgId, 'x-sandbox-name': 'acme-sandbox'});

/** A lookup that answers `before` until the export call arrived, `after` from then on. */
const lookupAround = (before: Sample, after: Sample) => (_request: Recorded, log: Recorded[]) => (log.some(entry => entry.path.endsWith('/export')) ? after : before);

const lookupAs = (status: string, why: string) => withEdits(lookup, {path: 'status', value: status, why});

describe('Adobe package authoring, replayed from the published samples', () => {
	it("create: the page's request body from --name, --description, --expiry and --artifact; the answer's stray JOURNEY is reported (exit 4)", async () => {
		const configDir = await setUp({'POST /packages': create});
		const {code, json, stderr} = await run(
			configDir,
			'create',
			'--name',
			'acme',
			'--description',
			'Acme Business Group',
			// The expiry the sample's declared edit puts in the answer (the published one is in 2023).
			'--expiry',
			'2100-01-01T00:00:00Z',
			'--artifact',
			'PROFILE_SEGMENT:27115daa-c92b-4f17-a077-d65ffeb0c525',
			'--yes',
		);
		const [call, ...more] = eximCalls();
		expect(more).toEqual([]);
		expect(call!.method).toBe('POST');
		expect(call!.path).toBe('/data/foundation/exim/packages');
		expectHeaders(call!);
		expect(call!.headers['content-type']).toMatch(/^application\/json/);
		// The page's body, but for the expiry (the published one is in 2023) and the title, which a flag cannot give.
		const {title: _title, ...artifact} = (create.request!.body as {artifacts: Array<Record<string, string>>}).artifacts[0]!;
		expect(call!.json).toEqual({...(create.request!.body as object), expiry: '2100-01-01T00:00:00Z', artifacts: [artifact]});
		// The published answer lists a JOURNEY the request never sent (notes of package-create.doc): said, not hidden.
		expect(code, stderr).toBe(4);
		expect(json).toMatchObject({ok: false, exitCode: 4, sandbox: 'acme-sandbox', package: {id: '209f886b00444eac9bb5836fe32e7681', status: 'DRAFT', packageType: 'PARTIAL'}});
		expect(json.warnings).toEqual([`Adobe's answer does not list PROFILE_SEGMENT (27115daa…); it lists JOURNEY (d8d8ed6d…).`]);
	});

	it("create --from the page's create body: sent as published, titles included; its 2023 expiry left out with a warning", async () => {
		const configDir = await setUp({'POST /packages': create});
		const file = path.join(makeTempDir(), 'package.json');
		fs.writeFileSync(file, JSON.stringify(create.request!.body));
		const {json} = await run(configDir, 'create', '--from', file, '--yes');
		const {expiry: _expiry, ...published} = create.request!.body as Record<string, unknown>;
		expect(eximCalls().map(call => call.json)).toEqual([published]);
		expect(json.warnings[0]).toBe("The file's expiry 2023-05-20T20:05:10Z has passed; Adobe's default (90 days) applies.");
	});

	it('add: PUT /packages with action ADD as the page sends it, the expiry kept (Adobe resets it to 90 days without one); exit 0', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': draftLookup, 'PUT /packages': add});
		const {code, json, stderr} = await run(configDir, 'add', draftId, '--artifact', 'JOURNEY:d8d8ed6d-696a-40bd-b4fe-ca053ec94e29@1647559351683', '--yes');
		expect(code, stderr).toBe(0);
		const [lookupCall, put] = eximCalls();
		expect(lookupCall!.method).toBe('GET');
		expect(lookupCall!.path).toBe(`/data/foundation/exim/packages/${draftId}`);
		expect(put!.method).toBe('PUT');
		expect(put!.path).toBe('/data/foundation/exim/packages');
		for (const call of [lookupCall!, put!]) expectHeaders(call);
		// The lookup's expiry (4102444800000, the sample's declared edit) goes back as the page writes dates.
		expect(put!.json).toEqual({...(add.request!.body as object), expiry: '2100-01-01T00:00:00Z'});
		expect(json.package.artifacts.map((artifact: {id: string}) => artifact.id)).toEqual(['d8d8ed6d-696a-40bd-b4fe-ca053ec94e29@1647559351683', 'd8d8ed6d-696a-40bd-b4fe-ca053ec94e29']);
	});

	it('remove: PUT /packages with action DELETE as the page sends it (plus the kept expiry); the answer confirms it; exit 0', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': draftLookup, 'PUT /packages': remove});
		const {code, json, stderr} = await run(configDir, 'remove', draftId, '--artifact', 'journey:d8d8ed6d-696a-40bd-b4fe-ca053ec94e29@1647559351683', '--yes');
		expect(code, stderr).toBe(0);
		const put = server!.calls('PUT', '/packages')[0]!;
		expectHeaders(put);
		expect(put.json).toEqual({...(remove.request!.body as object), expiry: '2100-01-01T00:00:00Z'});
		expect(json.warnings).toEqual([]);
	});

	it("remove: an answer that still lists the artifact is not reported done (exit 4, named)", async () => {
		// The ADD answer (two journeys, the versioned one included) served for the DELETE: a server that did not remove it.
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': draftLookup, 'PUT /packages': add});
		const {code, json} = await run(configDir, 'remove', draftId, '--artifact', 'JOURNEY:d8d8ed6d-696a-40bd-b4fe-ca053ec94e29@1647559351683', '--yes');
		expect(code).toBe(4);
		expect(json.warnings).toEqual(["Adobe's answer still lists JOURNEY (d8d8ed6d…)."]);
	});

	it("update: PUT /packages with action UPDATE is the page's request exactly (name and sourceSandbox are mandatory, taken from the package)", async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': draftLookup, 'PUT /packages': update});
		const {code, stderr} = await run(configDir, 'update', draftId, '--description', 'Acme Business Group', '--yes');
		expect(code, stderr).toBe(0);
		const put = server!.calls('PUT', '/packages')[0]!;
		expectHeaders(put);
		expect(put.json).toEqual(update.request!.body);
	});

	it('update --name: an answer with the old name is not reported as renamed (exit 4)', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': draftLookup, 'PUT /packages': update});
		const {code, json} = await run(configDir, 'update', draftId, '--name', 'Acme Corp', '--yes');
		expect(code).toBe(4);
		expect((server!.calls('PUT', '/packages')[0]!.json as {name: string}).name).toBe('Acme Corp');
		expect(json.warnings).toEqual([`Adobe's answer names the package "acme", not "Acme Corp".`]);
	});

	it("delete: DELETE /packages/{id} with the source sandbox, no body; Adobe's reason printed; exit 0", async () => {
		const configDir = await setUp({'DELETE /packages/{PACKAGE_ID}': deleted});
		const {code, json, stderr} = await run(configDir, 'delete', publishedId, '--yes');
		expect(code, stderr).toBe(0);
		const call = server!.calls('DELETE', '/packages/{PACKAGE_ID}');
		expect(call).toHaveLength(1);
		expect(call[0]!.path).toBe(`/data/foundation/exim/packages/${publishedId}`);
		expect(call[0]!.body).toBe('');
		expectHeaders(call[0]!);
		expect(json).toMatchObject({ok: true, deleted: {id: publishedId, name: 'acme'}, reason: 'Package d30e0424a37b46ada6a5cf37f47a86ff deleted'});
	});

	it.each([
		['doc (no jobId)', publishDoc],
		['doc-2025 (with jobId)', publish2025],
	])("publish, the page's %s answer: GET /packages/{id}/export once, then the package is read until PUBLISHED; exit 0", async (_name, answer) => {
		const configDir = await setUp({
			'GET /packages/{PACKAGE_ID}': lookupAround(lookupAs('DRAFT', 'the package is a draft until the export call'), lookup),
			'GET /packages/{PACKAGE_ID}/export': answer,
		});
		const {code, json, stderr} = await run(configDir, 'publish', publishedId, '--yes', '--poll-interval', '0.05');
		expect(code, stderr).toBe(0);
		const exports = server!.calls('GET', '/packages/{PACKAGE_ID}/export');
		expect(exports).toHaveLength(1);
		expect(exports[0]!.path).toBe(`/data/foundation/exim/packages/${publishedId}/export`);
		expect([...exports[0]!.query.keys()]).toEqual([]);
		for (const call of eximCalls()) expectHeaders(call);
		expect(json.package).toMatchObject({id: publishedId, status: 'PUBLISHED'});
	});

	it('publish --expiry DATE asks for it as expiryPeriod days (the only expiry the publish takes)', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': lookupAround(lookupAs('DRAFT', 'a draft before the export'), lookup), 'GET /packages/{PACKAGE_ID}/export': publishDoc});
		const days = 30;
		const date = new Date(Date.now() + days * 86_400_000 - 3_600_000).toISOString().slice(0, 19) + 'Z';
		await run(configDir, 'publish', publishedId, '--expiry', date, '--yes', '--poll-interval', '0.05');
		expect(server!.calls('GET', '/packages/{PACKAGE_ID}/export')[0]!.query.get('expiryPeriod')).toBe(String(days));
	});

	it('publish ending PUBLISH_FAILED with a jobId: exit 1, the reason read from the export job (GET /tools/job/{jobId})', async () => {
		// No published job shows a failure: the tools.md job with its dataset task moved to failedTasks, the key the page names.
		const job = structuredClone(servedBody(toolsJob)) as {object: {completedTasks: unknown[]; failedTasks?: unknown[]}};
		job.object.failedTasks = job.object.completedTasks.splice(2, 1);
		const configDir = await setUp({
			'GET /packages/{PACKAGE_ID}': lookupAround(lookupAs('DRAFT', 'a draft before the export'), lookupAs('PUBLISH_FAILED', 'the publish fails')),
			'GET /packages/{PACKAGE_ID}/export': publish2025,
			'GET /tools/job/{JOB_ID}': () => ({status: 200, body: job}),
		});
		const {code, json} = await run(configDir, 'publish', publishedId, '--yes', '--poll-interval', '0.05');
		expect(code).toBe(1);
		expect(json.error.code).toBe('PUBLISH_FAILED');
		expect(json.error.message).toMatch(/^Adobe could not publish package "acme" \(8f585fad94d042cd82dbcba594108a41\): PUBLISH_FAILED: CATALOG_DATASET "drbFormSubmissions" \(651344d1…\): /);
		expect(server!.calls('GET', '/tools/job/{JOB_ID}')[0]!.path).toMatch(/\/tools\/job\/18abab44e25f40c284a4bd6e8f52fd29$/);
	});

	it('publish ending PUBLISH_FAILED without a jobId: exit 1, and says Adobe gives no reason', async () => {
		const configDir = await setUp({
			'GET /packages/{PACKAGE_ID}': lookupAround(lookupAs('DRAFT', 'a draft before the export'), lookupAs('PUBLISH_FAILED', 'the publish fails')),
			'GET /packages/{PACKAGE_ID}/export': publishDoc,
		});
		const {code, json} = await run(configDir, 'publish', publishedId, '--yes', '--poll-interval', '0.05');
		expect(code).toBe(1);
		expect(json.error.message).toContain('PUBLISH_FAILED, and Adobe gives no reason on the package');
		expect(server!.calls('GET', '/tools/job/{JOB_ID}')).toHaveLength(0);
	});

	it('publish with its answer lost: the package read back says PUBLISH_IN_PROGRESS, so the wait goes on; one export call; exit 0', async () => {
		const lookups = (log: Recorded[]) => log.filter(entry => entry.method === 'GET' && entry.route === '/packages/{PACKAGE_ID}').length;
		const configDir = await setUp({
			// A draft until the export call; read back once as publishing; published from the next read on.
			'GET /packages/{PACKAGE_ID}': (_request, log) =>
				!log.some(entry => entry.path.endsWith('/export'))
					? lookupAs('DRAFT', 'a draft before the export')
					: lookups(log) <= 2
						? lookupAs('PUBLISH_IN_PROGRESS', 'the publish runs')
						: lookup,
			'GET /packages/{PACKAGE_ID}/export': () => 'drop',
		});
		const {code, stderr} = await run(configDir, 'publish', publishedId, '--yes', '--poll-interval', '0.05');
		expect(code, stderr).toBe(0);
		expect(server!.calls('GET', '/packages/{PACKAGE_ID}/export')).toHaveLength(1);
	});

	it('publish with its answer lost and the package still DRAFT: the connection error (exit 3), not sent again', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': lookupAs('DRAFT', 'a draft that stays one'), 'GET /packages/{PACKAGE_ID}/export': () => 'drop'});
		const {code, json} = await run(configDir, 'publish', publishedId, '--yes', '--poll-interval', '0.05');
		expect(code).toBe(3);
		expect(json.error.message).toMatch(/^Can't reach http:\/\/127\.0\.0\.1:\d+ \(publishing the package\)/);
		expect(server!.calls('GET', '/packages/{PACKAGE_ID}/export')).toHaveLength(1);
	});

	it('create with its answer lost: outcome unknown (exit 5), look before creating again; never sent twice', async () => {
		const configDir = await setUp({'POST /packages': () => 'drop'});
		const {code, json} = await run(configDir, 'create', '--name', 'acme', '--artifact', 'JOURNEY:d8d8ed6d-696a-40bd-b4fe-ca053ec94e29', '--yes');
		expect(code).toBe(5);
		expect(json.error.message).toMatch(/Whether Adobe created package "acme" is unknown\.$/);
		expect(json.error.hint).toBe('Look for it with packport packages list --profile replay --status DRAFT before creating it again.');
		expect(server!.calls('POST', '/packages')).toHaveLength(1);
	});

	it('delete with its answer lost: the package read back is 404, so it is reported deleted, saying how it is known', async () => {
		const configDir = await setUp({
			'DELETE /packages/{PACKAGE_ID}': () => 'drop',
			'GET /packages/{PACKAGE_ID}': (_request, log) => (log.some(entry => entry.method === 'DELETE') ? {status: 404, body: {title: 'Not Found'}} : lookup),
		});
		const {code, json} = await run(configDir, 'delete', publishedId, '--yes');
		expect(code).toBe(0);
		expect(json).toMatchObject({deleted: {id: publishedId}, readBack: true, reason: expect.stringMatching(/the package now reads 404 Not Found$/)});
		expect(server!.calls('DELETE', '/packages/{PACKAGE_ID}')).toHaveLength(1);
	});

	it("publish of a PUBLISHED package sends no export call (promote's 'publish if needed'); exit 0", async () => {
		const configDir = await setUp();
		const {code} = await run(configDir, 'publish', publishedId, '--yes');
		expect(code).toBe(0);
		expect(server!.calls('GET', '/packages/{PACKAGE_ID}/export')).toHaveLength(0);
	});

	it("list --status: the page's property filter, newest first; both packages named acme listed", async () => {
		const configDir = await setUp({'GET /packages': withEdits(packageList, onePage)});
		const {code, json} = await run(configDir, 'list', '--status', 'DRAFT', '--status', 'published');
		expect(code).toBe(0);
		const call = server!.calls('GET', '/packages')[0]!;
		expectHeaders(call);
		expect(call.query.getAll('property')).toEqual(['status==DRAFT,PUBLISHED']);
		expect(call.query.get('orderby')).toBe('-createdDate');
		expect(json.packages.map((pkg: {name: string; id: string}) => `${pkg.name} ${pkg.id}`)).toEqual(['acme 8f585fad94d042cd82dbcba594108a41', 'acme 0d7e427ce4cb4dc1b78e30ef61b125c1']);
	});

	it('list: a list that says hasNextPage forever (the published page served again) ends with an error, not a silent cut', async () => {
		const configDir = await setUp({'GET /packages': packageList});
		const {code, json} = await run(configDir, 'list');
		expect(code).toBe(1);
		expect(json.error.message).toMatch(/did not come to an end \(2 packages read/);
		expect(server!.calls('GET', '/packages').length).toBe(2);
	});

	it("show: the package and its dependents (POST /packages/{id}/children with its artifacts, the source sandbox)", async () => {
		const configDir = await setUp();
		const {code, json} = await run(configDir, 'show', publishedId);
		expect(code).toBe(0);
		const call = server!.calls('POST', '/packages/{PACKAGE_ID}/children')[0]!;
		expectHeaders(call);
		expect(call.json).toEqual([
			{id: 'f4f57771-2bd2-469a-9c13-8d803eeb6515', type: 'JOURNEY'},
			{id: '7f4caca7-a477-400d-a41e-c4735f8e780d', type: 'JOURNEY'},
		]);
		expect(json.dependents).toHaveLength((servedBody(children) as unknown[]).length);
		expect(json.dependents[0]).toMatchObject({type: 'MAPPING_SET', children: [{type: 'REGISTRY_SCHEMA', title: 'Dean Dataset 1 - adhoc schema - 1618950408870'}]});
	});

	it('bad input sends nothing: an unknown artifact type, a past expiry, a published package to add to', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': lookup});
		const unknown = await run(configDir, 'create', '--name', 'x', '--artifact', 'IDENTITY_NAMESPACE:email', '--yes');
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/^Error: --artifact IDENTITY_NAMESPACE:email: "IDENTITY_NAMESPACE" is not an Adobe artifact type\.\nHint: Did you mean ID_NAMESPACE\?/);
		const past = await run(configDir, 'update', draftId, '--expiry', '2023-05-20', '--yes');
		expect(past.code).toBe(2);
		expect(server!.log).toHaveLength(0);
		// Published packages are immutable: refused after the lookup, before any PUT.
		const immutable = await run(configDir, 'add', publishedId, '--artifact', 'JOURNEY:d8d8ed6d-696a-40bd-b4fe-ca053ec94e29', '--yes');
		expect(immutable.code).toBe(2);
		expect(immutable.json.error.message).toBe('Package "acme" is PUBLISHED; a published package cannot be changed.');
		expect(server!.log.filter(entry => entry.method === 'PUT')).toHaveLength(0);
	});
});
