/**
 * The Vault import (vendor-apis.md 1.5): login -> import (or validate) -> poll the job -> follow
 * its artifacts link to the results -> review -> [deploy -> poll -> deploy results -> logs] -> end
 * the session. Vault does not roll back a deploy; the import creates an inbound package record.
 */
import fs from 'node:fs';
import path from 'node:path';
import {PackportError, usageError} from '../../errors.js';
import {checkWritableFolder} from '../../packages/download-to-file.js';
import {checkValidatePackageSize} from '../../packages/vault-package.js';
import {mayHaveArrived, pollUntil, retryLog} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {serverText as text} from '../../http/redact.js';
import {counted} from '../../output/words.js';
import type {CleanupReport, Outcome, PackageInfo, VendorContext, VendorFlow} from '../vendor.js';
import {createVaultClient, VaultRefusal, type VaultEnvelope} from './client.js';
import {findLostJob} from './find-lost-job.js';
import {classifyDeploy, classifyJob, isBlockedStatus, isDeployable} from './status.js';
import type {VaultReview, VaultStep} from './types.js';

type Raw = Record<string, unknown>;

const toSteps = (raw: unknown): VaultStep[] =>
	(Array.isArray(raw) ? (raw as Raw[]) : []).map(step => ({
		name: text(step.name__v),
		label: text(step.step_label__v) || text(step.step_name__v),
		// type__v is the component type (Object, Doctype…); step_type__v the step's kind (Component, Data).
		type: text(step.type__v) || text(step.step_type__v),
		kind: text(step.step_type__v),
		status: text(step.deployment_status__v),
		dependencies: (Array.isArray(step.dependencies) ? (step.dependencies as Raw[]) : []).map(dependency => ({
			name: text(dependency.component_name),
			type: text(dependency.component_type),
			status: text(dependency.status),
		})),
	}));

/**
 * The blocked steps by name and what each lacks, e.g. "00020 Claims document (Doctype) needs
 * Renditiontype air_bulk_03__c": said where no list of steps is on screen (plain output, the summary).
 */
