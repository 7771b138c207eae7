/**
 * `packport import` and `packport deploy` for Vault against a server that answers only with what
 * Veeva publishes (fixtures/vendor-samples/vault): the Vault API reference's samples and VAPIL's.
 * The built CLI runs as a child process; every request is checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makeTempDir, runCli} from '../helpers/cli.js';
import {servedBody, withEdits, type Answer, type ReplayServer} from '../helpers/replay-server.js';
import {apiLimit, histories, monitors, startVaultReplay, validate, validateInbound} from './vault-samples.js';

let server: ReplayServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const fixture = path.resolve(import.meta.dirname, '../../fixtures/vault/small.vpk');
const workPackage = () => {
	const file = path.join(makeTempDir(), 'small.vpk');
	fs.copyFileSync(fixture, file);
	return file;
};

const cli = async (configDir: string, args: string[]) => {
	const result = await runCli([...args, '--yes', '--json', '--poll-interval', '0.05'], {env: {PACKPORT_CONFIG_DIR: configDir}});
	return {...result, json: result.stdout ? JSON.parse(result.stdout) : undefined};
};

const importPackage = async (configDir: string, file: string, ...extra: string[]) => cli(configDir, ['import', '--profile', 'replay', '--package', file, ...extra]);
const calls = (method: string, template: string) => server!.calls(method, template);
const drop = (): Answer => 'drop';

/** A job of the signed-in user (the auth sample's 12021), started now, whose title names the package. */
const ourJob = (title: string) => (): Answer => {
	const body = servedBody(histories) as {jobs: Array<Record<string, unknown>>; responseDetails: Record<string, unknown>};
	const now = new Date().toISOString();
	body.jobs.unshift({...body.jobs[0], job_id: 88717, title, created_by: 12021, created_date: now, run_start_date: now, run_end_date: now});
	body.responseDetails = {total: body.jobs.length, limit: 200, offset: 0};
	return {status: 200, body};
};

/** The published page as the whole list (its `next_page` says 2753 more; the replay has no others). */
const onePage = (file: typeof histories) => withEdits(file, {path: 'responseDetails', value: {total: 2, limit: 200, offset: 0}, why: 'the published page is the first of 56; the replay has no others'});

