/**
 * The AEP import (vendor-apis.md 3.4): token -> package (PUBLISHED, unexpired) -> preflight ->
 * conflicts with ranked suggestions -> review (substitutions) -> submit with the alternatives map
 * -> find the job (the documented answer has no jobId) -> poll to a terminal jobStatus.
 */
import {randomUUID} from 'node:crypto';
import {setTimeout as sleep} from 'node:timers/promises';
import {PackportError, usageError} from '../../errors.js';
import {mayHaveArrived, pollUntil} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {serverText as text} from '../../redact.js';
import type {CleanupReport, Outcome, PackageInfo, VendorContext, VendorFlow} from '../vendor.js';
import {createAepClient} from './client.js';
import type {AepChoices, AepConflict, AepReview, AepTarget} from './types.js';

type Raw = Record<string, unknown>;
const looksLikeId = (ref: string) => /^[0-9a-f]{32}$/i.test(ref);
/** Objects that arrive switched off in the target (vendor-apis.md 3.7 item 10). */
const toDos: Record<string, string> = {
	JOURNEY: 'Journeys arrive as drafts: review and publish them in the target sandbox.',
	FLOW: 'Source dataflows arrive as drafts and source credentials are not copied: re-enter them and enable the flows.',
	CATALOG_DATASET: 'Datasets arrive with Profile disabled: enable them for Profile where needed.',
	DULE_CONSENT_POLICY: 'Governance and consent policies arrive disabled: review and enable them.',
};