export const describeBlocked = (steps: VaultStep[], most = 5): string => {
	const blocked = steps.filter(item => isBlockedStatus(item.status));
	const named = blocked.slice(0, most).map(item => {
		const missing = item.dependencies.filter(dependency => /missing/i.test(dependency.status) && !/ignore/i.test(dependency.status));
		const step = `${item.name} ${item.label}${item.type ? ` (${item.type})` : ''}`.replaceAll(/\s+/g, ' ').trim();
		return missing.length > 0 ? `${step} needs ${missing.map(dependency => `${dependency.type} ${dependency.name}`.trim()).join(', ')}` : step;
	});
	return `${named.join('; ')}${blocked.length > most ? `; ${blocked.length - most} more` : ''}`;
};

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
	let deploySteps: VaultStep[] = [];
	let logFolder: string | undefined;
	const logsSaved: string[] = [];
	const logProblems: string[] = [];
	const urlsSaved = new Set<string>();

	const step = createStepRunner(onEvent, signal);
	const manifestName = (pkg.summary?.manifest as {name?: string} | undefined)?.name;

	/** Polls a job no faster than Vault allows; API_LIMIT_EXCEEDED slows it down (it is "transient"). */
	const waitForJob = async (id: string, stepName: string): Promise<Raw> => {
		const answer = await pollUntil({
			fetch: async () => ((await client.job(id, {once: true})).data ?? {}) as Raw,
			isDone: data => classifyJob(text(data.status)) !== 'running',
			intervalMs: ctx.pollIntervalMs,
			signal,
			...retryLog(onEvent),
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
			packageError: text(details.package_error).trim() || undefined,
			deployable: false,
			blockedSteps: steps.filter(item => isBlockedStatus(item.status)).length,
			steps,
			validateOnly: true,
			logs: [],
		};
	};

	const reviewFromResults = (body: VaultEnvelope): VaultReview => {
		const vaultPackage = (body.vaultPackage ?? body.responseDetails ?? {}) as Raw;
		const steps = toSteps(vaultPackage.package_steps);
		const packageStatus = text(vaultPackage.package_status);
		const blockedSteps = steps.filter(item => isBlockedStatus(item.status)).length;
		return {
			vendor: 'vault',
			packageId: text(vaultPackage.id) || null,
			packageName: text(vaultPackage.name),
			packageStatus,
			packageError: text(vaultPackage.package_error).trim() || undefined,
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
		if (logs.length === 0 || (!pkg.path && !options.logDir)) return;
		// A package folder zipped on the fly keeps its logs beside the folder, not the temp file.
		const folder = (pkg.summary?.folder as {path?: string} | undefined)?.path;
		const beside = folder ?? pkg.path!;
		const base = options.logDir ?? path.join(path.dirname(beside), `${path.basename(beside, path.extname(beside))}-vault-logs`);
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

	/** Log problems and Vault's own envelope warnings join the outcome; either makes a 0 a 4. */
	const finish = (outcome: Outcome): Outcome => {
		const extra = [...client.warnings, ...logProblems];
		return extra.length === 0 ? outcome : {...outcome, warnings: [...outcome.warnings, ...extra], exitCode: outcome.exitCode === 0 ? 4 : outcome.exitCode};
	};

	/**
	 * Is this job the one our lost call started? Wait for it to end, then read what it produced: an
	 * import names the package (Vault may append "-2" when the name is taken), a deploy's results are
	 * those of our package id.
	 */
	const tieJob = async (kind: 'import' | 'deploy', id: string, packageName?: string): Promise<boolean> => {
		const job = await waitForJob(id, kind);
		const href = artifacts(job);
		if (!href) return false;
		if (kind === 'deploy') return review?.packageId !== null && review?.packageId !== undefined && href.includes(`/${review.packageId}/`);
		if (!packageName) return false;
		const produced = reviewFromResults(await client.follow(href)).packageName;
		return produced === packageName || new RegExp(`^${packageName.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(produced);
	};

	/**
	 * Sends a call that creates a job exactly once. A refusal (Vault's FAILURE envelope) means the
	 * call did nothing. When the answer is lost, the job lists say whether this run's job exists:
	 * found, we go on with it; a complete search with nothing of ours, nothing was created; anything
	 * else is "outcome unknown" (find-lost-job.ts).
	 */
	const submitOnce = async (kind: 'import' | 'deploy', send: () => Promise<VaultEnvelope>, packageName?: string): Promise<VaultEnvelope> => {
		const since = Date.now();
		try {
			return await send();
		} catch (error) {
			if (error instanceof VaultRefusal) {
				if (kind === 'import') submitted = false;
				throw error;
			}

			if (!mayHaveArrived(error) || signal.aborted) throw error;
			const reason = (error as PackportError).message;
			onEvent({type: 'log', level: 'warn', message: `${reason} Looking for the ${kind} job in Vault's job lists before anything else…`});
			const found = await findLostJob({client, kind, since, profileName: profile.name, packageName, tie: async id => tieJob(kind, id, packageName)});
			if ('jobId' in found) {
				onEvent({type: 'log', level: 'info', message: `Found ${kind} job ${found.jobId} of ${packageName ?? 'this package'}; following it (the call is not sent again).`});
				return {responseStatus: 'SUCCESS', job_id: found.jobId};
			}

			if (kind === 'import') submitted = false;
			throw new PackportError('connect', `${reason} Vault's job lists, read to the end, show no job of yours started since, so nothing was ${kind === 'import' ? 'imported' : 'deployed'}.`, {
				vendor: 'vault',
				hint: `It is safe to run the ${kind} again once Vault answers.`,
			});
		}
	};

	/** What Validate Package or an import says of the package, in one of four words, failing closed. */
	const judge = (packageStatus: string, packageError: string): 'ok' | 'blocked' | 'failed' | 'unknown' => {
		if (packageError.trim()) return 'failed';
		const word = packageStatus.toLowerCase();
		if (/error|fail/.test(word)) return 'failed';
		if (isBlockedStatus(word)) return 'blocked';
		if (/^(verified|imported|verified__v|imported__v)$/.test(word) || /^verified with warnings?$/.test(word)) return 'ok';
		return 'unknown';
	};

	/** Deploy later: the package imported earlier, as Validate Inbound Package sees it now. */
	const prepareDeployLater = async (packageId: string): Promise<VaultReview> => {
		await step('login', 'Signing in…', () => `Signed in as ${profile.username ?? 'user'}`, client.login);
		const checkedLabel = (r: VaultEnvelope) => `Inbound package checked: ${text(((r.responseDetails ?? {}) as Raw).package_status) || 'no status'}`;
		const body = await step('inbound', 'Checking the inbound package…', checkedLabel, async () => client.validateInbound(packageId));
		const checked = reviewFromValidation(body);
		const verdict = judge(checked.packageStatus, checked.packageError ?? '');
		review = {...checked, packageId, validateOnly: false, deployable: verdict === 'ok' && checked.blockedSteps === 0};
		return review;
	};

	const flow: VendorFlow = {
		get jobId() {
			return jobId;
		},
		get submitted() {
			return submitted;
		},
		async prepare() {
			if (options.deployPackageId) return prepareDeployLater(options.deployPackageId);
			// Validate Package takes at most 2 GB (vendor-apis.md 1.5 step A): said before anything is sent.
			if (options.validateOnly) checkValidatePackageSize(pkg);
			// Vault's logs are saved beside the package: learn now, not after the import, if they cannot be.
			const logsBeside = (pkg.summary?.folder as {path?: string} | undefined)?.path ?? pkg.path;
			const problem = logsBeside ? checkWritableFolder(path.dirname(path.resolve(logsBeside))) : undefined;
			if (problem) {
				throw usageError(
					`Vault's logs are saved beside the package, but ${path.dirname(path.resolve(logsBeside!))} ${problem}.`,
					'Copy the package to a folder you can write to, and import it from there.',
				);
			}
			await step('login', 'Signing in…', () => `Signed in as ${profile.username ?? 'user'}`, client.login);
			const progress = (transferred: number, total: number) => onEvent({type: 'progress', step: 'upload', transferred, total: total || pkg.bytes});
			if (options.validateOnly) {
				const body = await step('validate', 'Validating the package…', () => 'Package validated', async () => client.upload('services/package/actions/validate', pkg.path!, progress));
				review = reviewFromValidation(body);
				return review;
			}

			const created = await step('upload', 'Uploading the package…', () => 'Package uploaded', async () => {
				// Vault can start an import only from a whole upload: stopped before the last byte went
				// out, nothing was imported (exit 130, as for a MicroStrategy upload). From the last
				// byte on, an inbound package may exist: an interruption is "outcome unknown" (exit 5).
				const sending = (transferred: number, total: number) => {
					if (total > 0 && transferred >= total) submitted = true;
					progress(transferred, total);
				};

				const answer = await submitOnce('import', async () => client.upload('services/package', pkg.path!, sending), manifestName);
				submitted = true;
				return answer;
			});
			jobId = text(created.job_id ?? created.jobId);
			if (!jobId) throw new PackportError('server', 'Vault accepted the package but named no import job.', {vendor: 'vault', hint: 'Check the Inbound Packages page in Vault.'});
			onEvent({type: 'progress', step: 'import', serverStatus: 'queued', jobId});
			const job = await step('import', 'Importing…', () => 'Package imported', async () => waitForJob(jobId!, 'import'));
			const href = artifacts(job);
			if (!href && text(job.status).toLowerCase() !== 'success') {
				throw new PackportError('server', `Vault job ${jobId} ended ${text(job.status) || 'without a status'} and without results: the package may be empty or invalid.`, {
					vendor: 'vault',
					hint: 'Open the validation log Vault emailed you.',
				});
			}

			if (!href) {
				// The published job answers carry only a `self` link: the job ran, its results are not linked.
				review = {
					vendor: 'vault',
					packageId: null,
					packageName: manifestName ?? '',
					packageStatus: text(job.status) || 'no status',
					deployable: false,
					blockedSteps: 0,
					steps: [],
					validateOnly: false,
					logs: [],
					noResults: true,
				};
				return review;
			}

			review = await step('results', 'Reading the validation results…', r => `Validation results loaded: ${r.packageStatus}`, async () => reviewFromResults(await client.follow(href)));
			return review;
		},
		choicesFromOptions: () => ({vendor: 'vault', deploy: Boolean(options.deploy || options.deployPackageId)}),
		// The import is done by the time the deploy is asked about: declining it deploys nothing.
		declinedChoices: () => ({vendor: 'vault', deploy: false, declined: true}),
		async apply() {
			// Nothing to change on the server before the deploy.
		},
		async execute(choices): Promise<Outcome> {
			const current = review!;
			const deploy = choices.vendor === 'vault' && choices.deploy;
			const warnings: string[] = [];
			if (choices.vendor === 'vault' && choices.declined && options.deploy) warnings.push('Not deployed: the deploy was declined at the review; the import stands.');
			await saveLogs(current.logs);
			const verdict = judge(current.packageStatus, current.packageError ?? '');
			const problem = current.packageError ? `: ${current.packageError.replace(/\.+$/, '')}` : '';
			if (options.deployPackageId && !deploy) {
				warnings.push(`Inbound package ${options.deployPackageId} was not deployed: you chose not to.`);
				return finish({status: 'not-deployed', exitCode: 0, details: flow.details(), warnings});
			}

			if (current.validateOnly) {
				// Fail closed: only a status packport knows to be good is "validated".
				if (verdict === 'failed' || verdict === 'unknown') {
					return finish({
						status: verdict === 'failed' ? 'failed' : 'unknown-status',
						exitCode: 1,
						details: flow.details(),
						warnings,
						error: new PackportError(
							'server',
							verdict === 'failed'
								? `Vault could not validate ${current.packageName || 'the package'} (${current.packageStatus || 'no status'})${problem}.`
								: `Vault reports the validation status "${current.packageStatus || '(none)'}", which packport does not know; it is not taken as valid.`,
							{vendor: 'vault', hint: 'Fix the package as the message says, export it again and validate again.'},
						),
					});
				}

				return finish({status: verdict === 'blocked' ? 'blocked' : 'validated', exitCode: verdict === 'blocked' ? 4 : 0, details: flow.details(), warnings});
			}

			if (current.noResults) {
				warnings.push(
					`Vault's import job ${jobId} ended ${current.packageStatus} without a results link, so the package's status is not known here: check Admin > Deployment > Inbound Packages in Vault.`,
				);
				const unverified = new PackportError('server', 'The import results are not available, so packport cannot tell whether the package may be deployed; nothing was deployed.', {
					vendor: 'vault',
					hint: 'Check the package on the Inbound Packages page, then: packport deploy --profile P --package-id ID.',
				});
				return finish({status: 'imported-unverified', exitCode: deploy ? 1 : 4, details: flow.details(), warnings, ...(deploy ? {error: unverified} : {})});
			}

			if (!deploy) {
				if (verdict === 'blocked' || current.blockedSteps > 0) {
					const blocked = describeBlocked(current.steps);
					const are = current.blockedSteps === 1 ? 'is' : 'are';
					warnings.push(
						`${counted(current.blockedSteps, 'step')} ${are} blocked by missing dependencies${blocked ? ` (${blocked})` : ''}; the package cannot be deployed until they exist in the target Vault.`,
					);
					return finish({status: 'blocked', exitCode: 4, details: flow.details(), warnings});
				}

				if (verdict === 'failed') {
					const error = new PackportError('server', `Vault imported ${current.packageName} as ${current.packageStatus}${problem}.`, {
						vendor: 'vault',
						hint: 'Read the validation log; fix the package and import it again.',
					});
					return finish({status: 'failed', exitCode: 1, details: flow.details(), warnings, error});
				}

				if (verdict === 'unknown') warnings.push(`Vault reports the package status "${current.packageStatus || '(none)'}", which packport does not know; check it before deploying.`);
				return finish({status: 'imported', exitCode: verdict === 'unknown' ? 4 : 0, details: flow.details(), warnings});
			}

			if (!current.deployable || !current.packageId) {
				const blocked = describeBlocked(current.steps);
				const withBlocked = current.blockedSteps ? ` with ${counted(current.blockedSteps, 'blocked step')}` : '';
				return finish({
					status: current.blockedSteps > 0 ? 'blocked' : 'not-deployable',
					exitCode: 1,
					details: flow.details(),
					warnings,
					error: new PackportError('server', `Package ${current.packageName} is ${current.packageStatus}${withBlocked}${problem}; it cannot be deployed.`, {
						vendor: 'vault',
						// The steps are named here: plain output and the summary show no list of them.
						hint: blocked ? `Add what the blocked steps need to the target Vault (${blocked}), then import again.` : 'Fix what the validation log names, then import again.',
					}),
				});
			}

			const started = await step('deploy', 'Starting the deploy…', () => 'Deploy started', async () => submitOnce('deploy', async () => client.deploy(current.packageId!), current.packageName));
			jobId = text(started.job_id ?? started.jobId) || jobId;
			onEvent({type: 'progress', step: 'deploy', serverStatus: 'queued', jobId});
			await step('deploy-job', 'Deploying…', () => 'Package deployed', async () => waitForJob(jobId!, 'deploy'));
			const results = await step('deploy-results', 'Reading the deploy results…', () => 'Deploy results loaded', async () => client.deployResults(current.packageId!));
			deployDetails = (results.responseDetails ?? {}) as Raw;
			// package_steps sits beside responseDetails in the published sample, inside it elsewhere.
			deploySteps = toSteps(deployDetails.package_steps ?? results.package_steps);
			const logList = (raw: unknown) => (Array.isArray(raw) ? (raw as Raw[]) : []).map(log => ({filename: text(log.filename), url: text(log.url)}));
			await saveLogs([...logList(deployDetails.deployment_log), ...logList(deployDetails.data_deployment_log)]);
			const outcome = classifyDeploy(deployDetails);
			const failedSteps = deploySteps.filter(item => /fail|error/i.test(item.status));
			const named = failedSteps.length > 0 ? ` Steps that failed: ${failedSteps.map(item => `${item.name} ${item.label || ''} (${item.kind || item.type})`.replaceAll(/\s+/g, ' ')).join('; ')}.` : '';
			if (outcome === 'unknown') {
				return finish({
					status: 'unknown',
					exitCode: 5,
					details: flow.details(),
					warnings,
					error: new PackportError('unknown-outcome', `Vault's deploy results for package ${current.packageId} carry no status and no counts, so whether the deploy worked is unknown.`, {
						vendor: 'vault',
						hint: `Open package ${current.packageId} on Vault's Inbound Packages page (Admin > Deployment) and read its deployment log.`,
					}),
				});
			}

			if (outcome === 'failed') {
				return finish({
					status: text(deployDetails.package_status__v) || 'failed',
					exitCode: 1,
					details: flow.details(),
					warnings,
					error: new PackportError('server', `The deploy of ${current.packageName} ended ${text(deployDetails.package_status__v) || 'with failures'}; Vault does not roll back what was deployed.${named}`, {
						vendor: 'vault',
						hint: logFolder ? `Read the deployment logs in ${logFolder}.` : 'Read the deployment log in Vault.',
					}),
				});
			}

			if (outcome === 'warnings') warnings.push(`The deploy ended ${text(deployDetails.package_status__v)}; see the deployment log.${named}`);
			return finish({status: outcome === 'warnings' ? 'deployed_with_warnings' : 'deployed', exitCode: outcome === 'warnings' ? 4 : 0, details: flow.details(), warnings});
		},
		async cleanup(): Promise<CleanupReport> {
			if (!client.loggedIn) return {done: [], left: []};
			const {done, left} = await client.logout(ctx.cleanupSignal(15_000));
			return {done: done ? [done] : [], left: left ? [left] : []};
		},
		details() {
			const counts = deployDetails
				? Object.fromEntries(
						['total_steps', 'deployed', 'deployed_with_warnings', 'deployed_with_failures', 'deployed_with_error', 'failed', 'skipped'].map(key => [key, Number(deployDetails![key] ?? 0)]),
					)
				: null;
			return {
				packageName: review?.packageName ?? null,
				packageId: review?.packageId ?? null,
				packageStatus: review?.packageStatus ?? null,
				steps: review?.steps ?? [],
				deploy: deployDetails ? {status: text(deployDetails.package_status__v), counts, steps: deploySteps, logs: logsSaved} : null,
				logFolder: logFolder ?? null,
				logins: client.counters.logins,
				manifest: pkg.summary ?? null,
			};
		},
	};
	return flow;
};
