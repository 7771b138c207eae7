/**
 * Conformance (design.md §7): every answer of the Vault emulator has the shape of the sample Veeva
 * published for the same endpoint (fixtures/vendor-samples/vault). The emulator is driven over real
 * HTTP the way a client drives Vault; each drift it has today is listed with its reason and the issue
 * that removes it, and a listed drift that no longer happens fails too, so the lists only shrink.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {listSamples, loadSample, servedBody, type Sample} from '../helpers/replay-server.js';
import {againstKnown, formatDrifts, shapeDrifts, type Drift, type ShapeOptions} from './shape.js';

const version = 'v25.2';
const routesFile = path.resolve(import.meta.dirname, '../../source/emulator/vault/routes.ts');
const smallVpk = path.resolve(import.meta.dirname, '../../fixtures/vault/small.vpk');

type Answer = {status: number; body: unknown};
/** One emulator answer held to one or more published variants of the same answer. */
type Pair = {answer: string; samples: string[]; options?: ShapeOptions};
type Endpoint = {pairs: Pair[]; known?: Record<string, string>};

const issue13 = (why: string) => `${why} (issue 13)`;

const endpoints: Endpoint[] = [
	{
		pairs: [
			{answer: 'auth', samples: ['auth.doc-25.2']},
			// The only published login failure; a wrong password answers with the same envelope.
			{answer: 'auth-no-password', samples: ['auth.doc-25.2-no-password']},
			{answer: 'auth-wrong-password', samples: ['auth.doc-25.2-no-password']},
		],
		known: {'apiVersion is not in any published sample': issue13('the emulator echoes the API version it was called with')},
	},
	{
		// small.vpk is a clean package; the sample is a Blocked one, which changes values, not keys.
		pairs: [{answer: 'validate', samples: ['package-validate.doc-25.2']}],
		known: {
			'responseDetails.package_steps.0.dependencies is an empty array': issue13('the emulator lists only missing dependencies, never the "In Target" ones Vault lists'),
			'responseDetails.package_steps.1.dependencies is an empty array': issue13('the emulator lists only missing dependencies, never the "In Target" ones Vault lists'),
		},
	},
	{
		// 17.1 and 18.2 answered synchronously (vaultPackage); since 20.2 the import is a job, as here.
		pairs: [{answer: 'import', samples: ['package-import.doc-23.1', 'package-import.doc-25.2']}],
	},
	{
		pairs: [
			{answer: 'import-job', samples: ['job-status.doc-23.1', 'job-status.doc-25.2']},
			{answer: 'deploy-job', samples: ['job-status.doc-23.1', 'job-status.doc-25.2']},
			{answer: 'job-poll-too-soon', samples: ['job-status.code-api-limit-exceeded']},
			// No INVALID_SESSION_ID body is published (INDEX.md "Left out"); this endpoint's only FAILURE sample stands in.
			{answer: 'job-invalid-session', samples: ['job-status.code-api-limit-exceeded']},
		],
		known: {
			'data.run_start_date is missing': issue13('finished jobs carry no run_start_date'),
			'data.run_end_date is missing': issue13('finished jobs carry no run_end_date'),
		},
	},
	{
		pairs: [{answer: 'monitors', samples: ['jobs-monitors.doc-25.2']}],
		known: {
			'responseMessage is missing': issue13('no responseMessage on job lists'),
			'url is missing': issue13('no url on job lists'),
			'responseDetails.size is not in any published sample': issue13('the emulator adds a page size'),
			'jobs.0.modified_by is missing': issue13('job items carry no modified_by'),
			'jobs.0.modified_date is missing': issue13('job items carry no modified_date'),
		},
	},
	{
		pairs: [
			{
				answer: 'histories',
				samples: ['jobs-histories.doc-25.2'],
				options: {allowedMissing: {'responseDetails.next_page': 'only when there is a next page: jobs-monitors.doc-25.2 (total 3, limit 50) has none'}},
			},
		],
		known: {
			'responseMessage is missing': issue13('no responseMessage on job lists'),
			'url is missing': issue13('no url on job lists'),
			'responseDetails.size is not in any published sample': issue13('the emulator adds a page size'),
			'jobs.0.modified_by is missing': issue13('job items carry no modified_by'),
			'jobs.0.modified_date is missing': issue13('job items carry no modified_date'),
			'jobs.1.modified_by is missing': issue13('job items carry no modified_by'),
			'jobs.1.modified_date is missing': issue13('job items carry no modified_date'),
		},
	},
	{
		pairs: [{answer: 'deploy', samples: ['package-deploy.doc-25.2']}],
	},
	{
		pairs: [
			{
				answer: 'deploy-results',
				samples: ['package-deploy-results.doc-25.2'],
				options: {
					allowedMissing: {
						'responseDetails.data_deployment_log': '25.2 ref, Retrieve Package Deploy Results: "If the deployed package includes datasets, the response also provides the data_deployment_log"; small.vpk has none',
					},
				},
			},
		],
		known: {
			'package_steps.0.id is missing': issue13('deploy-result steps carry no id'),
			'package_steps.1.id is missing': issue13('deploy-result steps carry no id'),
			'package_steps.0.package_components is missing': issue13('no package_components on steps'),
			'package_steps.1.package_components is missing': issue13('no package_components on steps'),
			'package_steps.0.package_data is missing': issue13('no package_data on steps'),
			'package_steps.1.package_data is missing': issue13('no package_data on steps'),
			'package_steps.0.package_code is missing': issue13('no package_code on steps'),
			'package_steps.1.package_code is missing': issue13('no package_code on steps'),
			'package_steps.0.deployment_action is not in any published sample': issue13('steps reuse the validate step shape'),
			'package_steps.1.deployment_action is not in any published sample': issue13('steps reuse the validate step shape'),
			'package_steps.0.dependencies is not in any published sample': issue13('steps reuse the validate step shape'),
			'package_steps.1.dependencies is not in any published sample': issue13('steps reuse the validate step shape'),
			'responseDetails.deployment_log.0.url is not the documented': issue13('log urls end in /attachments/{file}, not /attachments/{attachment_id}/versions/{attachment_version}/file'),
			'responseDetails.deployment_log.1.url is not the documented': issue13('log urls end in /attachments/{file}, not /attachments/{attachment_id}/versions/{attachment_version}/file'),
		},
	},
	{
		pairs: [{answer: 'session-end', samples: ['session-end.doc-25.2']}],
	},
];