export const createAepFlow = (ctx: VendorContext, pkg: PackageInfo): VendorFlow => {
	const {profile, onEvent, signal} = ctx;
	const options = ctx.options.aep ?? {};
	const target = (options.targetSandbox ?? profile.targetSandbox ?? '').toLowerCase();
	const client = createAepClient({profile, redactor: ctx.redactor, signal, secret: ctx.secret, sandbox: target, requestTimeoutMs: ctx.requestTimeoutMs});
	const step = createStepRunner(onEvent, signal);
	let review: AepReview | undefined;
	let jobId: string | undefined;
	let submitted = false;
	let finalJob: Raw | undefined;
	let alternatives: Record<string, AepTarget> = {};
	let postImportToDos: string[] = [];
	const jobName = `${pkg.name ?? pkg.id ?? 'package'} (packport ${randomUUID().slice(0, 8)})`;

	/** By id, or by exact name through every page (aepp stopped at page one; we follow hasNextPage). */
	const findPackage = async (ref: string): Promise<Raw> => {
		if (looksLikeId(ref)) {
			try {
				return await client.getPackage(ref);
			} catch (error) {
				if (!(error instanceof PackportError && error.status === 404)) throw error;
			}
		}

		for (let start = 0; ; start += 20) {
			const page = await client.listPackages(start);
			const found = (page.data ?? []).find(item => item.name === ref || item.id === ref);
			if (found) return client.getPackage(String(found.id));
			if (!page.hasNextPage) break;
		}

		throw usageError(`No package named or with id "${ref}" in the org.`, 'Check the name (exact, case-sensitive) or pass the package id.');
	};

	const checkImportable = (found: Raw) => {
		const status = text(found.status).toUpperCase();
		if (status !== 'PUBLISHED') throw usageError(`Package "${text(found.name)}" is ${status || 'not published'}; only PUBLISHED packages can be imported.`, status === 'PUBLISH_IN_PROGRESS' ? 'Wait for the publish to finish, then try again.' : 'Publish it in the source sandbox first.');
		const expiry = Number(found.expiry ?? 0);
		if (expiry && expiry < Date.now()) throw usageError(`Package "${text(found.name)}" expired on ${new Date(expiry).toISOString().slice(0, 10)}.`, 'Publish it again to renew it.');
	};

	const checkPreflight = (answer: Raw) => {
		const denied = (Array.isArray(answer.permissionResponse) ? (answer.permissionResponse as Raw[]) : []).filter(item => item.creationAllowed === false);
		if (denied.length === 0) return;
		const lines = denied.map(item => {
			const resources = ((item.missingPermissions as {resources?: Array<{palmResourceType?: string; resourcePermissions?: string[]}>} | undefined)?.resources ?? [])
				.map(resource => `${text(resource.palmResourceType)}: ${(resource.resourcePermissions ?? []).join('/')}`)
				.join(', ');
			return `${text(item.artifactType)} ${text(item.artifactID)} needs ${resources || 'permissions'}`;
		});
		throw new PackportError('auth', `The integration may not create ${denied.length} artifact(s) in sandbox ${target}: ${lines.join('; ')}.`, {
			vendor: 'aep',
			vendorCode: 'PREFLIGHT_DENIED',
			hint: 'Ask an Adobe admin to add these permissions to the product profile of the integration, then try again.',
		});
	};

	const toConflicts = (raw: Raw[]): AepConflict[] =>
		raw.map(item => {
			const artifact = (item.artifact ?? {}) as Raw;
			return {
				id: text(artifact.id),
				type: text(artifact.type),
				title: text(artifact.title) || text(artifact.id),
				suggestions: (Array.isArray(item.suggestionList) ? (item.suggestionList as Raw[]) : []).map(suggestion => ({id: text(suggestion.id), type: text(suggestion.type), title: text(suggestion.title)})),
			};
		});

	/** Without a jobId in the answer, the job is found by its unique name and target, newest first. */
	const locateJob = async (lostAnswer?: string): Promise<string> => {
		for (let attempt = 0; attempt < 10; attempt++) {
			for (let start = 0; start < 500; start += 50) {
				const page = await client.listImportJobs(start);
				const found = (page.data ?? []).find(job => job.name === jobName && text((job.targetSandbox as Raw | undefined)?.name).toLowerCase() === target);
				if (found) return text(found.id);
				if (!page.hasNextPage) break;
			}

			await sleep(Math.min(ctx.pollIntervalMs, 2000), undefined, {signal});
		}

		if (lostAnswer) {
			submitted = false;
			throw new PackportError('connect', `${lostAnswer} No job named "${jobName}" appeared in the jobs list, so nothing was imported.`, {vendor: 'aep', hint: 'It is safe to run the import again once Adobe answers.'});
		}

		throw new PackportError('unknown-outcome', `The import was submitted as "${jobName}" but its job did not appear in the jobs list.`, {vendor: 'aep', hint: 'Look for the job by that name in the Sandboxes → Jobs page.'});
	};

	const flow: VendorFlow = {
		get jobId() {
			return jobId;
		},
		get submitted() {
			return submitted;
		},
		async prepare() {
			if (!target) throw usageError('No target sandbox.', 'Pass --target-sandbox NAME or set it in the profile.');
			await step('login', 'Requesting an access token…', () => 'Access token obtained', client.fetchToken);
			const found = await step('package', 'Looking up the package…', value => `Package found: ${text(value.name)}`, async () => findPackage(pkg.id ?? pkg.name ?? ''));
			checkImportable(found);
			await step('preflight', 'Checking permissions in the target…', () => 'Permissions checked', async () => checkPreflight(await client.preflight(text(found.id), target)));
			const conflicts = await step('conflicts', 'Loading conflicts…', value => `Conflicts loaded: ${value.length}`, async () => toConflicts(await client.conflicts(text(found.id), target)));
			review = {
				vendor: 'aep',
				packageId: text(found.id),
				packageName: text(found.name),
				targetSandbox: target,
				artifacts: Array.isArray(found.artifactsList) ? found.artifactsList.length : 0,
				expiry: Number(found.expiry ?? 0) || null,
				conflicts,
			};
			return review;
		},
		choicesFromOptions(given) {
			if (given.vendor !== 'aep') throw new Error('Adobe flow given other data');
			const byId = new Map(given.conflicts.map(conflict => [conflict.id, conflict]));
			const chosen: Record<string, AepTarget> = {...options.alternatives};
			for (const [source, targetId] of Object.entries(options.substitute ?? {})) {
				const conflict = byId.get(source);
				if (!conflict) throw usageError(`--substitute names ${source}, which is not a conflicting artifact of the package.`, 'Run without --substitute to see the conflicts, or use the wizard.');
				chosen[source] = {id: targetId, type: conflict.type};
			}

			for (const source of Object.keys(chosen)) {
				if (!byId.has(source)) throw usageError(`The substitutions name ${source}, which is not a conflicting artifact of the package.`, 'Save the substitutions again from the wizard for this package and sandbox.');
			}

			return {vendor: 'aep', alternatives: chosen};
		},
		async apply() {
			// The substitutions travel with the submit.
		},
		async execute(given): Promise<Outcome> {
			if (given.vendor !== 'aep') throw new Error('Adobe flow given other data');
			alternatives = (given as AepChoices).alternatives;
			const current = review!;
			let lostAnswer: string | undefined;
			const answer = await step('submit', 'Submitting the import…', () => (lostAnswer ? 'Import submitted; its answer was lost' : 'Import submitted'), async () => {
				submitted = true;
				try {
					return await client.submit({id: current.packageId, name: jobName, description: 'Imported with packport', destinationSandbox: {name: target, imsOrgId: profile.orgId}, alternatives});
				} catch (error) {
					// The job may exist although the answer never came: find it by its unique name, never submit twice.
					if (!mayHaveArrived(error) || signal.aborted) throw error;
					lostAnswer = error.message;
					onEvent({type: 'log', level: 'warn', message: `${error.message} Looking for job "${jobName}" in the jobs list before anything else…`});
					return {};
				}
			});
			jobId = text(answer.jobId) || undefined;
			if (!jobId) jobId = await step('find-job', 'Finding the import job…', value => `Import job found: ${value}`, async () => locateJob(lostAnswer));
			onEvent({type: 'progress', step: 'import', serverStatus: 'pending', jobId});
			finalJob = await step('import', 'Importing…', () => 'Import job finished', async () =>
				pollUntil({
					fetch: async () => (await client.job(jobId!)).object ?? {},
					isDone: job => ['SUCCESS', 'FAILED', 'CANCELLED'].includes(text(job.jobStatus).toUpperCase()),
					intervalMs: ctx.pollIntervalMs,
					signal,
					onPoll: (job, nextPollAt) => {
						const tasks = Array.isArray(job.completedTasks) ? job.completedTasks.length : 0;
						onEvent({type: 'progress', step: 'import', serverStatus: `${text(job.jobStatus).toLowerCase()} (${tasks} tasks)`, jobId, nextPollAt});
					},
				}),
			);
			const status = text(finalJob.jobStatus).toUpperCase();
			const tasks = (Array.isArray(finalJob.completedTasks) ? finalJob.completedTasks : []) as Raw[];
			const failed = tasks.filter(task => text(task.taskStatus).toUpperCase() !== 'SUCCESS');
			const types = new Set(tasks.map(task => text((task.artifact as Raw | undefined)?.type)));
			postImportToDos = [...types].flatMap(type => (toDos[type] ? [toDos[type]!] : []));
			const warnings: string[] = [];
			if (status !== 'SUCCESS') {
				return {status: status.toLowerCase(), exitCode: 1, details: flow.details(), warnings, error: new PackportError('server', `AEP import job ${jobId} ended ${status}.`, {vendor: 'aep', hint: 'Open the job in Sandboxes → Jobs for the per-artifact messages.'})};
			}

			if (failed.length > 0) warnings.unshift(`${failed.length} artifact task(s) failed: ${failed.map(task => text((task.artifact as Raw | undefined)?.title)).join(', ')}.`);
			return {status: failed.length > 0 ? 'partial' : 'imported', exitCode: failed.length > 0 ? 4 : 0, details: flow.details(), warnings};
		},
		async cleanup(): Promise<CleanupReport> {
			// Nothing is held on the server: the source package stays, tokens simply expire.
			return {done: [], left: []};
		},
		details() {
			const tasks = (Array.isArray(finalJob?.completedTasks) ? finalJob.completedTasks : []) as Raw[];
			const count = (predicate: (task: Raw) => boolean) => tasks.filter(predicate).length;
			const messageStatus = (task: Raw) => text((((task.artifact as Raw | undefined)?.messages as Raw[] | undefined) ?? [])[0]?.status).toUpperCase();
			return {
				targetSandbox: target,
				packageId: review?.packageId ?? null,
				packageName: review?.packageName ?? null,
				jobName,
				conflicts: review?.conflicts.length ?? 0,
				alternatives,
				tasks: {
					completed: count(task => text(task.taskStatus).toUpperCase() === 'SUCCESS'),
					failed: count(task => text(task.taskStatus).toUpperCase() !== 'SUCCESS'),
					created: count(task => messageStatus(task) === 'CREATED'),
					reused: count(task => messageStatus(task) === 'OBJECT_REUSED' || messageStatus(task) === 'OBJECT_EXISTS'),
				},
				replacementMap: (finalJob?.importReplacementMap as Raw | undefined) ?? {},
				toDos: postImportToDos,
				tokens: client.counters.tokens,
			};
		},
	};
	return flow;
};
