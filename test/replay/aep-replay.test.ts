/**
 * `packport import` for Adobe against a server that answers only with what Adobe publishes
 * (fixtures/vendor-samples/aep): the page's samples, the OpenAPI spec's, tools.md's and jobs.md's.
 * The built CLI runs as a child process over real HTTP; every request it sends is checked.
 */
import {afterEach, describe, expect, it, type TestContext} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {loadSample, verbatim, withEdits, type Answer, type ReplayServer, type Route} from '../helpers/replay-server.js';
import {jobsList, listedJobId, lookup, olderJobs, onePage, orgId, packageId, preflightDoc, preflightSpec, sample, startAepReplay, toolsJob} from './aep-samples.js';

let server: ReplayServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const setUp = async (overrides?: Partial<Record<string, Route['reply']>>) => {
	const started = await startAepReplay(overrides);
	server = started.server;
	return started.configDir;
};

const run = async (configDir: string, ref = packageId, ...extra: string[]) => {
	const result = await runCli(['import', '--profile', 'replay', '--package', ref, '--yes', '--json', '--poll-interval', '0.05', ...extra], {env: {PACKPORT_CONFIG_DIR: configDir}});
	return {...result, json: result.stdout ? JSON.parse(result.stdout) : undefined};
};

const submits = (on = server!) => on.log.filter(entry => entry.path.endsWith('/packages/import') && entry.method !== 'GET');
const drop = (): Answer => 'drop';

