/**
 * The Vault import (vendor-apis.md 1.5): login -> import (or validate) -> poll the job -> follow
 * its artifacts link to the results -> review -> [deploy -> poll -> deploy results -> logs] -> end
 * the session. Vault does not roll back a deploy; the import creates an inbound package record.
 */
import fs from 'node:fs';
import path from 'node:path';
import {PackportError, usageError} from '../../errors.js';
import {checkWritableFolder} from '../../packages/download-to-file.js';
import {mayHaveArrived, pollUntil} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {serverText as text} from '../../redact.js';
import type {CleanupReport, Outcome, PackageInfo, VendorContext, VendorFlow} from '../vendor.js';
import {createVaultClient, type VaultEnvelope} from './client.js';
import {findLostJob} from './find-lost-job.js';
import {classifyDeploy, classifyJob, isBlockedStatus, isDeployable} from './status.js';
import type {VaultReview, VaultStep} from './types.js';

type Raw = Record<string, unknown>;

const toSteps = (raw: unknown): VaultStep[] =>
	(Array.isArray(raw) ? (raw as Raw[]) : []).map(step => ({
		name: text(step.name__v),
		label: text(step.step_label__v) || text(step.step_name__v),
		type: text(step.type__v) || text(step.step_type__v),
		status: text(step.deployment_status__v),
		dependencies: (Array.isArray(step.dependencies) ? (step.dependencies as Raw[]) : []).map(dependency => ({
			name: text(dependency.component_name),
			type: text(dependency.component_type),
			status: text(dependency.status),
		})),
	}));

/** Files written from server data keep to the chosen folder: no separators, no dot-dot. */
/** A server's file name made safe: no folders, no control characters (newlines included), not hidden. */
export const safeFileName = (name: string): string =>
	// eslint-disable-next-line no-control-regex
	name.replaceAll(/[/\\\u0000-\u001F\u007F-\u009F]/g, '_').replace(/^\.+/, '_').slice(0, 200) || 'log.txt';