describe('Vault, replayed from the published samples', () => {
	it('the import: the published job answer links no results, so the package status is said to be unknown (exit 4), never "imported" outright', async () => {
		const started = await startVaultReplay();
		server = started.server;
		const {code, json, stderr} = await importPackage(started.configDir, workPackage());
		expect(code, stderr).toBe(4);
		expect(json.status).toBe('imported-unverified');
		expect(json.warnings[0]).toContain('without a results link');
		const [upload] = calls('PUT', '/services/package');
		expect(upload!.headers.authorization).toBe('3B3C45FD240E26F0C3DB4F82BBB0C15C7EFE4B29EF9916AF41AF7E44B170BAA01F232B462BE5C2BE2ACB82F6704FDA216EBDD69996EB23A6050723D1EFE6FA2B');
		expect(upload!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(calls('POST', '/auth')[0]!.body).toBe(`username=jennie%40veepharm.com&password=${'vault-replay-2026'}`);
	});

	it('INSUFFICIENT_ACCESS on the import call: a missing permission, nothing imported (exit 1), no word about passwords', async () => {
		const refused = withEdits(apiLimit, {path: 'errors.0.type', value: 'INSUFFICIENT_ACCESS', why: 'no INSUFFICIENT_ACCESS body is published; the error table names the type, the only FAILURE sample gives the shape'}, {path: 'errors.0.message', value: 'Insufficient access to perform this operation.', why: 'as above'});
		const started = await startVaultReplay({'PUT /services/package': refused});
		server = started.server;
		const {code, json} = await importPackage(started.configDir, workPackage());
		expect(code).toBe(1);
		expect(json.error.message).toBe('Your Vault user lacks a permission for the package import (INSUFFICIENT_ACCESS: Insufficient access to perform this operation.).');
		expect(`${json.error.message} ${json.error.hint}`).not.toMatch(/password|outcome is unknown|lock/i);
		expect(calls('GET', '/services/jobs/histories')).toHaveLength(0);
	});

	it('validate-only on the published (Blocked) sample: exit 4, the blocked step named', async () => {
		const started = await startVaultReplay();
		server = started.server;
		const {code, json} = await importPackage(started.configDir, workPackage(), '--validate-only');
		expect(code).toBe(4);
		expect(json.status).toBe('blocked');
		expect(json.details.steps.find((step: {status: string}) => step.status === 'Blocked')).toMatchObject({label: 'Claims Document', type: 'Doctype', kind: 'Component'});
	});

	it.each([
		['Error', 'Package is missing required manifest entries', 'Vault could not validate PKG-0004-2 (Error): Package is missing required manifest entries.'],
		['Pending Review', '', 'Vault reports the validation status "Pending Review", which packport does not know; it is not taken as valid.'],
	])('validate-only with package_status %s: exit 1 with the text, never "validated"', async (status, error, message) => {
		const answer = withEdits(validate, {path: 'responseDetails.package_status', value: status, why: 'a validation that did not pass'}, {path: 'responseDetails.package_error', value: error, why: 'the text Vault gives with it'});
		const started = await startVaultReplay({'POST /services/package/actions/validate': answer});
		server = started.server;
		const {code, json} = await importPackage(started.configDir, workPackage(), '--validate-only');
		expect(code).toBe(1);
		expect(json.error.message).toBe(message);
	});

	it('a lost import answer and a job of ours naming the package in the history: followed, not sent again', async () => {
		const started = await startVaultReplay({'PUT /services/package': drop, 'GET /services/jobs/histories': ourJob('Package import: PKG-0001'), 'GET /services/jobs/monitors': onePage(monitors)});
		server = started.server;
		const {json} = await importPackage(started.configDir, workPackage());
		expect(json.jobId).toBe('88717');
		expect(calls('PUT', '/services/package')).toHaveLength(1);
		expect(calls('GET', '/services/jobs/histories')[0]!.query.get('start_date')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	});

	it('a lost import answer: the published jobs (other titles, 2020) are never adopted; read to the end and none of ours → nothing imported, safe to run again', async () => {
		const started = await startVaultReplay({'PUT /services/package': drop, 'GET /services/jobs/histories': onePage(histories), 'GET /services/jobs/monitors': onePage(monitors)});
		server = started.server;
		const {code, json} = await importPackage(started.configDir, workPackage());
		expect(code).toBe(3);
		expect(json.jobId).toBeNull();
		expect(json.error.message).toContain("Vault's job lists, read to the end, show no job of yours started since, so nothing was imported.");
	});

	it('a lost import answer and a history that never ends (the published page, next_page each time): outcome unknown, exit 5', async () => {
		const started = await startVaultReplay({'PUT /services/package': drop});
		server = started.server;
		const {code, json} = await importPackage(started.configDir, workPackage());
		expect(code).toBe(5);
		expect(json.error.message).toContain('the job lists could not be read to their end');
		expect(json.error.hint).toContain('Job Status');
		expect(JSON.stringify(json)).not.toContain('safe to');
	});

	it('a lost import answer and a job of ours since that names another package: not adopted, outcome unknown', async () => {
		const started = await startVaultReplay({'PUT /services/package': drop, 'GET /services/jobs/histories': ourJob('Package import: Someone Else'), 'GET /services/jobs/monitors': onePage(monitors)});
		server = started.server;
		const {code, json} = await importPackage(started.configDir, workPackage());
		expect(code).toBe(5);
		expect(json.jobId).toBeNull();
		expect(json.error.message).toContain('1 job of yours started since then, none of which packport can tie to');
	});

	it('deploy later: the published inbound package is Blocked, so nothing is deployed (exit 1)', async () => {
		const started = await startVaultReplay();
		server = started.server;
		const {code, json} = await cli(started.configDir, ['deploy', '--profile', 'replay', '--package-id', '0PI000000000301']);
		expect(code).toBe(1);
		expect(json.error.message).toContain('Package PKG-0004-1 is Blocked with 1 blocked step;');
		expect(calls('POST', '/vobject/vault_package__v/{package_id}/actions/deploy')).toHaveLength(0);
	});

	it('deploy later of a Verified package: deployed, the published results (deployed_with_failures) exit 1 naming the failed step; both logs saved', async () => {
		const verified = withEdits(
			validateInbound,
			{path: 'responseDetails.package_status', value: 'Verified', why: 'the published package is Blocked; deploying needs a Verified one'},
			{path: 'responseDetails.package_steps.1.deployment_status__v', value: 'Verified', why: 'as above'},
			{path: 'responseDetails.total_component_steps_blocked', value: 0, why: 'as above'},
		);
		const started = await startVaultReplay({'POST /services/vobject/vault_package__v/{package_id}/actions/validate': verified});
		server = started.server;
		const cwd = makeTempDir();
		const result = await runCli(['deploy', '--profile', 'replay', '--package-id', '0PI000000000101', '--yes', '--json', '--poll-interval', '0.05'], {env: {PACKPORT_CONFIG_DIR: started.configDir}, cwd});
		const json = JSON.parse(result.stdout);
		expect(result.code).toBe(1);
		expect(json.status).toBe('deployed_with_failures__v');
		expect(json.error.message).toContain('Steps that failed: 00010 DSET-00002-product__v (Data).');
		expect(json.details.deploy.steps[0]).toMatchObject({kind: 'Data', type: 'Object'});
		expect(fs.readdirSync(path.join(cwd, '0PI000000000101-vault-logs')).sort()).toEqual(['19523_PKG-0002_2024-12-04_14_52_02_Success_Failure_logs.zip', 'PKG-0002-Deployment.log', 'PKG-0002-Validation.log']);
	});

	it('deploy results with no status and no counts: not success — exit 5 with the package id and where to look', async () => {
		const verified = withEdits(validateInbound, {path: 'responseDetails.package_status', value: 'Verified', why: 'deployable'}, {path: 'responseDetails.package_steps.1.deployment_status__v', value: 'Verified', why: 'deployable'});
		const started = await startVaultReplay({
			'POST /services/vobject/vault_package__v/{package_id}/actions/validate': verified,
			'GET /vobject/vault_package__v/{package_id}/actions/deploy/results': () => ({status: 200, body: {responseStatus: 'SUCCESS', responseDetails: {}}}),
		});
		server = started.server;
		const {code, json} = await cli(started.configDir, ['deploy', '--profile', 'replay', '--package-id', '0PI000000000101']);
		expect(code).toBe(5);
		expect(json.error.message).toBe("Vault's deploy results for package 0PI000000000101 carry no status and no counts, so whether the deploy worked is unknown.");
	});

	it('a log answered with a FAILURE envelope is not saved as the log: a warning, exit 4 where it would be 0', async () => {
		const verified = withEdits(validateInbound, {path: 'responseDetails.package_status', value: 'Verified', why: 'deployable'}, {path: 'responseDetails.package_steps.1.deployment_status__v', value: 'Verified', why: 'deployable'});
		const clean = (): Answer => ({status: 200, body: {responseStatus: 'SUCCESS', responseDetails: {total_steps: 1, deployed: 1, deployed_with_warnings: 0, deployed_with_failures: 0, deployed_with_error: 0, failed: 0, skipped: 0, package_status__v: 'deployed__v', deployment_log: [{filename: 'PKG-Deployment.log', url: `${server!.origin}/api/v25.2/vobjects/vault_package__v/0PI000000000101/attachments/1/versions/1/file`}]}}});
		const started = await startVaultReplay({
			'POST /services/vobject/vault_package__v/{package_id}/actions/validate': verified,
			'GET /vobject/vault_package__v/{package_id}/actions/deploy/results': clean,
			'GET /vobjects/vault_package__v/{package_id}/attachments/{attachment_id}/versions/{version}/file': apiLimit,
		});
		server = started.server;
		const cwd = makeTempDir();
		const result = await runCli(['deploy', '--profile', 'replay', '--package-id', '0PI000000000101', '--yes', '--json', '--poll-interval', '0.05'], {env: {PACKPORT_CONFIG_DIR: started.configDir}, cwd});
		const json = JSON.parse(result.stdout);
		expect(result.code).toBe(4);
		expect(json.status).toBe('deployed');
		expect(json.warnings.join('\n')).toContain('Log PKG-Deployment.log not saved: Vault answered with an error instead of the log: API_LIMIT_EXCEEDED Too many polling requests');
		expect(fs.existsSync(path.join(cwd, '0PI000000000101-vault-logs', 'PKG-Deployment.log'))).toBe(false);
	});
});
