/**
 * After an ambiguous answer to the import or deploy call (connection cut, 5xx, broken body), the
 * job may exist although we never learned its id. Sending the call again could start a second one,
 * so we look first: job monitors (queued, running) and histories (finished), for a job of ours
 * created since just before the call (vendor-apis.md 1.5: monitors/histories; matching is inferred).
 */
import {PackportError} from '../../errors.js';
import type {VaultClient} from './client.js';

type Raw = Record<string, unknown>;

/** The clock of the server and ours may differ; a job this much older than the call still counts. */
const clockSlackMs = 2 * 60_000;

export type LostJobSearch = {client: VaultClient; kind: 'import' | 'deploy'; since: number; profileName: string; packageName?: string};

/** The one job the lost call created, undefined when there is none, or an error when several fit. */
export const findLostJob = async ({client, kind, since, profileName, packageName}: LostJobSearch): Promise<string | undefined> => {
	const lists = await Promise.all([client.jobList('monitors'), client.jobList('histories')]);
	const jobs = lists.flatMap(list => (Array.isArray((list as Raw).jobs) ? ((list as Raw).jobs as Raw[]) : Array.isArray((list as Raw).data) ? ((list as Raw).data as Raw[]) : []));
	const mine = jobs.filter(job => {
		const created = Date.parse(String(job.created_date ?? job.run_start_date ?? ''));
		const title = String(job.title ?? job.job_name ?? '').toLowerCase();
		const byUs = client.userId === undefined || job.created_by === undefined || String(job.created_by) === client.userId;
		const recent = Number.isFinite(created) && created >= since - clockSlackMs;
		const sameKind = title.includes(kind) || (packageName !== undefined && title.includes(packageName.toLowerCase()));
		return byUs && recent && sameKind;
	});
	const ids = [...new Set(mine.map(job => String(job.job_id ?? job.id)))];
	if (ids.length > 1) {
		throw new PackportError('unknown-outcome', `The answer to the ${kind} call was lost, and Vault lists ${ids.length} recent ${kind} jobs of yours (${ids.join(', ')}); packport cannot tell which is this one.`, {
			vendor: 'vault',
			hint: `Check each with: packport status --profile ${profileName} --job ID (${ids.join(', ')}).`,
		});
	}

	return ids[0];
};
