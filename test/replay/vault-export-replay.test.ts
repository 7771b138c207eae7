/**
 * The Vault source half (exportVaultPackage) against a server that answers only with what Veeva
 * publishes: Export Package, Retrieve Job Status (and VAPIL's API_LIMIT_EXCEEDED), Download Item
 * Content, the login and End Session. No export job status is published (INDEX.md, "Left out"):
 * where the job must link its file, the test adds the link to the published job answer and says
 * why. Every request is checked; every failure leaves no file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import type {EngineEvent} from '../../source/engine/events.js';
import {PackportError} from '../../source/errors.js';
import {inspectVpk} from '../../source/packages/vpk.js';
import {exportVaultPackage, listVaultOutboundPackages} from '../../source/vendors/vault/export.js';
import {makeTempDir} from '../helpers/cli.js';
import {withEdits, verbatim, type Answer, type ReplayServer, type Route} from '../helpers/replay-server.js';
import {apiLimit, jobStatus, replayPassword, sample, startVaultReplay} from './vault-samples.js';

const exportCall = sample('POST', '/services/package');
const query = sample('POST', '/query');
const itemContent = sample('GET', '/services/file_staging/items/content/{item}');
const sessionId = '3B3C45FD240E26F0C3DB4F82BBB0C15C7EFE4B29EF9916AF41AF7E44B170BAA01F232B462BE5C2BE2ACB82F6704FDA216EBDD69996EB23A6050723D1EFE6FA2B';
const vpk = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/vault/small.vpk'));
/** Where the file sits on file staging: the signed-in user's folder (the auth sample's userId 12021). */
const item = '/api/v25.2/services/file_staging/items/content/u12021/PKG-0001.vpk';

/**
 * The published job answer with an `artifacts` link to the file: no export job status is
 * published, and the field table says a finished job links what it made.
 */
const linked = withEdits(jobStatus, {
	path: 'data.links',
	value: [
		{rel: 'self', href: '/api/v25.2/services/jobs/60905', method: 'GET', accept: 'application/json'},
		{rel: 'artifacts', href: item, method: 'GET', accept: 'application/octet-stream'},
	],
	why: 'no export job status is published; a finished job links what it made (Retrieve Job Status, links)',
});

/** The .vpk with the published headers, minus Content-Range: packport asks for the whole file, not a Range. */
const theFile = (): Answer => {
	const {['Content-Range']: _range, ...headers} = itemContent.response.headers ?? {};
	return {status: 200, headers, body: {$base64: vpk.toString('base64')}};
};

let server: ReplayServer | undefined;
let temp = '';
let savedTemp: string | undefined;
beforeEach(() => {
	savedTemp = process.env.TMPDIR;
	temp = makeTempDir('packport-replay-tmp-');
});
afterEach(async () => {
	process.env.TMPDIR = savedTemp;
	if (savedTemp === undefined) delete process.env.TMPDIR;
	await server?.close();
	server = undefined;
});

const start = async (overrides: Partial<Record<string, Route['reply']>>) => {
	const started = await startVaultReplay({
		'POST /services/package': exportCall,
		'GET /services/jobs/{job_id}': linked,
		// The documented {item} is a path: the signed-in user's folder, then the file.
		'GET /services/file_staging/items/content/{folder}/{file}': theFile,
		...overrides,
	});
	server = started.server;
	// From here on a temp folder of this test's own, so "nothing left behind" is checked on it alone.
	process.env.TMPDIR = temp;
	const profile: Profile = {name: 'replay', vendor: 'vault', url: server.origin, username: 'jennie@veepharm.com'};
	return profile;
};

const run = async (profile: Profile) => {
	const events: EngineEvent[] = [];
	const signal = new AbortController().signal;
	const onEvent = (event: EngineEvent) => events.push(event);
	const result = await exportVaultPackage({profile, secret: replayPassword, packageName: 'PKG-0001', signal, onEvent, pollIntervalMs: 50}).catch((error: unknown) => error);
	return {result, events};
};

const calls = (method: string, template: string) => server!.calls(method, template);

const expectFailure = (result: unknown, message: string | RegExp) => {
	expect(result).toBeInstanceOf(PackportError);
	expect((result as PackportError).exitCode).toBe(1);
	expect((result as PackportError).message).toMatch(message);
	expect(fs.readdirSync(temp), 'nothing left on disk').toEqual([]);
	expect(calls('DELETE', '/session'), 'the session is ended on every path').toHaveLength(1);
};

