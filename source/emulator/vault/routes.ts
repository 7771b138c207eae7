/**
 * The Veeva Vault configuration-migration API (vendor-apis.md part 1, fixtures/vendor-samples/vault):
 * HTTP 200 with responseStatus FAILURE for processed errors, the bare session id in Authorization,
 * the per-job status poll limit, burst-limit headers, jobs with an `artifacts` link to the
 * import/deploy results, job histories and monitors as documented, logs as object attachments, and
 * scenarios for what real Vaults (and the proxies before them) do. Uploads are read by the
 * emulator's own reader (package-reader.ts), not packport's.
 */
import {loseAnswer, pollFault, resetUploadHalfWay} from '../faults.js';
import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {strToU8, zipSync} from 'fflate';
import {createRouter, drain, sendJson, type Request, type Response} from '../http-kit.js';
import {saveUploadedFile} from '../multipart.js';
import type {Scenarios} from '../scenarios.js';
import {createVaultExports} from './export-routes.js';
import {jobListPage, parseJobListQuery, type ListedJob} from './job-lists.js';
import {readVaultPackage, type ReceivedPackage} from './package-reader.js';
import {createTargetVault, type StepView} from './target-vault.js';

export const vaultDemoCredentials = {username: 'vault.admin@example.com', password: 'vault-demo-pass-2026'};
export type VaultTiming = {jobMs: number; pollLimitMs: number};

/**
 * Job titles as Vault names its jobs: the operation, not the instance. Retrieve Job Status lists
 * "Deploy Package" among its example jobs and the published histories titles are job names only
 * ("User Account Activation"); no source shows an import job's title, so it is the Import
 * Package operation's name, by the same rule. The package name is not in it.
 */
export const vaultJobTitles = {import: 'Import Package', deploy: 'Deploy Package', export: 'Export Package'} as const;

type DeployStatus = 'deployed__v' | 'deployed_with_warnings__v' | 'deployed_with_failures__v';
/** `created`: when the job that wrote it ends. */
type Attachment = {id: number; version: number; filename: string; content: string; created: number};
type Job = {
	id: number;
	kind: 'import' | 'deploy' | 'export' | 'system';
	title: string;
	method: string;
	packageId: string;
	version: string;
	createdBy: number;
	createdAt: number;
	/** System jobs are finished from the start. */
	done?: boolean;
	lastPoll: number;
	polls: number;
	statusCalls: number;
};
type VaultPackage = {
	id: string;
	name: string;
	received: ReceivedPackage;
	blockedStep?: string;
	stepIds: string[];
	attachments: Attachment[];
	deployed?: DeployStatus;
	deployedAt?: number;
	dataResults?: {id: number; filename: string};
};

const burstLimit = 2000;
const demoUserId = 12_021;
/** Vault's own jobs, already in the history when the emulator starts (the published histories sample). */
const systemJobs = [
	{title: 'User Account Activation', ageMs: 26 * 3_600_000},
	{title: 'Synchronize Portal Assets', ageMs: 28 * 3_600_000},
];

