/**
 * The Veeva Vault configuration-migration API (vendor-apis.md part 1): HTTP 200 with
 * responseStatus FAILURE for processed errors, the per-job status poll limit, burst-limit headers,
 * jobs with an `artifacts` link to the import/deploy results, and scenarios for what real Vaults do.
 */
import {loseAnswer, pollFault, resetUploadHalfWay} from '../faults.js';
import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {inspectVpk, type VpkInspection} from '../../packages/vpk.js';
import {createRouter, drain, sendJson, type Request, type Response} from '../http-kit.js';
import {saveUploadedFile} from '../multipart.js';
import type {Scenarios} from '../scenarios.js';

export const vaultDemoCredentials = {username: 'vault.admin@example.com', password: 'vault-demo-pass-2026'};
export type VaultTiming = {jobMs: number; pollLimitMs: number};

type Job = {id: number; kind: 'import' | 'deploy'; packageId: string; title: string; startedAt: number; lastPoll: number; polls: number; statusCalls: number};
type VaultPackage = {id: string; name: string; inspection: VpkInspection; blocked: boolean; deployed?: 'deployed__v' | 'deployed_with_warnings__v' | 'deployed_with_failures__v'};

const burstLimit = 2000;

export const createVaultEmulator = ({scenarios, timing, origin}: {scenarios: Scenarios; timing: VaultTiming; origin: () => string}) => {
	const prefix = '/vault/api';
	const sessions = new Set<string>();
	const jobs = new Map<number, Job>();
	const packages = new Map<string, VaultPackage>();
	const counters = {logins: 0, uploads: 0, validations: 0, deploys: 0, jobsCreated: 0, burstUsed: 0};
	let nextJob = 88_700;
	let nextPackage = 101;
	let expiredOnce = false;
	const router = createRouter();
	// Server text that tries to drive the terminal and file names that try to leave the folder.
	const hostile = scenarios.has('vault-hostile-names');

	const headers = () => ({
		'x-vaultapi-burstlimit': String(burstLimit),
		'x-vaultapi-burstlimitremaining': String(Math.max(0, burstLimit - counters.burstUsed)),
		'x-vaultapi-executionid': randomUUID(),
		'x-vaultapi-vaultid': '1776',
	});
	const ok = (response: Response, body: Record<string, unknown>) => sendJson(response, 200, {responseStatus: 'SUCCESS', ...body}, headers());
	/** Vault answers processed errors with HTTP 200 and responseStatus FAILURE (vendor-apis.md 1.3). */
	const failure = (response: Response, type: string, message: string, extra: Record<string, unknown> = {}) =>
		sendJson(response, 200, {responseStatus: 'FAILURE', errors: [{type, message}], ...extra}, {...headers(), 'x-vaultapi-status': 'FAILURE'});

	const authorized = (request: Request, response: Response): boolean => {
		counters.burstUsed++;
		const token = request.headers.authorization;
		if (typeof token === 'string' && sessions.has(token.replace(/^Bearer /, ''))) return true;
		failure(response, 'INVALID_SESSION_ID', 'Invalid or expired session ID.');
		return false;
	};

	const readForm = async (request: Request): Promise<URLSearchParams> => {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
	};

	router.route('POST', '/:version/auth', async (request, response, {version = ''}) => {
		const form = await readForm(request);
		if (!form.get('password')) return failure(response, 'NO_PASSWORD_PROVIDED', 'No password was provided for the login call.', {errorType: 'AUTHENTICATION_FAILED'});
		if (form.get('username') !== vaultDemoCredentials.username || form.get('password') !== vaultDemoCredentials.password) {
			return failure(response, 'USERNAME_OR_PASSWORD_INCORRECT', 'Authentication failed for user.', {errorType: 'AUTHENTICATION_FAILED'});
		}

		const sessionId = randomUUID().replaceAll('-', '').toUpperCase();
		sessions.add(sessionId);
		counters.logins++;
		const own = {id: 1776, name: 'PromoMats', url: `${origin()}${prefix}`};
		const other = {id: 1777, name: 'eTMF', url: 'https://etmf-veevapharm.veevavault.com/api'};
		// The DNS fallback trap: a session on another Vault the user can reach.
		const fallback = scenarios.has('vault-dns-fallback');
		ok(response, {sessionId, userId: 12_021, vaultIds: [own, other], vaultId: fallback ? other.id : own.id, apiVersion: version});
	});

	router.route('DELETE', '/:version/session', async (request, response) => {
		await drain(request);
		const token = String(request.headers.authorization ?? '');
		sessions.delete(token);
		ok(response, {});
	});

	const receivePackage = async (request: Request): Promise<VpkInspection | string> => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'packport-vault-emulator-')), 'upload.vpk');
		try {
			const bytes = await saveUploadedFile(request, file);
			if (bytes === undefined) return 'PARAMETER_REQUIRED';
			counters.uploads++;
			return await inspectVpk(file);
		} catch {
			return 'INVALID_DATA';
		} finally {
			fs.rmSync(path.dirname(file), {recursive: true, force: true});
		}
	};

	/** A blocking dependency outside the package is "missing": the emulator's Vault has no configuration. */
	const missingDependencies = (step: VpkInspection['steps'][number]) =>
		step.components.flatMap(component => component.dependencies).filter(dependency => dependency.blocking && !dependency.inPackage);

	const stepsOf = (vaultPackage: Pick<VaultPackage, 'inspection' | 'blocked'>, apiNames: boolean) =>
		vaultPackage.inspection.steps.map((step, index) => {
			const component = step.components[0];
			const missing = missingDependencies(step);
			const blocked = (vaultPackage.blocked && index === 1) || missing.length > 0;
			return {
				name__v: step.step,
				step_type__v: component ? 'Component' : 'Data',
				step_label__v: component ? component.name.replace(/__c$/, '').replaceAll('_', ' ') : step.dataFiles[0] ?? step.step,
				step_name__v: component?.name ?? step.dataFiles[0] ?? step.step,
				type__v: component?.type ?? 'Object',
				deployment_status__v: blocked ? (apiNames ? 'blocked__v' : 'Blocked') : apiNames ? 'verified__v' : 'Verified',
				deployment_action: 'Add (missing in Vault)',
				dependencies: missing.length > 0
					? missing.map(dependency => ({component_name: dependency.name, component_type: dependency.type, subcomponent_name: '', subcomponent_type: '', status: 'Missing - Block'}))
					: blocked
						? [{component_name: 'air_bulk_03__c', component_type: 'Renditiontype', subcomponent_name: '', subcomponent_type: '', status: 'Missing - Block'}]
						: [],
			};
		});

	router.route('POST', '/:version/services/package/actions/validate', async (request, response) => {
		if (!authorized(request, response)) return drain(request);
		const inspection = await receivePackage(request);
		if (typeof inspection === 'string') return failure(response, inspection, 'The file is not a valid VPK.');
		counters.validations++;
		const blocked = scenarios.has('vault-blocked') || inspection.steps.some(step => missingDependencies(step).length > 0);
		const steps = stepsOf({inspection, blocked: scenarios.has('vault-blocked')}, false);
		ok(response, {
			responseDetails: {
				summary: inspection.manifest.summary,
				author: inspection.manifest.author,
				package_name: inspection.manifest.name,
				package_id: 'N/A',
				source_vault: inspection.manifest.sourceVault,
				package_status: blocked ? 'Blocked' : 'Verified',
				total_steps: steps.length,
				total_steps_blocked: steps.filter(step => step.deployment_status__v === 'Blocked').length,
				start_time: '07:05:2020 06:24:15',
				end_time: '07:05:2020 06:24:15',
				package_error: '',
				package_steps: steps,
			},
		});
	});

	const createJob = (kind: Job['kind'], packageId: string, version: string) => {
		const id = nextJob++;
		const title = `${kind === 'import' ? 'Import' : 'Deploy'} package ${packages.get(packageId)?.name ?? packageId}`;
		jobs.set(id, {id, kind, packageId, title, startedAt: Date.now(), lastPoll: 0, polls: 0, statusCalls: 0});
		counters.jobsCreated++;
		return {url: `/api/${version}/services/jobs/${id}`, job_id: id};
	};

	router.route('PUT', '/:version/services/package', async (request, response, {version = ''}) => {
		if (!authorized(request, response)) return drain(request);
		if (scenarios.has('vault-upload-reset')) return resetUploadHalfWay(request);
		const inspection = await receivePackage(request);
		if (typeof inspection === 'string') return failure(response, inspection, 'The file is not a valid VPK.');
		const id = `0PI000000000${String(nextPackage++).padStart(3, '0')}`;
		// Duplicate names are renamed on import (vendor-apis.md 1.5 step B).
		const taken = [...packages.values()].some(existing => existing.name === inspection.manifest.name);
		const name = taken ? `${inspection.manifest.name}-${packages.size + 1}` : inspection.manifest.name;
		const blocked = scenarios.has('vault-blocked') || inspection.steps.some(step => missingDependencies(step).length > 0);
		packages.set(id, {id, name, inspection, blocked});
		const created = createJob('import', id, version);
		if (scenarios.has('vault-submit-lost')) return loseAnswer(response);
		ok(response, created);
	});

	const jobState = (job: Job) => {
		const elapsed = Date.now() - job.startedAt;
		const failed = scenarios.has('vault-job-fails') && job.kind === 'import';
		return {failed, status: elapsed < timing.jobMs / 3 ? 'QUEUED' : elapsed < timing.jobMs ? 'RUNNING' : failed ? 'ERRORS_ENCOUNTERED' : 'SUCCESS'};
	};

	/** Job monitors (queued, running) and histories (finished), newest first: how a lost job is found again. */
	const jobList = (finished: boolean) => (request: Request, response: Response, _params: unknown, url: URL) => {
		if (!authorized(request, response)) return;
		const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
		const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
		const all = [...jobs.values()]
			.map(job => ({job, status: jobState(job).status}))
			.filter(({status}) => (status === 'QUEUED' || status === 'RUNNING') !== finished)
			.sort((a, b) => b.job.startedAt - a.job.startedAt);
		const page = all.slice(offset, offset + limit).map(({job, status}) => ({
			job_id: job.id,
			title: job.title,
			status,
			created_by: 12_021,
			created_date: new Date(job.startedAt).toISOString(),
			run_start_date: new Date(job.startedAt).toISOString(),
			...(finished ? {run_end_date: new Date(job.startedAt + timing.jobMs).toISOString()} : {}),
		}));
		ok(response, {responseDetails: {size: page.length, limit, offset, total: all.length}, jobs: page});
	};

	router.route('GET', '/:version/services/jobs/monitors', jobList(false));
	router.route('GET', '/:version/services/jobs/histories', jobList(true));

	router.route('GET', '/:version/services/jobs/:id', (request, response, {version = '', id = ''}) => {
		if (!authorized(request, response)) return;
		const job = jobs.get(Number(id));
		if (!job) return failure(response, 'INVALID_DATA', `Job ${id} not found.`);
		if (pollFault('vault', scenarios, ++job.statusCalls, response)) return;
		const now = Date.now();
		// At most one status call per job per window; early callers get API_LIMIT_EXCEEDED.
		if (job.lastPoll && now - job.lastPoll < timing.pollLimitMs) return failure(response, 'API_LIMIT_EXCEEDED', 'You have exceeded the maximum number of job status requests.');
		job.lastPoll = now;
		job.polls++;
		if (scenarios.has('vault-session-expiry') && !expiredOnce && job.polls === 1) {
			// The session idles out while the job keeps running server-side.
			expiredOnce = true;
			sessions.delete(String(request.headers.authorization));
		}

		const {failed, status} = jobState(job);
		const links = [{rel: 'self', href: `/api/${version}/services/jobs/${job.id}`, method: 'GET', accept: 'application/json'}];
		if ((status === 'SUCCESS' || status === 'ERRORS_ENCOUNTERED') && !failed) {
			links.push({rel: 'artifacts', href: `/vault/api/${version}/vobject/vault_package__v/${job.packageId}/actions/${job.kind}/results`, method: 'GET', accept: 'application/json'});
		}

		ok(response, {responseMessage: 'OK', data: {id: job.id, status, method: 'POST', links, created_by: 12_021, created_date: new Date(job.startedAt).toISOString()}});
	});

	router.route('GET', '/:version/vobject/vault_package__v/:id/actions/import/results', (request, response, {id = ''}) => {
		if (!authorized(request, response)) return;
		const vaultPackage = packages.get(id);
		if (!vaultPackage) return failure(response, 'INSUFFICIENT_ACCESS', 'Insufficient privileges or the object does not exist.');
		ok(response, {
			vaultPackage: {
				id,
				name: hostile ? `\u001B[2J\u001B]0;owned\u0007${vaultPackage.name}` : vaultPackage.name,
				status: 'active__v',
				package_status: vaultPackage.blocked ? 'blocked__v' : 'imported__v',
				log: [{filename: hostile ? '../../../escaped\nValidation\r\u001B[31m.log' : `${vaultPackage.name}-Validation.log`, url: `${origin()}/vault/api/v25.2/vobjects/vault_package__v/${id}/attachments/Validation.log`, created_date__v: '2024-12-04 14:50:17.699'}],
				package_steps: stepsOf(vaultPackage, true),
			},
		});
	});

	router.route('POST', '/:version/vobject/vault_package__v/:id/actions/deploy', async (request, response, {version = '', id = ''}) => {
		await drain(request);
		if (!authorized(request, response)) return;
		const vaultPackage = packages.get(id);
		if (!vaultPackage) return failure(response, 'INSUFFICIENT_ACCESS', 'Insufficient privileges or the object does not exist.');
		if (vaultPackage.blocked) return failure(response, 'OPERATION_NOT_ALLOWED', 'The package has blocked steps and cannot be deployed.');
		if (vaultPackage.deployed) return failure(response, 'OPERATION_IN_PROGRESS', 'The package was already deployed.');
		counters.deploys++;
		vaultPackage.deployed = scenarios.has('vault-deploy-failures') ? 'deployed_with_failures__v' : scenarios.has('vault-deploy-warnings') ? 'deployed_with_warnings__v' : 'deployed__v';
		ok(response, createJob('deploy', id, version));
	});

	router.route('GET', '/:version/vobject/vault_package__v/:id/actions/deploy/results', (request, response, {version = '', id = ''}) => {
		if (!authorized(request, response)) return;
		const vaultPackage = packages.get(id);
		if (!vaultPackage?.deployed) return failure(response, 'INVALID_DATA', 'The package has not been deployed.');
		const steps = stepsOf(vaultPackage, true);
		const total = steps.length;
		const withFailures = vaultPackage.deployed === 'deployed_with_failures__v' ? 1 : 0;
		const withWarnings = vaultPackage.deployed === 'deployed_with_warnings__v' ? 1 : 0;
		const log = (file: string) => ({filename: hostile ? `../../escaped-${file}` : `${vaultPackage.name}-${file}`, url: `${origin()}/vault/api/${version}/vobjects/vault_package__v/${id}/attachments/${file}`, created_date__v: '2024-12-04 14:50:17.699'});
		ok(response, {
			responseDetails: {
				total_steps: total,
				deployed: total - withFailures - withWarnings,
				deployed_with_warnings: withWarnings,
				deployed_with_failures: withFailures,
				deployed_with_error: 0,
				failed: 0,
				skipped: 0,
				package_status__v: vaultPackage.deployed,
				deployment_log: [log('Validation.log'), log('Deployment.log')],
			},
			package_steps: steps.map((step, index) => ({...step, deployment_status__v: index === 0 && withFailures ? 'deployed_with_failures__v' : index === 0 && withWarnings ? 'deployed_with_warnings__v' : 'deployed__v'})),
		});
	});

	router.route('GET', '/:version/vobjects/vault_package__v/:id/attachments/:file', (request, response, {id = '', file = ''}) => {
		if (!authorized(request, response)) return;
		response.writeHead(200, {'content-type': 'text/plain'});
		response.end(`${file} for ${id}\nStep 00010: deployed\n`);
	});

	return {
		prefix,
		async handle(request: Request, response: Response, pathname: string, url: URL): Promise<boolean> {
			const handled = await router.dispatch(request, response, pathname, url);
			if (handled === 'method') {
				failure(response, 'METHOD_NOT_SUPPORTED', `${request.method} is not supported on ${pathname}.`);
				return true;
			}

			return handled;
		},
		snapshot: () => ({sessions: sessions.size, packages: packages.size, ...counters}),
	};
};
