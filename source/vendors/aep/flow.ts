/**
 * The AEP import (vendor-apis.md 3.4): token -> package (PUBLISHED, unexpired) -> preflight ->
 * conflicts with ranked suggestions -> review (substitutions) -> submit with the alternatives map
 * -> find the job (the documented answer has no jobId) -> poll to a terminal jobStatus.
 */
import {randomUUID} from 'node:crypto';
import {PackportError, usageError} from '../../errors.js';
import {abortableSleep, isTransient, mayHaveArrived, pollUntil, retryLog} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {serverText as text} from '../../http/redact.js';
import {counted} from '../../output/words.js';
import type {CleanupReport, Outcome, PackageInfo, VendorContext, VendorFlow} from '../vendor.js';
import {createAepClient, profileSandboxes} from './client.js';
import {findImportJob, type JobSearch} from './find-job.js';
import {describeProblems, jobObject, jobState, readJob, type JobOutcome} from './job-outcome.js';
import {artifactLabel} from './labels.js';
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
	const client = createAepClient({
		profile,
		redactor: ctx.redactor,
		signal,
		secret: ctx.secret,
		sandboxes: profileSandboxes(profile, target),
		requestTimeoutMs: ctx.requestTimeoutMs,
	});
	const step = createStepRunner(onEvent, signal);
	let review: AepReview | undefined;
	let jobId: string | undefined;
	let submitted = false;
	let outcome: JobOutcome | undefined;
	let alternatives: Record<string, AepTarget> = {};
	let postImportToDos: string[] = [];
	let submittedAt = 0;
	// The job is named after the package (once looked up) plus a run id, so it can be found by name.
	const runTag = `(packport ${randomUUID().slice(0, 8)})`;
	let jobName = `${pkg.name ?? pkg.id ?? 'package'} ${runTag}`;

	/**
	 * By id, or by exact name through every page (aepp stopped at page one; we follow hasNextPage).
	 * Names repeat (the documented list has two "acme"): more than one match is a usage error that
	 * names each, and nothing is sent.
	 */
	const findPackage = async (ref: string): Promise<Raw> => {
		if (looksLikeId(ref)) {
			try {
				return await client.getPackage(ref);
			} catch (error) {
				if (!(error instanceof PackportError && error.status === 404)) throw error;
			}
		}

		const matches: Raw[] = [];
		const seen = new Set<string>();
		let complete = false;
		for (let start = 0, pages = 0; pages < 200; start += 50, pages++) {
			const page = await client.listPackages(start, 50);
			const data = Array.isArray(page.data) ? page.data : [];
			// A page of nothing new (a list that repeats itself) ends the search as incomplete.
			if (data.length > 0 && data.every(item => seen.has(text(item.id)))) break;
			for (const item of data) {
				const id = text(item.id);
				if (seen.has(id)) continue;
				seen.add(id);
				if (text(item.name) === ref || id === ref) matches.push(item);
			}

			if (page.hasNextPage !== true || data.length === 0) {
				complete = true;
				break;
			}
		}

		if (matches.length === 1) return client.getPackage(text(matches[0]!.id));
		if (matches.length > 1) {
			const day = (value: unknown) => (Number(value) > 0 ? new Date(Number(value)).toISOString().slice(0, 10) : 'never');
			const each = matches.map(
				item =>
					`${text(item.id)} (${text(item.status).toUpperCase() || 'no status'}, published ${day(item.publishDate)}, ` +
					`${counted(Array.isArray(item.artifactsList) ? item.artifactsList.length : 0, 'artifact')})`,
			);
			throw usageError(`${matches.length} packages are named "${ref}": ${each.join('; ')}.`, 'Pass --package with the id of the one to import.');
		}

		if (!complete) {
			throw new PackportError(
				'server',
				`Adobe's package list did not come to an end (${seen.size} packages read, then pages repeated or ran past 10,000), so "${ref}" could not be looked up by name.`,
				{vendor: 'aep', hint: 'Pass --package with the package id instead of its name.'},
			);
		}

		throw usageError(`No package named or with id "${ref}" in the org.`, 'Check the name (exact, case-sensitive) or pass the package id.');
	};

	const checkImportable = (found: Raw) => {
		const status = text(found.status).toUpperCase();
		if (status !== 'PUBLISHED')
			throw usageError(
				`Package "${text(found.name)}" is ${status || 'not published'}; only PUBLISHED packages can be imported.`,
				status === 'PUBLISH_IN_PROGRESS' ? 'Wait for the publish to finish, then try again.' : 'Publish it in the source sandbox first.',
			);
		const expiry = Number(found.expiry ?? 0);
		if (expiry && expiry < Date.now())
			throw usageError(`Package "${text(found.name)}" expired on ${new Date(expiry).toISOString().slice(0, 10)}.`, 'Publish it again to renew it.');
	};

	const checkPreflight = (answer: Raw) => {
		const denied = (Array.isArray(answer.permissionResponse) ? (answer.permissionResponse as Raw[]) : []).filter(item => item.creationAllowed === false);
		if (denied.length === 0) return;
		const lines = denied.map(item => {
			const resources = (
				(item.missingPermissions as {resources?: Array<{palmResourceType?: string; resourcePermissions?: string[]}>} | undefined)?.resources ?? []
			)
				.map(resource => `${text(resource.palmResourceType)}: ${(resource.resourcePermissions ?? []).join('/')}`)
				.join(', ');
			return `${artifactLabel({id: text(item.artifactID), type: text(item.artifactType)})} needs ${resources || 'permissions'}`;
		});
		throw new PackportError('auth', `The integration may not create ${counted(denied.length, 'artifact')} in sandbox ${target}: ${lines.join('; ')}.`, {
			vendor: 'aep',
			vendorCode: 'PREFLIGHT_DENIED',
			hint: 'Ask an Adobe admin to add these permissions to the product profile of the integration, then try again.',
		});
	};

	/**
	 * The published conflict artifact has no title: it is taken from the package's own artifact list
	 * where that has one, and labels add the type and a short id either way.
	 */
	const toConflicts = (raw: Raw[], pkgArtifacts: unknown): AepConflict[] => {
		const titles = new Map((Array.isArray(pkgArtifacts) ? (pkgArtifacts as Raw[]) : []).map(item => [text(item?.id), text(item?.title).trim()]));
		return (Array.isArray(raw) ? raw : []).map(item => {
			const artifact = (item.artifact ?? {}) as Raw;
			return {
				id: text(artifact.id),
				type: text(artifact.type),
				title: text(artifact.title).trim() || titles.get(text(artifact.id)) || '',
				suggestions: (Array.isArray(item.suggestionList) ? (item.suggestionList as Raw[]) : []).map(suggestion => ({
					id: text(suggestion.id),
					type: text(suggestion.type) || text(artifact.type),
					title: text(suggestion.title).trim(),
				})),
			};
		});
	};

	/**
	 * Without a jobId in the answer, the job is found by the unique name we gave it. The search reads
	 * every page each time (the list order is not documented) and is repeated a few times, since a
	 * new job may take a moment to be listed. Only complete searches that all came back empty allow
	 * "nothing was imported"; anything less is an unknown outcome.
	 */
	const locateJob = async (lostAnswer?: string): Promise<string> => {
		const searches = 8;
		const spacingMs = Math.min(Math.max(ctx.pollIntervalMs, 250), 3000);
		let last: JobSearch | undefined;
		let complete = 0;
		for (let attempt = 0; attempt < searches; attempt++) {
			if (attempt > 0) await abortableSleep(spacingMs, signal);
			last = await findImportJob(client, {name: jobName, target, submittedAt, signal});
			if (last.jobId) return last.jobId;
			if (last.complete) complete++;
			// A refusal (403, 404…) will not change by asking again; a 5xx or a reset might.
			else if (last.error && !isTransient(last.error)) break;
		}

		const where = `Look for the job named "${jobName}" on the Sandboxes → Jobs page of sandbox ${target}; once you have its id, packport status --profile ${profile.name} --job ID --watch follows it.`;
		const seconds = Math.round((Date.now() - submittedAt) / 1000);
		if (complete < searches) {
			submitted = true;
			throw new PackportError(
				'unknown-outcome',
				`${lostAnswer ? `${lostAnswer} ` : `The import was submitted as "${jobName}", but Adobe's answer named no job. `}The jobs list ` +
					`could not be searched to the end (${last?.problem ?? 'unknown problem'}), so whether a job started is unknown.`,
				{vendor: 'aep', hint: where},
			);
		}

		if (lostAnswer) {
			submitted = false;
			throw new PackportError(
				'connect',
				`${lostAnswer} ${searches} complete searches of the jobs list over ${seconds} s found no job named "${jobName}" in sandbox ${target}, so the import did not start.`,
				{vendor: 'aep', hint: 'It is safe to run the import again once Adobe answers.'},
			);
		}

		throw new PackportError(
			'unknown-outcome',
			`The import was submitted as "${jobName}", but no job by that name appeared in ${searches} complete searches of the jobs list over ${seconds} s.`,
			{vendor: 'aep', hint: where},
		);
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
			const found = await step(
				'package',
				'Looking up the package…',
				value => `Package found: ${text(value.name)}`,
				async () => findPackage(pkg.id ?? pkg.name ?? ''),
			);
			checkImportable(found);
			jobName = `${text(found.name).trim() || pkg.name || pkg.id || 'package'} ${runTag}`;
			await step(
				'preflight',
				'Checking permissions in the target…',
				() => 'Permissions checked',
				async () => checkPreflight(await client.preflight(text(found.id))),
			);
			const conflicts = await step(
				'conflicts',
				'Loading conflicts…',
				value => `Conflicts loaded: ${value.length}`,
				async () => toConflicts(await client.conflicts(text(found.id)), found.artifactsList),
			);
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
				if (!conflict)
					throw usageError(
						`--substitute names ${source}, which is not a conflicting artifact of the package.`,
						'Run without --substitute to see the conflicts, or use the wizard.',
					);
				chosen[source] = {id: targetId, type: conflict.type};
			}

			for (const source of Object.keys(chosen)) {
				if (!byId.has(source))
					throw usageError(
						`The substitutions name ${source}, which is not a conflicting artifact of the package.`,
						'Save the substitutions again from the wizard for this package and sandbox.',
					);
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
			const answer = await step(
				'submit',
				'Submitting the import…',
				() => (lostAnswer ? 'Import submitted; its answer was lost' : 'Import submitted'),
				async () => {
					submitted = true;
					submittedAt = Date.now();
					try {
						return await client.submit({
							id: current.packageId,
							name: jobName,
							description: 'Imported with packport',
							destinationSandbox: {name: target, imsOrgId: profile.orgId},
							alternatives,
						});
					} catch (error) {
						// The job may exist although the answer never came: find it by its unique name, never submit twice.
						if (!mayHaveArrived(error) || signal.aborted) {
							submitted = false;
							throw error;
						}

						lostAnswer = error.message;
						onEvent({type: 'log', level: 'warn', message: `${error.message} Looking for job "${jobName}" in the jobs list before anything else…`});
						return {};
					}
				},
			);
			// The spec's answer has a jobId, the page's only a correlationId (vendor-apis.md 3.4.6).
			jobId = text(answer.jobId).trim() || undefined;
			if (!jobId)
				jobId = await step(
					'find-job',
					'Finding the import job…',
					value => `Import job found: ${value}`,
					async () => locateJob(lostAnswer),
				);
			if (lostAnswer) onEvent({type: 'log', level: 'info', message: `Job ${jobId} found by its name "${jobName}": the import was submitted once.`});
			onEvent({type: 'progress', step: 'import', serverStatus: 'pending', jobId});
			let missing = 0;
			const job = await step(
				'import',
				'Importing…',
				() => 'Import job finished',
				async () =>
					pollUntil({
						fetch: async () => jobObject(await client.job(jobId!, {once: true})),
						isDone(value) {
							const state = jobState(value);
							// A status Adobe does not document ends the wait; so do answers that keep carrying none.
							missing = state === 'missing' ? missing + 1 : 0;
							return (state !== 'running' && state !== 'missing') || missing >= 3;
						},
						intervalMs: ctx.pollIntervalMs,
						signal,
						...retryLog(onEvent),
						onPoll: (value, nextPollAt) => {
							const done = Array.isArray(value.completedTasks) ? value.completedTasks.length : 0;
							const failedSoFar = Array.isArray(value.failedTasks) ? value.failedTasks.length : 0;
							onEvent({
								type: 'progress',
								step: 'import',
								serverStatus: `${text(value.jobStatus).toLowerCase() || 'no status'} (${done} tasks done${failedSoFar ? `, ${failedSoFar} failed` : ''})`,
								jobId,
								nextPollAt,
							});
						},
					}),
			);
			outcome = readJob(job, alternatives);
			postImportToDos = outcome.types.flatMap(type => (toDos[type] ? [toDos[type]!] : []));
			const status = text(job.jobStatus).trim();
			if (outcome.state === 'missing' || outcome.state === 'unknown') {
				const said = outcome.state === 'missing' ? 'answers with no jobStatus' : `reports the state "${status}", which packport does not know`;
				return {
					status: 'unknown',
					exitCode: 5,
					details: flow.details(),
					warnings: [],
					error: new PackportError('unknown-outcome', `Adobe ${said} for import job ${jobId}; its outcome is unknown.`, {
						vendor: 'aep',
						hint: `Open the job on the Sandboxes → Jobs page, or check later with: packport status --profile ${profile.name} --job ${jobId}`,
					}),
				};
			}

			const warnings: string[] = [];
			if (outcome.state !== 'success') {
				const why = outcome.failed.length > 0 ? ` Failed: ${describeProblems(outcome.failed)}.` : '';
				return {
					status: outcome.state,
					exitCode: 1,
					details: flow.details(),
					warnings,
					error: new PackportError('server', `AEP import job ${jobId} ended ${status.toUpperCase()}.${why}`, {
						vendor: 'aep',
						hint: 'Open the job on the Sandboxes → Jobs page for the per-artifact messages.',
					}),
				};
			}

			if (outcome.failed.length > 0) warnings.push(`${counted(outcome.failed.length, 'artifact task')} failed: ${describeProblems(outcome.failed)}.`);
			if (outcome.doubtful.length > 0)
				warnings.push(
					`${counted(outcome.doubtful.length, 'artifact task')} marked SUCCESS ${outcome.doubtful.length === 1 ? 'carries' : 'carry'} an ` +
						`error: ${describeProblems(outcome.doubtful)}. Check these artifacts in the target sandbox.`,
				);
			const partly = warnings.length > 0;
			return {status: partly ? 'partial' : 'imported', exitCode: partly ? 4 : 0, details: flow.details(), warnings};
		},
		async cleanup(): Promise<CleanupReport> {
			// Nothing is held on the server: the source package stays, tokens simply expire.
			return {done: [], left: []};
		},
		details() {
			return {
				targetSandbox: target,
				packageId: review?.packageId ?? null,
				packageName: review?.packageName ?? null,
				jobName,
				conflicts: review?.conflicts.length ?? 0,
				alternatives,
				tasks: {
					completed: outcome?.completed ?? 0,
					failed: outcome?.failed.length ?? 0,
					withErrors: outcome?.doubtful.length ?? 0,
					created: outcome?.created ?? 0,
					reused: outcome?.reused ?? 0,
				},
				failedArtifacts: outcome ? [...outcome.failed, ...outcome.doubtful] : [],
				replacementMap: outcome?.replacementMap ?? {},
				toDos: postImportToDos,
				tokens: client.counters.tokens,
			};
		},
	};
	return flow;
};