/**
 * Served without a published sample, so nothing to hold them to until one is found:
 * - Retrieve Package Import Results (the job's `artifacts` link): no reference page in the 25.2 copy
 *   nor on limited.veevavault.dev; VAPIL has a model (PackageImportResultsResponse) but no JSON resource.
 * - The log download: Veeva documents `.../attachments/{attachment_id}/versions/{attachment_version}/file`
 *   (object-attachment-version-file.doc-25.2.json, headers only); the emulator serves `.../attachments/{file}`.
 */
const servedWithoutSample = ['GET /vobject/vault_package__v/{}/actions/import/results', 'GET /vobjects/vault_package__v/{}/attachments/{}'];
/** Published, but packport does not call them and the emulator does not serve them. */
const sampledNotServed = [
	'POST /keep-alive',
	'POST /services/vobject/vault_package__v/{}/actions/validate',
	'POST /services/configuration_mode/actions/enable',
	'POST /services/configuration_mode/actions/disable',
	'GET /vobjects/{}/{}/attachments/{}/versions/{}/file',
];

const samplesOf = (names: string[]) => names.map(name => loadSample('vault', name));
const endpointOf = (sample: Sample) => `${sample.endpoint.method} ${sample.endpoint.path}`;
const generic = (endpoint: string) => endpoint.replace(/\{[^}]+\}|:\w+/g, '{}');
const fileNames = (endpoint: Endpoint) => [...new Set(endpoint.pairs.flatMap(pair => pair.samples))].map(name => `${name}.json`).join(', ');

let emulator: RunningEmulator | undefined;
const answers = new Map<string, Answer>();

