/** Re-attaching to an Adobe import job by id: poll it to a final state, then read it as the import does. */
import {describeRetry, pollUntil} from '../../engine/poll.js';
import {createRedactor, serverText as text} from '../../http/redact.js';
import {counted} from '../../output/words.js';
import type {JobWatcher} from '../job-watch.js';
import {createAepClient, profileSandboxes} from './client.js';
import {describeProblems, jobObject, jobState, readJob} from './job-outcome.js';
import {sandboxName} from './labels.js';

export const watchAepJob: JobWatcher = async ({profile, secret, jobId, watch, pollIntervalMs, signal, onStatus, onNotice}) => {
	const redactor = createRedactor();
	redactor.add(secret);
	const client = createAepClient({profile, redactor, signal, secret, sandboxes: profileSandboxes(profile)});
	const read = async (once = false) => jobObject(await client.job(jobId, {once}));
	let missing = 0;
	const job = watch
		? await pollUntil({
				fetch: async () => read(true),
				isDone(value) {
					const state = jobState(value);
					missing = state === 'missing' ? missing + 1 : 0;
					return (state !== 'running' && state !== 'missing') || missing >= 3;
				},
				intervalMs: pollIntervalMs,
				signal,
				onPoll: value => onStatus?.(text(value.jobStatus).toLowerCase()),
				onRetry: retry => onNotice?.(describeRetry(retry)),
			})
		: await read();
	const status = text(job.jobStatus).trim().toLowerCase();
	// A re-attach does not know the alternatives the run sent: reused is not counted here.
	const outcome = readJob(job, {});
	const details = {
		jobName: text(job.name),
		targetSandbox: sandboxName(job.destinationSandbox ?? job.targetSandbox),
		tasks: {completed: outcome.completed, failed: outcome.failed.length, withErrors: outcome.doubtful.length},
		failedArtifacts: [...outcome.failed, ...outcome.doubtful],
		replacementMap: outcome.replacementMap,
	};
	if (outcome.state === 'running') return {status, exitCode: 5, summary: `Job ${jobId} is still ${status}.`, details};
	if (outcome.state === 'missing' || outcome.state === 'unknown') {
		return {
			status: status || 'unknown',
			exitCode: 5,
			summary: `Job ${jobId} ${status ? `reports "${status}", a state packport does not know` : 'has no jobStatus'}; check it on the Sandboxes → Jobs page.`,
			details,
		};
	}

	if (outcome.state !== 'success')
		return {
			status,
			exitCode: 1,
			summary: `Job ${jobId} ended ${status}.${outcome.failed.length ? ` Failed: ${describeProblems(outcome.failed)}.` : ''}`,
			details,
		};
	const problems = [...outcome.failed, ...outcome.doubtful];
	return {
		status: problems.length > 0 ? 'partial' : 'imported',
		exitCode: problems.length > 0 ? 4 : 0,
		summary:
			`Job ${jobId} ended success: ${counted(outcome.completed, 'artifact task')} done, ${outcome.failed.length} failed` +
			`${outcome.doubtful.length ? `, ${outcome.doubtful.length} with errors` : ''}.${problems.length ? ` ${describeProblems(problems)}.` : ''}`,
		details,
	};
};