const iso = (time: number) => new Date(time).toISOString();
const pad = (value: number, width = 2) => String(value).padStart(width, '0');
/** Validate Package's `dd:MM:yyyy HH:mm:ss` (the published `07:05:2020 06:24:15`). */
const validationTime = (time: number) => {
	const date = new Date(time);
	return `${pad(date.getUTCDate())}:${pad(date.getUTCMonth() + 1)}:${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
};

/** `yyyy-MM-dd HH:mm:ss.SSS`, no zone, as the deploy results' `created_date__v`. */
const logTime = (time: number) => iso(time).replace('T', ' ').replace('Z', '');
/** A header-safe file name: hostile names stay in the JSON, never in a header. */
// eslint-disable-next-line no-control-regex
const headerName = (name: string) => name.replaceAll(/[\u0000-\u001F\u007F-\u009F"\\]/g, '_').replaceAll(/[^\u0020-\u007E]/g, '_');

export const createVaultEmulator = ({scenarios, timing, origin}: {scenarios: Scenarios; timing: VaultTiming; origin: () => string}) => {
	const prefix = '/vault/api';
	/** Session id → the signed-in user's id. */
	const sessions = new Map<string, number>();
	const jobs = new Map<number, Job>();
	const packages = new Map<string, VaultPackage>();
	const target = createTargetVault();
	const counters = {logins: 0, uploads: 0, validations: 0, deploys: 0, jobsCreated: 0, burstUsed: 0, logDownloads: 0, refused: 0};
	const started = Date.now();
	let nextJob = 88_700;
	let nextPackage = 101;
	let nextStep = 401;
	let nextAttachment = 1208;
	let nextDataResult = 966_404;
	let expiredOnce = false;
	const router = createRouter();
	// Server text that tries to drive the terminal and file names that try to leave the folder.
	const hostile = scenarios.has('vault-hostile-names');

	for (const [index, system] of systemJobs.entries()) {
		const id = 361_402 - index;
		jobs.set(id, {
			id,
			kind: 'system',
			title: system.title,
			method: 'POST',
			packageId: '',
			version: 'v25.2',
			createdBy: 1,
			createdAt: started - system.ageMs,
			done: true,
			lastPoll: 0,
			polls: 0,
			statusCalls: 0,
		});
	}

	const api = (version: string) => `${prefix}/${version}`;
	const headers = (status = 'SUCCESS') => ({
		'x-vaultapi-burstlimit': String(burstLimit),
		'x-vaultapi-burstlimitremaining': String(Math.max(0, burstLimit - counters.burstUsed)),
		'x-vaultapi-executionid': randomUUID(),
		'x-vaultapi-vaultid': '1776',
		'x-vaultapi-status': status,
	});
	const ok = (response: Response, body: Record<string, unknown>, status = 'SUCCESS') =>
		sendJson(response, 200, {responseStatus: status, ...body}, headers(status));
	/** Vault answers processed errors with HTTP 200 and responseStatus FAILURE (vendor-apis.md 1.3). */
	const failure = (response: Response, type: string, message: string, extra: Record<string, unknown> = {}) =>
		sendJson(response, 200, {responseStatus: 'FAILURE', errors: [{type, message}], ...extra}, headers('FAILURE'));
	const noAccess = (response: Response) =>
		failure(response, 'INSUFFICIENT_ACCESS', 'User does not have sufficient privileges to perform the action or the object does not exist.');

	/** The bare session id, as Vault documents it; `Bearer …` is not a session id. */
	const session = (request: Request): number | undefined => {
		const token = request.headers.authorization;
		return typeof token === 'string' ? sessions.get(token) : undefined;
	};

	const authorized = (request: Request, response: Response): boolean => {
		counters.burstUsed++;
		if (session(request) !== undefined) return true;
		failure(response, 'INVALID_SESSION_ID', 'Invalid or expired session ID.');
		return false;
	};

	/** A proxy in front of Vault answers the upload itself: nothing reaches Vault. */
	const proxyPage = async (request: Request, response: Response): Promise<boolean> => {
		if (!scenarios.has('vault-upload-503-page')) return false;
		await drain(request);
		response.writeHead(503, {'content-type': 'text/html', 'retry-after': '30'});
		response.end(
			'<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>',
		);
		return true;
	};

	const readForm = async (request: Request): Promise<URLSearchParams> => {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
	};

	router.route('POST', '/:version/auth', async (request, response) => {
		const form = await readForm(request);
		if (!form.get('password'))
			return failure(response, 'NO_PASSWORD_PROVIDED', 'No password was provided for the login call.', {errorType: 'AUTHENTICATION_FAILED'});
		if (form.get('username') !== vaultDemoCredentials.username || form.get('password') !== vaultDemoCredentials.password) {
			return failure(response, 'USERNAME_OR_PASSWORD_INCORRECT', 'Authentication failed for user.', {errorType: 'AUTHENTICATION_FAILED'});
		}

		const sessionId = randomUUID().replaceAll('-', '').toUpperCase();
		sessions.set(sessionId, demoUserId);
		counters.logins++;
		const own = {id: 1776, name: 'PromoMats', url: `${origin()}${prefix}`};
		const other = {id: 1777, name: 'eTMF', url: 'https://etmf-veevapharm.veevavault.com/api'};
		// The DNS fallback trap: a session on another Vault the user can reach.
		const fallback = scenarios.has('vault-dns-fallback');
		ok(response, {sessionId, userId: demoUserId, vaultIds: [own, other], vaultId: fallback ? other.id : own.id});
	});

	router.route('DELETE', '/:version/session', async (request, response) => {
		await drain(request);
		if (!authorized(request, response)) return;
		sessions.delete(String(request.headers.authorization));
		ok(response, {});
	});

	/** The upload's `file` part, read by the emulator's own reader; a string is what went wrong. */
	const receivePackage = async (request: Request): Promise<{received: ReceivedPackage} | {missing: true} | {error: string}> => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-vault-emulator-'));
		try {
			const file = path.join(folder, 'upload.vpk');
			const bytes = await saveUploadedFile(request, file);
			if (bytes === undefined) return {missing: true};
			counters.uploads++;
			const read = await readVaultPackage(file);
			return read.ok ? {received: read.package} : {error: read.error};
		} finally {
			fs.rmSync(folder, {recursive: true, force: true});
		}
	};

	/** The step the vault-blocked scenario blocks: the second (or only) one. */
	const scenarioBlockedStep = (received: ReceivedPackage) => (scenarios.has('vault-blocked') ? (received.steps[1] ?? received.steps[0])?.name : undefined);

	/** Validate Package and Validate Inbound Package: labels (`Verified`, `Blocked`), not API names. */
	const validationStep = (view: StepView, id?: string) => ({
		...(id ? {id} : {}),
		name__v: view.step.name,
		step_type__v: view.step.kind,
		step_label__v: view.label,
		step_name__v: view.name,
		type__v: view.type,
		deployment_status__v: view.blocked ? 'Blocked' : 'Verified',
		deployment_action: view.action,
		dependencies: view.dependencies,
	});

	const packageError = (received: ReceivedPackage) =>
		`Package validation failed: the component in step ${received.steps[0]?.name ?? '00010'} could not be parsed: MDL syntax error near "RECREATE" (line 1).`;

	const validationDetails = (received: ReceivedPackage, startedAt: number, packageId?: string, stepIds: string[] = []) => {
		const views = target.view(received, {blockedStep: scenarioBlockedStep(received)});
		const error = scenarios.has('vault-validate-error');
		const blocked = views.filter(view => view.blocked).length;
		return {
			summary: received.manifest.summary,
			author: received.manifest.author,
			package_name: received.manifest.name,
			package_id: packageId ?? 'N/A',
			source_vault: received.manifest.sourceVault,
			package_status: error ? 'Error' : blocked > 0 ? 'Blocked' : 'Verified',
			total_steps: views.length,
			// Validate Package says total_steps_blocked; Validate Inbound Package total_component_steps_blocked.
			[packageId ? 'total_component_steps_blocked' : 'total_steps_blocked']: blocked,
			start_time: validationTime(startedAt),
			end_time: validationTime(Date.now()),
			package_error: error ? packageError(received) : '',
			package_steps: views.map((view, index) => validationStep(view, stepIds[index])),
		};
	};

	router.route('POST', '/:version/services/package/actions/validate', async (request, response) => {
		if (await proxyPage(request, response)) return;
		if (!authorized(request, response)) return drain(request);
		const startedAt = Date.now();
		const upload = await receivePackage(request);
		if ('missing' in upload) return failure(response, 'PARAMETER_REQUIRED', 'Missing required parameter [file].');
		counters.validations++;
		if ('error' in upload) {
			// A package Vault cannot read is an answered validation: package_status Error, with why.
			const now = validationTime(Date.now());
			return ok(response, {
				responseDetails: {
					summary: '',
					author: '',
					package_name: '',
					package_id: 'N/A',
					source_vault: '',
					package_status: 'Error',
					total_steps: 0,
					total_steps_blocked: 0,
					start_time: now,
					end_time: now,
					package_error: `The package could not be read: ${upload.error}.`,
					package_steps: [],
				},
			});
		}

		ok(response, {responseDetails: validationDetails(upload.received, startedAt)});
	});

	const createJob = (kind: 'import' | 'deploy' | 'export', packageId: string, version: string, createdBy: number) => {
		const id = nextJob++;
		jobs.set(id, {
			id,
			kind,
			title: vaultJobTitles[kind],
			method: kind === 'import' ? 'PUT' : 'POST',
			packageId,
			version,
			createdBy,
			createdAt: Date.now(),
			lastPoll: 0,
			polls: 0,
			statusCalls: 0,
		});
		counters.jobsCreated++;
		return {url: `${api(version)}/services/jobs/${id}`, job_id: id};
	};

	// The source side (outbound packages, Export Package, the .vpk on file staging): export-routes.ts.
	const exports = createVaultExports({
		router,
		scenarios,
		jobMs: () => timing.jobMs,
		author: vaultDemoCredentials.username,
		api,
		authorized,
		ok,
		failure,
		startJob: (packageId, version, request) => createJob('export', packageId, version, session(request)!),
	});

	const attach = (vaultPackage: VaultPackage, filename: string, content: string): Attachment => {
		const attachment = {id: nextAttachment++, version: 1, filename, content, created: Date.now() + timing.jobMs};
		vaultPackage.attachments.push(attachment);
		return attachment;
	};

	const validationLog = (vaultPackage: VaultPackage) =>
		[
			`Validation log for ${vaultPackage.name} (${vaultPackage.id})`,
			...target
				.view(vaultPackage.received, {blockedStep: vaultPackage.blockedStep})
				.map(
					view =>
						`Step ${view.step.name} ${view.type} ${view.name}: ${view.blocked ? 'Blocked' : 'Verified'}` +
						view.dependencies.map(dependency => `\n  needs ${dependency.component_type} ${dependency.component_name}: ${dependency.status}`).join(''),
				),
			'',
		].join('\n');

	router.route('PUT', '/:version/services/package', async (request, response, {version = ''}) => {
		if (await proxyPage(request, response)) return;
		if (!authorized(request, response)) return drain(request);
		if (scenarios.has('vault-upload-reset')) return resetUploadHalfWay(request);
		if (scenarios.has('vault-insufficient-access')) {
			// No permission to import: refused before anything is read or created.
			await drain(request);
			counters.refused++;
			return noAccess(response);
		}

		const upload = await receivePackage(request);
		if ('missing' in upload) return failure(response, 'PARAMETER_REQUIRED', 'Missing required parameter [file].');
		if ('error' in upload) return failure(response, 'INVALID_DATA', `The file is not a valid VPK: ${upload.error}.`);
		const {received} = upload;
		const id = `0PI000000000${String(nextPackage++).padStart(3, '0')}`;
		// Duplicate names are renamed on import (vendor-apis.md 1.5 step B: PKG-0001 → PKG-0001-2).
		const sameName = [...packages.values()].filter(existing => existing.received.manifest.name === received.manifest.name).length;
		const name = sameName > 0 ? `${received.manifest.name}-${sameName + 1}` : received.manifest.name;
		const vaultPackage: VaultPackage = {
			id,
			name,
			received,
			blockedStep: scenarioBlockedStep(received),
			stepIds: received.steps.map(() => `0IS000000000${String(nextStep++).padStart(3, '0')}`),
			attachments: [],
		};
		attach(vaultPackage, `${name}-Validation.log`, validationLog(vaultPackage));
		packages.set(id, vaultPackage);
		const created = createJob('import', id, version, session(request)!);
		if (scenarios.has('vault-submit-lost')) return loseAnswer(response);
		ok(response, created);
	});

	/** Queued for the first third of the job's time; Vault's own jobs ran for a minute, long ago. */
	const jobTimes = (job: Job) =>
		job.done
			? {runStart: job.createdAt + 30_000, runEnd: job.createdAt + 60_000}
			: {runStart: job.createdAt + Math.round(timing.jobMs / 3), runEnd: job.createdAt + timing.jobMs};

	const jobState = (job: Job, now = Date.now()) => {
		const failed = (scenarios.has('vault-job-fails') && job.kind === 'import') || (scenarios.has('vault-export-fails') && job.kind === 'export');
		const {runStart, runEnd} = jobTimes(job);
		if (job.done) return {failed: false, status: 'SUCCESS', started: true, finished: true, modified: runEnd};
		if (now < runStart) return {failed, status: 'QUEUED', started: false, finished: false, modified: job.createdAt};
		if (now < runEnd) return {failed, status: 'RUNNING', started: true, finished: false, modified: runStart};
		return {failed, status: failed ? 'ERRORS_ENCOUNTERED' : 'SUCCESS', started: true, finished: true, modified: runEnd};
	};

	const listed = (job: Job): ListedJob => {
		const state = jobState(job);
		const {runStart, runEnd} = jobTimes(job);
		return {
			job_id: job.id,
			title: job.title,
			status: state.status,
			created_by: job.createdBy,
			created_date: iso(job.createdAt),
			modified_by: job.createdBy,
			modified_date: iso(state.modified),
			// A job not yet started shows when it is to start, as the monitors sample's scheduled jobs do.
			run_start_date: iso(runStart),
			...(state.finished ? {run_end_date: iso(runEnd)} : {}),
			createdAt: job.createdAt,
		};
	};

	/** Job monitors (not finished) and histories (finished), as documented: filters, paging, newest first. */
	const jobList =
		(kind: 'histories' | 'monitors') =>
		(request: Request, response: Response, {version = ''}: Record<string, string>, url: URL) => {
			if (!authorized(request, response)) return;
			const query = parseJobListQuery(kind, url.searchParams);
			if (typeof query === 'string') return failure(response, 'INVALID_DATA', query);
			const all = [...jobs.values()].map(job => listed(job)).filter(job => (job.run_end_date !== undefined) === (kind === 'histories'));
			ok(response, jobListPage(kind, all, query, api(version)));
		};

	router.route('GET', '/:version/services/jobs/monitors', jobList('monitors'));
	router.route('GET', '/:version/services/jobs/histories', jobList('histories'));

	router.route('GET', '/:version/services/jobs/:id', (request, response, {id = ''}) => {
		if (!authorized(request, response)) return;
		const job = jobs.get(Number(id));
		if (!job || !/^\d+$/.test(id)) return failure(response, 'INVALID_DATA', `Invalid value [${id}] for parameter [job_id] specified`);
		if (pollFault('vault', scenarios, ++job.statusCalls, response)) return;
		const now = Date.now();
		// At most one status call per job per window; early callers get API_LIMIT_EXCEEDED.
		if (job.lastPoll && now - job.lastPoll < timing.pollLimitMs)
			return failure(response, 'API_LIMIT_EXCEEDED', 'You have exceeded the maximum number of job status requests.');
		job.lastPoll = now;
		job.polls++;
		if (scenarios.has('vault-session-expiry') && !expiredOnce && job.polls === 1) {
			// The session idles out while the job keeps running server-side.
			expiredOnce = true;
			sessions.delete(String(request.headers.authorization));
		}

		const state = jobState(job, now);
		const item = listed(job);
		const links = [{rel: 'self', href: `${api(job.version)}/services/jobs/${job.id}`, method: 'GET', accept: 'application/json'}];
		const exported = job.kind === 'export' ? exports.artifactsHref(job.id, job.version) : undefined;
		if (exported && state.finished && !state.failed) links.push({rel: 'artifacts', href: exported, method: 'GET', accept: 'application/octet-stream'});
		if (state.finished && !state.failed && job.kind !== 'system' && job.kind !== 'export') {
			links.push({
				rel: 'artifacts',
				href: `${api(job.version)}/vobject/vault_package__v/${job.packageId}/actions/${job.kind}/results`,
				method: 'GET',
				accept: 'application/json',
			});
		}

		ok(response, {
			responseMessage: 'OK',
			data: {
				id: job.id,
				status: state.status,
				method: job.method,
				links,
				created_by: job.createdBy,
				created_date: item.created_date,
				...(state.started ? {run_start_date: item.run_start_date} : {}),
				...(state.finished ? {run_end_date: item.run_end_date} : {}),
			},
		});
	});

	const attachmentUrl = (vaultPackage: VaultPackage, attachment: Attachment, version: string) =>
		`${origin()}${api(version)}/vobjects/vault_package__v/${vaultPackage.id}/attachments/${attachment.id}/versions/${attachment.version}/file`;
	const logEntry = (vaultPackage: VaultPackage, attachment: Attachment, version: string) => ({
		filename: hostile ? `../../../escaped\n${attachment.filename.replace(/^.*-/, '')}\r\u001B[31m` : attachment.filename,
		url: attachmentUrl(vaultPackage, attachment, version),
		created_date__v: logTime(attachment.created),
	});

	const stepIdOf = (vaultPackage: VaultPackage, index: number) => vaultPackage.stepIds[index] ?? '';
	const componentsOf = (vaultPackage: VaultPackage, view: StepView, index: number, status: string) =>
		view.step.components.map((component, position) => ({
			id: `0VP${stepIdOf(vaultPackage, index).slice(3, -1)}${position}`,
			name__v: `${component.type}.${component.name}`,
			component_name__v: component.name,
			component_type__v: component.type,
			deployment_status__v: status,
			checksum__v: component.checksum,
			external_id__v: '',
		}));
	const dataOf = (vaultPackage: VaultPackage, view: StepView, index: number) =>
		view.step.data.map((data, position) => ({
			id: `0PT${stepIdOf(vaultPackage, index).slice(3, -1)}${position}`,
			name__v: data.label,
			object__v: data.object,
			data_type__v: data.dataType,
			data_action__v: data.action,
			record_migration_mode__sys: data.recordMigrationMode,
			record_count__sys: data.recordCount,
			checksum__v: data.checksum,
		}));

	router.route('GET', '/:version/vobject/vault_package__v/:id/actions/import/results', (request, response, {version = '', id = ''}) => {
		if (!authorized(request, response)) return;
		const vaultPackage = packages.get(id);
		if (!vaultPackage) return noAccess(response);
		const views = target.view(vaultPackage.received, {blockedStep: vaultPackage.blockedStep});
		const blocked = views.some(view => view.blocked);
		const warnings = scenarios.has('vault-warnings');
		const first = views[0];
		const body = {
			...(warnings
				? {
						warnings: [
							{
								type: 'COMPONENT_WARNING',
								message: `Step ${first?.step.name ?? '00010'} (${first?.type ?? 'Object'} ${first?.name ?? ''}) was imported with warnings; see the validation log.`,
							},
						],
					}
				: {}),
			vaultPackage: {
				id,
				name: hostile ? `\u001B[2J\u001B]0;owned\u0007${vaultPackage.name}` : vaultPackage.name,
				status: 'active__v',
				package_status: vaultPackage.deployed ?? (blocked ? 'blocked__v' : 'imported__v'),
				log: vaultPackage.attachments
					.filter(attachment => attachment.filename.endsWith('Validation.log'))
					.map(attachment => logEntry(vaultPackage, attachment, version)),
				package_steps: views.map((view, index) => ({
					id: stepIdOf(vaultPackage, index),
					name__v: view.step.name,
					step_type__v: view.step.kind,
					step_label__v: view.label,
					step_name__v: view.name,
					type__v: view.type,
					deployment_status__v: view.blocked ? 'blocked__v' : 'verified__v',
					deployment_action: view.action,
					package_components: componentsOf(vaultPackage, view, index, view.blocked ? 'blocked__v' : 'verified__v'),
					dependencies: view.dependencies,
					package_code: [],
				})),
				package_code: vaultPackage.received.javaClasses.map(name => ({
					name__v: name,
					deployment_option: vaultPackage.received.manifest.javaSdkOption || 'incremental',
				})),
			},
		};
		ok(response, body, warnings ? 'WARNING' : 'SUCCESS');
	});

	router.route('POST', '/:version/services/vobject/vault_package__v/:id/actions/validate', async (request, response, {id = ''}) => {
		await drain(request);
		if (!authorized(request, response)) return;
		const vaultPackage = packages.get(id);
		if (!vaultPackage) return noAccess(response);
		ok(response, {responseDetails: {...validationDetails(vaultPackage.received, Date.now(), id, vaultPackage.stepIds), package_name: vaultPackage.name}});
	});

	/** Per step: the first step carries the scenario's warning or failure, the rest deploy. */
	const deployStatuses = (vaultPackage: VaultPackage): DeployStatus[] =>
		vaultPackage.received.steps.map((_step, index) => (index === 0 && vaultPackage.deployed !== 'deployed__v' ? vaultPackage.deployed! : 'deployed__v'));

	router.route('POST', '/:version/vobject/vault_package__v/:id/actions/deploy', async (request, response, {version = '', id = ''}) => {
		await drain(request);
		if (!authorized(request, response)) return;
		const vaultPackage = packages.get(id);
		if (!vaultPackage) return noAccess(response);
		if (target.view(vaultPackage.received, {blockedStep: vaultPackage.blockedStep}).some(view => view.blocked)) {
			return failure(response, 'OPERATION_NOT_ALLOWED', 'The package has blocked steps and cannot be deployed.');
		}

		if (vaultPackage.deployed) return failure(response, 'OPERATION_IN_PROGRESS', 'The package was already deployed.');
		counters.deploys++;
		const views = target.view(vaultPackage.received);
		vaultPackage.deployed = scenarios.has('vault-deploy-failures')
			? 'deployed_with_failures__v'
			: scenarios.has('vault-deploy-warnings')
				? 'deployed_with_warnings__v'
				: 'deployed__v';
		vaultPackage.deployedAt = Date.now();
		const created = createJob('deploy', id, version, session(request)!);
		const stepStatus = deployStatuses(vaultPackage);
		attach(
			vaultPackage,
			`${vaultPackage.name}-Deployment.log`,
			[
				`Deployment log for ${vaultPackage.name} (${id})`,
				...views.map((view, index) => `Step ${view.step.name} ${view.type} ${view.name}: ${stepStatus[index]}`),
				'',
			].join('\n'),
		);
		if (views.some(view => view.step.kind === 'Data')) {
			const stamp = iso(vaultPackage.deployedAt).slice(0, 19).replace('T', '_').replaceAll(':', '_');
			vaultPackage.dataResults = {id: nextDataResult++, filename: `${created.job_id}_${vaultPackage.name}_${stamp}_Success_Failure_logs.zip`};
		}

		// What was deployed is in the Vault now; the step that failed is not.
		target.add(views.filter((_view, index) => stepStatus[index] !== 'deployed_with_failures__v').map(view => view.name));
		ok(response, created);
	});

	router.route('GET', '/:version/vobject/vault_package__v/:id/actions/deploy/results', (request, response, {version = '', id = ''}) => {
		if (!authorized(request, response)) return;
		const vaultPackage = packages.get(id);
		if (!vaultPackage) return noAccess(response);
		if (!vaultPackage.deployed) return failure(response, 'INVALID_DATA', 'The package has not been deployed.');
		const views = target.view(vaultPackage.received);
		const statuses = deployStatuses(vaultPackage);
		const count = (status: DeployStatus) => statuses.filter(each => each === status).length;
		const logs = vaultPackage.attachments.map(attachment => logEntry(vaultPackage, attachment, version));
		const data = vaultPackage.dataResults;
		const noStatus = scenarios.has('vault-deploy-no-status');
		ok(response, {
			responseDetails: {
				...(noStatus
					? {}
					: {
							total_steps: statuses.length,
							deployed: count('deployed__v'),
							deployed_with_warnings: count('deployed_with_warnings__v'),
							deployed_with_failures: count('deployed_with_failures__v'),
							deployed_with_error: 0,
							failed: 0,
							skipped: 0,
							package_status__v: vaultPackage.deployed,
						}),
				deployment_log: logs,
				// "If the deployed package includes datasets, the response also provides the data_deployment_log."
				...(data
					? {
							data_deployment_log: [
								{
									filename: hostile ? `../../escaped-${data.filename}` : data.filename,
									url: `${origin()}${api(version)}/services/package/actions/deploy/data_results/${data.id}/${data.filename}`,
								},
							],
						}
					: {}),
			},
			package_steps: views.map((view, index) => ({
				id: stepIdOf(vaultPackage, index),
				name__v: view.step.name,
				step_type__v: view.step.kind,
				step_name__v: view.name,
				type__v: view.type,
				deployment_status__v: statuses[index],
				step_label__v: view.label,
				package_components: componentsOf(vaultPackage, view, index, statuses[index]!),
				package_data: dataOf(vaultPackage, view, index),
				package_code: [],
			})),
		});
	});

	/** Log files: Download Object Record Attachment Version File, the form the deploy results' URLs take. */
	router.route(
		'GET',
		'/:version/vobjects/:object/:record/attachments/:attachment/versions/:attachmentVersion/file',
		(request, response, {object = '', record = '', attachment = '', attachmentVersion = ''}) => {
			if (!authorized(request, response)) return;
			if (scenarios.has('vault-log-error')) return noAccess(response);
			const vaultPackage = object === 'vault_package__v' ? packages.get(record) : undefined;
			const file = vaultPackage?.attachments.find(each => String(each.id) === attachment && String(each.version) === attachmentVersion);
			if (!file) return failure(response, 'INVALID_DATA', `Invalid value [${attachment}] for parameter [attachment_id] specified`);
			counters.logDownloads++;
			response.writeHead(200, {
				'content-type': 'text/plain;charset=UTF-8',
				'content-disposition': `attachment;filename="${headerName(file.filename)}"`,
				'content-length': Buffer.byteLength(file.content),
			});
			response.end(file.content);
		},
	);

	/** The data deployment log (a zip of success and failure CSVs); no reference page, only the URL in the deploy results. */
	router.route('GET', '/:version/services/package/actions/deploy/data_results/:id/:file', (request, response, {id = '', file = ''}) => {
		if (!authorized(request, response)) return;
		if (scenarios.has('vault-log-error')) return noAccess(response);
		const vaultPackage = [...packages.values()].find(each => each.dataResults && String(each.dataResults.id) === id && each.dataResults.filename === file);
		if (!vaultPackage) return failure(response, 'INVALID_DATA', `Invalid value [${id}] for parameter [data_results] specified`);
		const rows = vaultPackage.received.steps.flatMap(step => step.data.map(data => `${step.name},${data.object},${data.recordCount || 0}`));
		const zip = Buffer.from(zipSync({'success.csv': strToU8(`step,object,records\n${rows.join('\n')}\n`), 'failure.csv': strToU8('step,object,error\n')}));
		counters.logDownloads++;
		response.writeHead(200, {
			'content-type': 'application/octet-stream',
			'content-disposition': `attachment;filename="${headerName(file)}"`,
			'content-length': zip.length,
		});
		response.end(zip);
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
		snapshot: () => ({sessions: sessions.size, packages: packages.size, ...counters, ...exports.counters}),
	};
};