/** A log url must point where Vault documents its attachment downloads (deploy results only). */
const logUrlDrifts = (body: unknown): Drift[] => {
	const logs = (body as {responseDetails?: {deployment_log?: Array<{url?: unknown}>}}).responseDetails?.deployment_log ?? [];
	return logs.flatMap((log, index) =>
		typeof log.url === 'string' && !/\/vobjects\/vault_package__v\/[^/]+\/attachments\/[^/]+\/versions\/[^/]+\/file$/.test(log.url)
			? [{path: `responseDetails.deployment_log.${index}.url`, problem: 'is not the documented .../attachments/{attachment_id}/versions/{attachment_version}/file'}]
			: [],
	);
};

const driftsOf = (pair: Pair): Drift[] => {
	const answer = answers.get(pair.answer);
	if (!answer) return [{path: '(answer)', problem: `${pair.answer} was never received`}];
	const samples = samplesOf(pair.samples);
	const expectedStatus = samples[0]!.response.status;
	return [
		...(answer.status === expectedStatus ? [] : [{path: '(status)', problem: `is HTTP ${answer.status}; the samples have ${expectedStatus}`}]),
		...shapeDrifts(samples.map(sample => servedBody(sample)), answer.body, pair.options),
		...(pair.answer === 'deploy-results' ? logUrlDrifts(answer.body) : []),
	];
};

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

beforeAll(async () => {
	// Jobs take 300 ms; one status call per job per 150 ms (Vault: 10 s), so the client polls every 160 ms.
	// Wide enough that a loaded machine still sees the queued job in the monitors and the early poll refused.
	emulator = await startEmulator({port: 0, timing: {vaultJobMs: 300, vaultPollLimitMs: 150}});
	const api = `${emulator.urls.vault}/api/${version}`;
	let session = '';
	const call = async (name: string, method: string, route: string, {form, file, auth = session, href}: {form?: Record<string, string>; file?: string; auth?: string; href?: string} = {}) => {
		const headers: Record<string, string> = {accept: 'application/json', ...(auth ? {authorization: auth} : {})};
		let body: FormData | URLSearchParams | undefined;
		if (file) {
			body = new FormData();
			body.set('file', new Blob([fs.readFileSync(file)]), path.basename(file));
		} else if (form) body = new URLSearchParams(form);
		const response = await fetch(href ? new URL(href, emulator!.origin) : `${api}${route}`, {method, headers, body});
		const text = await response.text();
		const answer = {status: response.status, body: text ? (JSON.parse(text) as unknown) : null};
		answers.set(name, answer);
		return answer.body as Record<string, any>;
	};

	/** Polls like a client: never sooner than the poll window; returns the finished job. */
	const waitForJob = async (name: string, jobId: number) => {
		for (let attempt = 0; attempt < 50; attempt++) {
			const body = await call(name, 'GET', `/services/jobs/${jobId}`);
			if (body.data && !['QUEUED', 'RUNNING'].includes(body.data.status)) return body.data as {status: string; links: Array<{rel: string; href: string}>};
			await sleep(160);
		}

		throw new Error(`job ${jobId} did not finish`);
	};

	await call('auth-no-password', 'POST', '/auth', {form: {username: vaultDemoCredentials.username}});
	await call('auth-wrong-password', 'POST', '/auth', {form: {username: vaultDemoCredentials.username, password: 'not-the-password'}});
	session = (await call('auth', 'POST', '/auth', {form: vaultDemoCredentials})).sessionId as string;
	await call('validate', 'POST', '/services/package/actions/validate', {file: smallVpk});
	const imported = await call('import', 'PUT', '/services/package', {file: smallVpk});
	await call('monitors', 'GET', '/services/jobs/monitors?limit=50&offset=0');
	// A queued job: not compared, as no QUEUED or RUNNING job status is published in any version.
	await call('job-first-poll', 'GET', `/services/jobs/${imported.job_id}`);
	await call('job-poll-too-soon', 'GET', `/services/jobs/${imported.job_id}`);
	await sleep(160);
	const importJob = await waitForJob('import-job', imported.job_id as number);
	const artifacts = importJob.links.find(link => link.rel === 'artifacts')?.href;
	if (!artifacts) throw new Error('the finished import job offers no artifacts link');
	const results = await call('import-results', 'GET', '', {href: artifacts});
	const packageId = results.vaultPackage.id as string;
	const deployed = await call('deploy', 'POST', `/vobject/vault_package__v/${packageId}/actions/deploy`, {form: {}});
	await waitForJob('deploy-job', deployed.job_id as number);
	await call('deploy-results', 'GET', `/vobject/vault_package__v/${packageId}/actions/deploy/results`);
	await call('histories', 'GET', '/services/jobs/histories?limit=50&offset=0');
	await call('job-invalid-session', 'GET', `/services/jobs/${imported.job_id}`, {auth: 'NOT-A-SESSION'});
	await call('session-end', 'DELETE', '/session');
});