describe('Adobe, replayed from the published samples', () => {
	it("the page's answer has no jobId: the job is found by its name in the jobs list, whose targetSandbox is a string; exit 0", async () => {
		const configDir = await setUp();
		const {code, json, stderr} = await run(configDir);
		expect(code, stderr).toBe(0);
		expect(json).toMatchObject({ok: true, status: 'imported', jobId: listedJobId, details: {targetSandbox: 'poc'}});
		// Counts from the replacement map (4 sources, none substituted), never from message words.
		expect(json.details.tasks).toEqual({completed: 3, failed: 0, withErrors: 0, created: 4, reused: 0});
		expect(Object.keys(json.details.replacementMap)).toHaveLength(4);
		expect(json.details.toDos).toEqual(['Datasets arrive with Profile disabled: enable them for Profile where needed.']);

		const [submit] = submits();
		expect(submits()).toHaveLength(1);
		expect(submit!.method).toBe('POST');
		expect(submit!.json).toEqual({id: packageId, name: expect.stringMatching(/^acme \(packport [0-9a-f]{8}\)$/), description: 'Imported with packport', destinationSandbox: {name: 'poc', imsOrgId: orgId}, alternatives: {}});
		expect(server!.calls('GET', '/tools/job/{JOB_ID}').every(call => call.path.endsWith(listedJobId))).toBe(true);
	});

	it('every call carries the token, the client id and the org; x-sandbox-name is the source for the package and the target for the import', async () => {
		const configDir = await setUp();
		await run(configDir);
		const token = server!.calls('POST', '//ims/token/v3');
		expect(token).toHaveLength(1);
		expect(Object.fromEntries(new URLSearchParams(token[0]!.body))).toMatchObject({grant_type: 'client_credentials', client_id: 'replay-client', client_secret: 'replay-secret-2026'});
		const sandboxOf = (method: string, path: string) => server!.calls(method, path).map(call => call.headers['x-sandbox-name']);
		for (const call of server!.log.filter(entry => !entry.path.startsWith('/ims/'))) {
			expect(call.headers).toMatchObject({authorization: 'Bearer {ACCESS_TOKEN}', 'x-api-key': 'replay-client', 'x-gw-ims-org-id': orgId});
		}

		expect(sandboxOf('GET', '/packages/{PACKAGE_ID}')).toEqual(['acme-sandbox']);
		for (const [method, path] of [['GET', '/packages/preflight/{packageId}'], ['GET', '/packages/{PACKAGE_ID}/import'], ['POST', '/packages/import'], ['GET', '/packages/jobs'], ['GET', '/tools/job/{JOB_ID}']] as const) {
			const sandboxes = sandboxOf(method, path);
			expect(sandboxes.length, `${method} ${path}`).toBeGreaterThan(0);
			expect(new Set(sandboxes), `${method} ${path}`).toEqual(new Set(['poc']));
		}

		expect(server!.calls('GET', '/packages/preflight/{packageId}')[0]!.query.get('targetSandbox')).toBe('poc');
		expect(server!.calls('GET', '/packages/{PACKAGE_ID}/import')[0]!.query.get('targetSandbox')).toBe('poc');
		expect(server!.calls('GET', '/packages/jobs')[0]!.query.getAll('property')).toEqual(['requestType==IMPORT']);
	});

	it.each([405, 404])("the spec's server: POST refused with %i, the PUT answered with a jobId is followed by id; one submit accepted", async status => {
		const configDir = await setUp({'POST /packages/import': () => ({status, body: {title: status === 405 ? 'Method Not Allowed' : 'Not Found'}})});
		const {code, json, stderr} = await run(configDir);
		expect(code, stderr).toBe(0);
		expect(json.jobId).toBe('18abab44e25f40c284a4bd6e8f52fd29');
		expect(submits().map(call => call.method)).toEqual(['POST', 'PUT']);
		expect(server!.calls('GET', '/packages/jobs')).toHaveLength(0);
		expect(json.steps.map((step: {name: string}) => step.name)).not.toContain('find-job');
	});

	it("the newest page's answer carries a jobId too: followed by id, no search", async () => {
		const configDir = await setUp({'POST /packages/import': sample('POST', '/packages/import', 'doc-2025')});
		const {code, json} = await run(configDir);
		expect(code).toBe(0);
		expect(json.jobId).toBe('18abab44e25f40c284a4bd6e8f52fd29');
		expect(server!.calls('GET', '/packages/jobs')).toHaveLength(0);
	});

	it('a lost submit answer: the job is found by its name, reported submitted once; exit 0', async () => {
		const configDir = await setUp({'POST /packages/import': drop});
		const {code, json, stderr} = await run(configDir);
		expect(code, stderr).toBe(0);
		expect(json.jobId).toBe(listedJobId);
		expect(submits()).toHaveLength(1);
		expect(JSON.stringify(json)).not.toContain('safe to');
	});

	it('a lost submit answer and a jobs list the integration may not read: outcome unknown (exit 5), how to check, never "safe to run again"', async () => {
		const configDir = await setUp({'POST /packages/import': drop, 'GET /packages/jobs': loadSample('aep', 'gateway-error.403025')});
		const {code, json, stderr} = await run(configDir);
		expect(code).toBe(5);
		expect(json.error.message).toMatch(/could not be searched to the end/);
		expect(json.error.hint).toMatch(/Look for the job named "acme \(packport [0-9a-f]{8}\)" on the Sandboxes → Jobs page of sandbox poc/);
		expect(`${stderr}${JSON.stringify(json)}`).not.toMatch(/safe to|nothing was imported/i);
		expect(submits()).toHaveLength(1);
	});

	it('failedTasks (which tools.md says are updated in real time) are counted: exit 4, the failed artifacts named', async () => {
		// No published job shows a failed task: the tools.md job with its dataset task moved from
		// completedTasks to failedTasks, the key the page names.
		const job = structuredClone(toolsJob.response.body) as {object: {completedTasks: unknown[]; failedTasks?: unknown[]}};
		job.object.failedTasks = job.object.completedTasks.splice(2, 1);
		const configDir = await setUp({'GET /tools/job/{JOB_ID}': () => ({status: 200, body: job})});
		const {code, json} = await run(configDir);
		expect(code).toBe(4);
		expect(json.status).toBe('partial');
		expect(json.details.tasks).toMatchObject({completed: 2, failed: 1});
		expect(json.warnings[0]).toBe('1 artifact task failed: CATALOG_DATASET "drbFormSubmissions" (651344d1…): listed in failedTasks.');
	});

	it("jobs.md's task marked SUCCESS whose NO_CHANGE message is a 400 INVALID_REQUEST_PARAMS: a warning naming the artifact, exit 4", async () => {
		// jobs.md publishes the job as a JSON string in jobDetails; here it is served as the
		// /tools/job answer's object, which has the same fields.
		const details = JSON.parse((olderJobs.response.body as {object: Array<{jobDetails: string}>}).object[0]!.jobDetails) as Record<string, unknown>;
		const configDir = await setUp({'GET /tools/job/{JOB_ID}': () => ({status: 200, body: {status: 'OK', type: 'SUCCESS', message: 'Job found', object: details}})});
		const {code, json} = await run(configDir);
		expect(code).toBe(4);
		expect(json.details.tasks).toMatchObject({completed: 3, failed: 0, withErrors: 1});
		expect(json.warnings).toEqual(['1 artifact task marked SUCCESS carries an error: ID_NAMESPACE (Email): 400 INVALID_REQUEST_PARAMS: Please provide a valid value of namespace name. Check these artifacts in the target sandbox.']);
	});

	it('a job state Adobe does not document ends the wait at once with exit 5, not at the deadline', async () => {
		const job = structuredClone(toolsJob.response.body) as {object: Record<string, unknown>};
		job.object.jobStatus = 'PARTIALLY_DONE';
		const configDir = await setUp({'GET /tools/job/{JOB_ID}': () => ({status: 200, body: job})});
		const {code, json} = await run(configDir);
		expect(code).toBe(5);
		expect(json.error.message).toBe(`Adobe reports the state "PARTIALLY_DONE", which packport does not know for import job ${listedJobId}; its outcome is unknown.`);
		expect(server!.calls('GET', '/tools/job/{JOB_ID}')).toHaveLength(1);
	});

	it('"acme" names two packages in the published list: exit 2 listing each, nothing but the list read', async () => {
		const configDir = await setUp();
		const {code, json, stderr} = await run(configDir, 'acme');
		expect(code).toBe(2);
		expect(stderr.trim().split('\n')).toEqual([
			'Error: 2 packages are named "acme": 8f585fad94d042cd82dbcba594108a41 (PUBLISHED, published 2023-06-01, 2 artifacts); 0d7e427ce4cb4dc1b78e30ef61b125c1 (PUBLISHED, published 2023-05-31, 1 artifact).',
			'Hint: Pass --package with the id of the one to import.',
		]);
		expect(json.error.code).toBe('usage');
		expect(server!.log.filter(entry => !entry.path.startsWith('/ims/')).map(entry => `${entry.method} ${entry.path.replace('/data/foundation/exim', '')}`)).toEqual(['GET /packages']);
	});

	it('an unknown package id: exit 2 with one Error and one Hint line, no submit', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': () => ({status: 404, body: {title: 'Not Found'}})});
		const {code, stderr} = await run(configDir, 'ffffffffffffffffffffffffffffffff');
		expect(code).toBe(2);
		expect(stderr.trim().split('\n')).toEqual(['Error: No package named or with id "ffffffffffffffffffffffffffffffff" in the org.', 'Hint: Check the name (exact, case-sensitive) or pass the package id.']);
		expect(submits()).toHaveLength(0);
	});

	it('the published package has expired (its sample, verbatim): exit 2 before any import call', async () => {
		const configDir = await setUp({'GET /packages/{PACKAGE_ID}': verbatim(lookup)});
		const {code, stderr} = await run(configDir);
		expect(code).toBe(2);
		expect(stderr).toContain('Error: Package "acme" expired on 2023-08-30.');
		expect(server!.calls('GET', '/packages/preflight/{packageId}')).toHaveLength(0);
	});

	it("the preflight: the page's path answers 404, the spec's /export path is used", async () => {
		const configDir = await setUp({'GET /packages/preflight/{packageId}': () => ({status: 404, body: {title: 'Not Found'}}), 'GET /packages/preflight/{packageID}/export': preflightSpec});
		const {code} = await run(configDir);
		expect(code).toBe(0);
		expect(server!.log.filter(entry => entry.path.includes('/preflight/')).map(entry => entry.path.replace(/.*\/preflight\//, ''))).toEqual([packageId, `${packageId}/export`]);
	});

	it('the published preflight, verbatim, denies the merge policy: exit 3 naming what is missing, no submit', async () => {
		const configDir = await setUp({'GET /packages/preflight/{packageId}': preflightDoc});
		const {code, json} = await run(configDir);
		expect(code).toBe(3);
		expect(json.error.code).toBe('PREFLIGHT_DENIED');
		expect(json.error.message).toBe('The integration may not create 1 artifact in sandbox poc: PROFILE_MERGE (36bb82bc…) needs ProfileConfig: write/delete, Dataset: read.');
		expect(submits()).toHaveLength(0);
	});
});

// Eight searches of the jobs list at least 250 ms apart (packport's floor, whatever
// --poll-interval says): each of these tests has its own server, so they wait side by side.
describe.concurrent('Adobe, replayed: searching the jobs list for a job the answer did not name', () => {
	const own = async (onTestFinished: TestContext['onTestFinished'], overrides: Partial<Record<string, Route['reply']>>) => {
		const started = await startAepReplay(overrides);
		onTestFinished(async () => started.server.close());
		return started;
	};

	it('a lost submit answer and a jobs list that never ends (the published page, hasNextPage true, served again and again): exit 5', async ({onTestFinished}) => {
		const {server, configDir} = await own(onTestFinished, {'POST /packages/import': drop, 'GET /packages/jobs': verbatim(jobsList)});
		const {code, json} = await run(configDir);
		expect(code).toBe(5);
		expect(json.error.message).toContain('the server sent the same page twice');
		expect(submits(server)).toHaveLength(1);
	});

	it('a lost submit answer and complete searches that find no such job: the import did not start, safe to run again (exit 3)', async ({onTestFinished}) => {
		const {server, configDir} = await own(onTestFinished, {'POST /packages/import': drop, 'GET /packages/jobs': withEdits(jobsList, onePage)});
		const {code, json} = await run(configDir);
		expect(code).toBe(3);
		expect(json.error.message).toMatch(/8 complete searches of the jobs list over \d+ s found no job named "acme \(packport [0-9a-f]{8}\)" in sandbox poc, so the import did not start/);
		expect(json.error.hint).toBe('It is safe to run the import again once Adobe answers.');
		expect(server.calls('GET', '/packages/jobs').length).toBeGreaterThanOrEqual(8);
	});

	it('an answer without a jobId and a job that never appears: exit 5 naming the job and where to look', async ({onTestFinished}) => {
		const {configDir} = await own(onTestFinished, {'GET /packages/jobs': withEdits(jobsList, onePage)});
		const {code, json} = await run(configDir);
		expect(code).toBe(5);
		expect(json.error.message).toMatch(/submitted as "acme \(packport [0-9a-f]{8}\)", but no job by that name appeared/);
		expect(json.error.hint).toContain('Sandboxes → Jobs page of sandbox poc');
	});
});