describe('Vault Export Package, replayed from the published samples', () => {
	it('export → the job → the .vpk from its artifacts link, inspected; each request as documented', async () => {
		const profile = await start({});
		const {result, events} = await run(profile);
		if (!(result && typeof result === 'object' && 'file' in result)) throw result;
		expect(result.jobId).toBe('60905');
		expect(path.relative(temp, result.file)).toMatch(/^packport-export-\w+\/PKG-0001\.vpk$/);
		expect(fs.readFileSync(result.file).equals(vpk)).toBe(true);
		expect((await inspectVpk(result.file)).manifest.name).toBe('PKG-0001');
		expect(result.details).toMatchObject({packageName: 'PKG-0001', jobStatus: 'SUCCESS', link: item, bytes: vpk.length, steps: 2, signedOut: 'Signed out'});

		const [exported] = calls('POST', '/services/package');
		expect(exported!.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(exported!.headers.authorization).toBe(sessionId);
		expect(exported!.body).toBe('packageName=PKG-0001');
		// The job the answer named (its job_id), not the one the published self link names.
		expect(calls('GET', '/services/jobs/{job_id}').map(call => call.path)).toEqual(['/api/v25.2/services/jobs/60905']);
		const [download] = calls('GET', '/services/file_staging/items/content/{folder}/{file}');
		expect(download!.path).toBe(item);
		expect(download!.headers.authorization).toBe(sessionId);
		expect(download!.headers.range).toBeUndefined();
		expect(server!.log.map(call => `${call.method} ${call.route}`)).toEqual([
			'POST /auth',
			'POST /services/package',
			'GET /services/jobs/{job_id}',
			'GET /services/file_staging/items/content/{folder}/{file}',
			'DELETE /session',
		]);
		expect(events.filter(event => event.type === 'progress').at(0)).toMatchObject({step: 'export-job', serverStatus: 'queued', jobId: '60905'});
		fs.rmSync(path.dirname(result.file), {recursive: true, force: true});
	});

	it("API_LIMIT_EXCEEDED on the first status call (VAPIL's body): the poller waits longer and goes on, saying so", async () => {
		const profile = await start({'GET /services/jobs/{job_id}': (_request, log) => (log.filter(call => call.route === '/services/jobs/{job_id}').length === 1 ? apiLimit : linked)});
		const {result, events} = await run(profile);
		if (!(result && typeof result === 'object' && 'file' in result)) throw result;
		expect(calls('GET', '/services/jobs/{job_id}')).toHaveLength(2);
		expect(events.some(event => event.type === 'log' && event.level === 'warn' && /API_LIMIT_EXCEEDED Too many polling requests; retrying \(1 of 8\)/.test(event.message))).toBe(true);
		fs.rmSync(path.dirname(result.file), {recursive: true, force: true});
	});

	it('the published job answer as it stands (a self link only): exit 1, said plainly, nothing downloaded', async () => {
		const profile = await start({'GET /services/jobs/{job_id}': verbatim(jobStatus)});
		const {result} = await run(profile);
		expectFailure(result, "Vault's export job 60905 of PKG-0001 ended SUCCESS but linked no file to download.");
		expect((result as PackportError).hint).toContain('Vault emails a download link');
		expect(calls('GET', '/services/file_staging/items/content/{folder}/{file}')).toHaveLength(0);
	});

	it("Export Package refused (FAILURE envelope): Vault's type and message, exit 1, no job polled", async () => {
		const refused = withEdits(
			apiLimit,
			{path: 'errors.0.type', value: 'INVALID_DATA', why: 'no Export Package error is published; the error table names the type, the only FAILURE sample of a job call gives the shape'},
			{path: 'errors.0.message', value: 'Invalid value [PKG-0001] for parameter [packageName] specified', why: 'as above'},
		);
		const profile = await start({'POST /services/package': refused});
		const {result} = await run(profile);
		expectFailure(result, 'Vault refused the package export: INVALID_DATA Invalid value [PKG-0001] for parameter [packageName] specified');
		expect(calls('GET', '/services/jobs/{job_id}')).toHaveLength(0);
	});

	it('the export job ends ERRORS_ENCOUNTERED: exit 1 with the status word, nothing downloaded', async () => {
		const failed = withEdits(linked, {path: 'data.status', value: 'ERRORS_ENCOUNTERED', why: 'a documented status: the export job failed'});
		const profile = await start({'GET /services/jobs/{job_id}': failed});
		const {result} = await run(profile);
		expectFailure(result, "Vault's export job 60905 of PKG-0001 ended ERRORS_ENCOUNTERED; nothing was exported.");
		expect(calls('GET', '/services/file_staging/items/content/{folder}/{file}')).toHaveLength(0);
	});

	it("the file link answers Vault's FAILURE envelope instead of the file: exit 1 with Vault's words, no file kept", async () => {
		const refused = withEdits(
			apiLimit,
			{path: 'errors.0.type', value: 'INSUFFICIENT_ACCESS', why: 'no Download Item Content error is published; the FAILURE shape of the only published error body'},
			{path: 'errors.0.message', value: 'User does not have sufficient privileges to perform the action.', why: 'as above'},
		);
		const profile = await start({'GET /services/file_staging/items/content/{folder}/{file}': refused});
		const {result} = await run(profile);
		const words = 'INSUFFICIENT_ACCESS User does not have sufficient privileges to perform the action.';
		expectFailure(result, `The exported package was not saved: Vault answered with an error instead of the exported package: ${words}.`);
	});

	it('the outbound package list: the VQL query sent as documented, the rows read as published (name__v → name)', async () => {
		const profile = await start({'POST /query': query});
		const listed = await listVaultOutboundPackages({profile, secret: replayPassword, signal: new AbortController().signal});
		// The published rows are products: the replay has no outbound_package__v sample, only the call's shape.
		expect(listed.slice(0, 2)).toEqual([
			{id: '00P000000000101', name: 'WonderDrug'},
			{id: '00P000000000102', name: 'VeevaProm XR'},
		]);
		expect(listed).toHaveLength(10);
		const [sent] = calls('POST', '/query');
		expect(sent!.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(sent!.headers.authorization).toBe(sessionId);
		expect(new URLSearchParams(sent!.body).get('q')).toBe('SELECT id, name__v FROM outbound_package__v');
		expect(calls('DELETE', '/session')).toHaveLength(1);
	});
});