afterAll(async () => emulator?.close());

describe('the Vault emulator answers with the shape of the published samples', () => {
	for (const endpoint of endpoints) {
		const samples = samplesOf(endpoint.pairs.flatMap(pair => pair.samples));
		const name = endpointOf(samples[0]!);
		it(`${name} has the shape of ${fileNames(endpoint)}`, () => {
			expect(samples.map(sample => endpointOf(sample)).filter(other => other !== name), 'every sample of one test is of one endpoint').toEqual([]);
			const {unexpected, stale} = againstKnown(endpoint.pairs.flatMap(pair => driftsOf(pair)), endpoint.known);
			expect(unexpected, formatDrifts(unexpected)).toEqual([]);
			expect(stale, 'known drifts that no longer happen: strike them').toEqual([]);
		});
	}
});

describe('endpoints with a route but no sample, or a sample but no route', () => {
	const covered = endpoints.map(endpoint => generic(endpointOf(loadSample('vault', endpoint.pairs[0]!.samples[0]!))));

	it('the emulator serves exactly the endpoints covered above plus those with no published sample', () => {
		const served = [...fs.readFileSync(routesFile, 'utf8').matchAll(/router\.route\('([A-Z]+)', '\/:version([^']*)'/g)].map(([, method, route]) => generic(`${method} ${route}`));
		expect(served.sort()).toEqual([...covered, ...servedWithoutSample].sort());
		// The import results were reached through the job's artifacts link, as a client reaches them.
		expect(answers.get('import-results')?.body).toMatchObject({responseStatus: 'SUCCESS'});
	});

	it('the published endpoints it does not serve answer 404', async () => {
		for (const endpoint of sampledNotServed) {
			const [method, route] = endpoint.split(' ') as [string, string];
			const response = await fetch(`${emulator!.urls.vault}/api/${version}${route.replaceAll('{}', 'x')}`, {method});
			expect(response.status, endpoint).toBe(404);
			await response.body?.cancel();
		}

		const published = new Set(listSamples('vault').map(sample => generic(endpointOf(sample))));
		expect([...published].filter(endpoint => !covered.includes(endpoint)).sort()).toEqual([...sampledNotServed].sort());
	});
});

describe('the comparator', () => {
	it('names a string turned into an object and a removed key, and nothing else', () => {
		const published = servedBody(loadSample('vault', 'job-status.doc-25.2')) as {data: Record<string, any>};
		expect(shapeDrifts([published], published)).toEqual([]);
		const drifted = structuredClone(published);
		drifted.data.links[0].href = {path: drifted.data.links[0].href};
		delete drifted.data.run_end_date;
		const drifts = shapeDrifts([published], drifted);
		expect(drifts).toEqual([
			{path: 'data.links.0.href', problem: 'is object; the samples have string'},
			{path: 'data.run_end_date', problem: 'is missing; the samples have it'},
		]);
		expect(againstKnown(drifts, {'data.run_end_date is missing': 'known', 'data.id is missing': 'fixed'})).toEqual({unexpected: [drifts[0]], stale: ['data.id is missing']});
	});
});
