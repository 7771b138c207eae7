/** Re-attaching to a Vault job by id (import or deploy): poll it, then read what it produced. */
import {timeoutSignal} from '../../engine/timeout-signal.js';
import {describeRetry, pollUntil} from '../../engine/poll.js';
import {createRedactor, serverText as text} from '../../http/redact.js';
import type {JobWatcher} from '../job-watch.js';
import {createVaultClient} from './client.js';
import {classifyDeploy, classifyJob, isBlockedStatus} from './status.js';

type Raw = Record<string, unknown>;

export const watchVaultJob: JobWatcher = async ({profile, secret, jobId, watch, pollIntervalMs, signal, onStatus, onNotice}) => {
	const redactor = createRedactor();
	redactor.add(secret);
	const client = createVaultClient({profile, redactor, signal, password: secret});
	await client.login();
	try {
		const read = async (once: boolean) => ((await client.job(jobId, {once})).data ?? {}) as Raw;
		// One look (no --watch) goes through the poller too, done after the first answer: Vault
		// allows a job's status once per window (API_LIMIT_EXCEEDED, e.g. just after an import
		// polled it), and a look must wait that out and say so, not fail with exit 1.
		const job = await pollUntil({
					fetch: async () => read(true),
					isDone: data => !watch || classifyJob(text(data.status)) !== 'running',
					intervalMs: pollIntervalMs,
					signal,
					onPoll: data => onStatus?.(text(data.status).toLowerCase()),
					onRetry: retry => onNotice?.(describeRetry(retry)),
				});
		const status = text(job.status).toLowerCase();
		const state = classifyJob(status);
		if (state === 'running') return {status, exitCode: 5, summary: `Job ${jobId} is still ${status}.`, details: {job}};
		if (state === 'failed') return {status, exitCode: 1, summary: `Job ${jobId} ended ${status}.`, details: {job}};
		const href = (Array.isArray(job.links) ? (job.links as Raw[]) : []).find(link => text(link.rel) === 'artifacts')?.href;
		if (typeof href !== 'string') return {status, exitCode: status === 'success' ? 0 : 1, summary: `Job ${jobId} ended ${status}, with no results link.`, details: {job}};
		const results = await client.follow(href);
		// Deploy results carry package_status__v (and counts); import results a vaultPackage.
		if (results.responseDetails && typeof (results.responseDetails as Raw).package_status__v === 'string') {
			const deployed = results.responseDetails as Raw;
			const outcome = classifyDeploy(deployed);
			const word = text(deployed.package_status__v);
			const exitCode = outcome === 'deployed' ? 0 : outcome === 'warnings' ? 4 : outcome === 'failed' ? 1 : 5;
			return {
				status: outcome === 'deployed' ? 'deployed' : outcome === 'warnings' ? 'deployed_with_warnings' : outcome,
				exitCode,
				summary: `Deploy job ${jobId} ended ${status}: the package is ${word || 'without a status'}.`,
				details: {job, kind: 'deploy', packageStatus: word || null},
			};
		}

		const vaultPackage = (results.vaultPackage ?? results.responseDetails ?? {}) as Raw;
		const packageStatus = text(vaultPackage.package_status ?? vaultPackage.package_status__v);
		const name = text(vaultPackage.name ?? vaultPackage.package_name);
		const partly = isBlockedStatus(packageStatus) || /warning/.test(packageStatus);
		const failed = /fail|error/.test(packageStatus);
		return {
			status: failed ? 'failed' : isBlockedStatus(packageStatus) ? 'blocked' : partly ? 'imported_with_warnings' : 'imported',
			exitCode: failed ? 1 : partly ? 4 : 0,
			summary: `Import job ${jobId} ended ${status}${name ? `: package ${name} is ${packageStatus}` : ''}.`,
			details: {job, kind: 'import', packageName: name || null, packageStatus: packageStatus || null},
		};
	} finally {
		await client.logout(timeoutSignal(15_000));
	}
};