export const createVaultFlow = (ctx: VendorContext, pkg: PackageInfo): VendorFlow => {
	const {profile, onEvent, signal} = ctx;
	const options = ctx.options.vault ?? {};
	const client = createVaultClient({profile, redactor: ctx.redactor, signal, password: ctx.secret, requestTimeoutMs: ctx.requestTimeoutMs});
	let jobId: string | undefined;
	let submitted = false;
	let review: VaultReview | undefined;
	let deployDetails: Raw | undefined;
	let logFolder: string | undefined;
	const logsSaved: string[] = [];
	const logProblems: string[] = [];
	const urlsSaved = new Set<string>();

	const step = createStepRunner(onEvent, signal);

	/** Polls a job no faster than Vault allows; API_LIMIT_EXCEEDED slows it down (it is "transient"). */
	const waitForJob = async (id: string, stepName: string): Promise<Raw> => {
		const answer = await pollUntil({
			fetch: async () => ((await client.job(id)).data ?? {}) as Raw,
			isDone: data => classifyJob(text(data.status)) !== 'running',
			intervalMs: ctx.pollIntervalMs,
			signal,
			onPoll: (data, nextPollAt) => onEvent({type: 'progress', step: stepName, serverStatus: text(data.status).toLowerCase(), jobId: id, nextPollAt}),
		});
		if (classifyJob(text(answer.status)) === 'failed') {
			throw new PackportError('server', `Vault job ${id} ended ${text(answer.status)}.`, {vendor: 'vault', hint: 'Vault emailed you the validation log; it says which step failed.'});
		}

		return answer;
	};

	const artifacts = (job: Raw): string | undefined =>
		(Array.isArray(job.links) ? (job.links as Raw[]) : []).find(link => text(link.rel) === 'artifacts')?.href as string | undefined;

	const reviewFromValidation = (body: VaultEnvelope): VaultReview => {
		const details = (body.responseDetails ?? {}) as Raw;
		const steps = toSteps(details.package_steps);
		const packageStatus = text(details.package_status);
		return {
			vendor: 'vault',
			packageId: null,
			packageName: text(details.package_name),
			packageStatus,
			deployable: false,
			blockedSteps: steps.filter(item => isBlockedStatus(item.status)).length,
			steps,
			validateOnly: true,
			logs: [],
		};
	};

	const reviewFromResults = (body: VaultEnvelope): VaultReview => {
		const vaultPackage = (body.vaultPackage ?? {}) as Raw;
		const steps = toSteps(vaultPackage.package_steps);
		const packageStatus = text(vaultPackage.package_status);
		const blockedSteps = steps.filter(item => isBlockedStatus(item.status)).length;
		return {
			vendor: 'vault',
			packageId: text(vaultPackage.id) || null,
			packageName: text(vaultPackage.name),
			packageStatus,
			deployable: isDeployable(packageStatus) && blockedSteps === 0,
			blockedSteps,
			steps,
			validateOnly: false,
			logs: (Array.isArray(vaultPackage.log) ? (vaultPackage.log as Raw[]) : []).map(log => ({filename: text(log.filename), url: text(log.url)})),
		};
	};

	/**
	 * Logs go next to the package, in a folder named after it, never overwriting. A log that cannot
	 * be saved (disk, permissions, an error answer instead of the file) is a warning and exit 4; it
	 * never stops the import or a deploy that was asked for.
	 */
	const saveLogs = async (logs: Array<{filename: string; url: string}>) => {
		if (logs.length === 0 || !pkg.path) return;
		const base = path.join(path.dirname(pkg.path), `${path.basename(pkg.path, path.extname(pkg.path))}-vault-logs`);
		try {
			fs.mkdirSync(base, {recursive: true});
		} catch (error) {
			logProblems.push(`Vault's logs were not saved: ${base} could not be created (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
			return;
		}

		logFolder = base;
		for (const log of logs) {
			// The deploy results list the validation log again: one copy per run. A file left by an
			// earlier run keeps its name; this run's copy takes the next free one.
			if (urlsSaved.has(log.url)) continue;
			try {
				logsSaved.push(await client.download(log.url, path.join(base, safeFileName(log.filename))));
				urlsSaved.add(log.url);
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				logProblems.push(`Log ${safeFileName(log.filename)} not saved: ${message}`);
				onEvent({type: 'log', level: 'warn', message: `Log ${safeFileName(log.filename)} not saved: ${message}`});
			}
		}
	};

	const withLogProblems = (outcome: Outcome): Outcome =>
		logProblems.length === 0 ? outcome : {...outcome, warnings: [...outcome.warnings, ...logProblems], exitCode: outcome.exitCode === 0 ? 4 : outcome.exitCode};

	/**
	 * Sends a call that creates a job exactly once. When its answer is lost, the job lists say
	 * whether it exists: found, we go on with it; absent, nothing was created and we say so.
	 */
	const submitOnce = async (kind: 'import' | 'deploy', send: () => Promise<VaultEnvelope>, packageName?: string): Promise<VaultEnvelope> => {
		const since = Date.now();
		try {
			return await send();
		} catch (error) {
			if (!mayHaveArrived(error) || signal.aborted) throw error;
			const reason = (error as PackportError).message;
			onEvent({type: 'log', level: 'warn', message: `${reason} Looking for the ${kind} job in Vault's job lists before anything else…`});
			const found = await findLostJob({client, kind, since, profileName: profile.name, packageName});
			if (found) {
				onEvent({type: 'log', level: 'info', message: `Found ${kind} job ${found}; following it (the call is not sent again).`});
				return {responseStatus: 'SUCCESS', job_id: found};
			}

			if (kind === 'import') submitted = false;
			throw new PackportError('connect', `${reason} No ${kind} job appeared in Vault's job monitors or history, so nothing was ${kind === 'import' ? 'imported' : 'deployed'}.`, {
				vendor: 'vault',
				hint: `It is safe to run the ${kind} again once Vault answers.`,
			});
		}
	};

	const flow: VendorFlow = {
		get jobId() {
			return jobId;
		},
		get submitted() {
			return submitted;
		},
		async prepare() {
			// Vault's logs are saved beside the package: learn now, not after the import, if they cannot be.
			const problem = pkg.path ? checkWritableFolder(path.dirname(path.resolve(pkg.path))) : undefined;
			if (problem) throw usageError(`Vault's logs are saved beside the package, but ${path.dirname(path.resolve(pkg.path!))} ${problem}.`, 'Copy the package to a folder you can write to, and import it from there.');
			await step('login', 'Signing in…', () => `Signed in as ${profile.username ?? 'user'}`, client.login);
			const progress = (transferred: number, total: number) => onEvent({type: 'progress', step: 'upload', transferred, total: total || pkg.bytes});
			if (options.validateOnly) {
				const body = await step('validate', 'Validating the package…', () => 'Package validated', async () => client.upload('services/package/actions/validate', pkg.path!, progress));
				review = reviewFromValidation(body);
				return review;
			}

			const created = await step('upload', 'Uploading the package…', () => 'Package uploaded', async () => {
				// From here on, an inbound package may exist on the Vault: an interruption is "outcome unknown".
				submitted = true;
				return submitOnce('import', async () => client.upload('services/package', pkg.path!, progress));
			});
			jobId = text(created.job_id ?? created.jobId);
			if (!jobId) throw new PackportError('server', 'Vault accepted the package but named no import job.', {vendor: 'vault', hint: 'Check the Inbound Packages page in Vault.'});
			onEvent({type: 'progress', step: 'import', serverStatus: 'queued', jobId});
			const job = await step('import', 'Importing…', () => 'Package imported', async () => waitForJob(jobId!, 'import'));
			const href = artifacts(job);
			if (!href) {
				throw new PackportError('server', `Vault job ${jobId} ended ${text(job.status) || 'without a status'} and without results: the package may be empty or invalid.`, {vendor: 'vault', hint: 'Open the validation log Vault emailed you.'});
			}

			review = await step('results', 'Reading the validation results…', r => `Validation results loaded: ${r.packageStatus}`, async () => reviewFromResults(await client.follow(href)));
			return review;
		},
		choicesFromOptions: () => ({vendor: 'vault', deploy: Boolean(options.deploy)}),
		async apply() {
			// Nothing to change on the server before the deploy.
		},
		async execute(choices): Promise<Outcome> {
			const current = review!;
			const deploy = choices.vendor === 'vault' && choices.deploy;
			const warnings: string[] = [];
			await saveLogs(current.logs);
			if (current.validateOnly) {
				return withLogProblems({status: current.blockedSteps > 0 ? 'blocked' : 'validated', exitCode: current.blockedSteps > 0 ? 4 : 0, details: flow.details(), warnings});
			}

			if (!deploy) {
				if (current.blockedSteps > 0 || isBlockedStatus(current.packageStatus)) {
					warnings.push(`${current.blockedSteps} step(s) are blocked by missing dependencies; the package cannot be deployed until they exist in the target Vault.`);
					return withLogProblems({status: 'blocked', exitCode: 4, details: flow.details(), warnings});
				}

				const failed = /fail|error/i.test(current.packageStatus);
				return withLogProblems({status: failed ? 'failed' : 'imported', exitCode: failed ? 1 : 0, details: flow.details(), warnings});
			}

			if (!current.deployable || !current.packageId) {
				return withLogProblems({
					status: current.blockedSteps > 0 ? 'blocked' : 'not-deployable',
					exitCode: 1,
					details: flow.details(),
					warnings,
					error: new PackportError('server', `Package ${current.packageName} is ${current.packageStatus}${current.blockedSteps ? ` with ${current.blockedSteps} blocked step(s)` : ''}; it cannot be deployed.`, {
						vendor: 'vault',
						hint: 'Add the missing dependencies to the target Vault (see the steps above), then import again.',
					}),
				});
			}

			const started = await step('deploy', 'Starting the deploy…', () => 'Deploy started', async () => submitOnce('deploy', async () => client.deploy(current.packageId!), current.packageName));
			jobId = text(started.job_id ?? started.jobId) || jobId;
			onEvent({type: 'progress', step: 'deploy', serverStatus: 'queued', jobId});
			await step('deploy-job', 'Deploying…', () => 'Package deployed', async () => waitForJob(jobId!, 'deploy'));
			const results = await step('deploy-results', 'Reading the deploy results…', () => 'Deploy results loaded', async () => client.deployResults(current.packageId!));
			deployDetails = (results.responseDetails ?? {}) as Raw;
			const logs = (Array.isArray(deployDetails.deployment_log) ? (deployDetails.deployment_log as Raw[]) : []).map(log => ({filename: text(log.filename), url: text(log.url)}));
			await saveLogs(logs);
			const outcome = classifyDeploy(deployDetails);
			if (outcome === 'failed') {
				return withLogProblems({
					status: text(deployDetails.package_status__v) || 'failed',
					exitCode: 1,
					details: flow.details(),
					warnings,
					error: new PackportError('server', `The deploy of ${current.packageName} ended ${text(deployDetails.package_status__v) || 'with failures'}; Vault does not roll back what was deployed.`, {
						vendor: 'vault',
						hint: logFolder ? `Read the deployment log in ${logFolder}.` : 'Read the deployment log in Vault.',
					}),
				});
			}

			if (outcome === 'warnings') warnings.push(`The deploy ended ${text(deployDetails.package_status__v)}; see the deployment log.`);
			return withLogProblems({status: outcome === 'warnings' ? 'deployed_with_warnings' : 'deployed', exitCode: outcome === 'warnings' ? 4 : 0, details: flow.details(), warnings});
		},
		async cleanup(): Promise<CleanupReport> {
			if (!client.loggedIn) return {done: [], left: []};
			await client.logout(ctx.cleanupSignal(15_000));
			return {done: ['Signed out'], left: []};
		},
		details() {
			const counts = deployDetails
				? Object.fromEntries(['total_steps', 'deployed', 'deployed_with_warnings', 'deployed_with_failures', 'deployed_with_error', 'failed', 'skipped'].map(key => [key, Number(deployDetails![key] ?? 0)]))
				: null;
			return {
				packageName: review?.packageName ?? null,
				packageId: review?.packageId ?? null,
				packageStatus: review?.packageStatus ?? null,
				steps: review?.steps ?? [],
				deploy: deployDetails ? {status: text(deployDetails.package_status__v), counts, logs: logsSaved} : null,
				logFolder: logFolder ?? null,
				logins: client.counters.logins,
				manifest: pkg.summary ?? null,
			};
		},
	};
	return flow;
};
