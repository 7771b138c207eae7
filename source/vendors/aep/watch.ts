/** Re-attaching to an Adobe import job by id: poll it to SUCCESS/FAILED/CANCELLED, count the tasks. */
import {pollUntil} from '../../engine/poll.js';
import {createRedactor, serverText as text} from '../../redact.js';
import type {JobWatcher} from '../job-watch.js';
import {createAepClient} from './client.js';

type Raw = Record<string, unknown>;
const ended = (status: string) => ['SUCCESS', 'FAILED', 'CANCELLED'].includes(status.toUpperCase());

export const watchAepJob: JobWatcher = async ({profile, secret, jobId, watch, pollIntervalMs, signal, onStatus}) => {
	const redactor = createRedactor();
	redactor.add(secret);
	const client = createAepClient({profile, redactor, signal, secret, sandbox: profile.targetSandbox ?? profile.sandbox ?? 'prod'});
	const read = async () => (await client.job(jobId)).object ?? {};
	const job: Raw = watch ? await pollUntil({fetch: read, isDone: data => ended(text(data.jobStatus)), intervalMs: pollIntervalMs, signal, onPoll: data => onStatus?.(text(data.jobStatus).toLowerCase())}) : await read();
	const status = text(job.jobStatus).toLowerCase();
	const tasks = (Array.isArray(job.completedTasks) ? job.completedTasks : []) as Raw[];
	const failed = tasks.filter(task => text(task.taskStatus).toUpperCase() !== 'SUCCESS').length;
	const details = {jobName: text(job.name), targetSandbox: text((job.destinationSandbox as Raw | undefined)?.name), tasks: {completed: tasks.length - failed, failed}, replacementMap: job.importReplacementMap ?? {}};
	if (!ended(status)) return {status, exitCode: 5, summary: `Job ${jobId} is still ${status}.`, details};
	if (status !== 'success') return {status, exitCode: 1, summary: `Job ${jobId} ended ${status}.`, details};
	return {
		status: failed > 0 ? 'partial' : 'imported',
		exitCode: failed > 0 ? 4 : 0,
		summary: `Job ${jobId} ended success: ${tasks.length - failed} artifact task(s) done, ${failed} failed.`,
		details,
	};
};
