/**
 * After an ambiguous answer to the import or deploy call (connection cut, 5xx, broken body), the
 * job may exist although we never learned its id. Sending the call again could start a second one,
 * so we look first — and must never adopt a stranger's job: only jobs of the signed-in user that
 * started after this run's call began (Vault's clock and ours may differ by a minute), read to the
 * end of Retrieve Job Monitors (running) and Retrieve Job Histories (finished, from `start_date`),
 * whose title names this package. Anything less certain is "outcome unknown".
 */
import {PackportError} from '../../errors.js';
import {serverText as text} from '../../http/redact.js';
import {counted} from '../../output/words.js';
import type {VaultClient} from './client.js';

type Raw = Record<string, unknown>;

/** Vault's clock and ours may differ this much; a job started this long before the call still counts. */
const clockSlackMs = 60_000;
const maxPages = 50;

export type LostJobSearch = {
	client: VaultClient;
	kind: 'import' | 'deploy';
	since: number;
	profileName: string;
	packageName?: string;
	/**
	 * Whether a job is this run's, when its title does not say (Vault titles it "Import Package"):
	 * the flow waits for the job and reads what it produced (the package's name, the package id).
	 */
	tie?: (jobId: string) => Promise<boolean>;
};
export type LostJob = {jobId: string} | {none: true};

/** Every job of one list from `since` on, page by page; undefined when the list could not be read to its end. */
const readAll = async (client: VaultClient, list: 'monitors' | 'histories', since: Date): Promise<Raw[] | undefined> => {
	const jobs: Raw[] = [];
	for (let page = 0, offset = 0; page < maxPages; page++) {
		const answer = (await client.jobList(list, {offset, since})) as Raw;
		const items = Array.isArray(answer.jobs) ? (answer.jobs as Raw[]) : Array.isArray(answer.data) ? (answer.data as Raw[]) : [];
		jobs.push(...items);
		const details = (answer.responseDetails ?? {}) as Raw;
		const total = Number(details.total);
		offset += items.length;
		const more = typeof details.next_page === 'string' && details.next_page !== '' ? true : Number.isFinite(total) ? offset < total : false;
		if (!more || items.length === 0) return jobs;
	}

	return undefined;
};

export const findLostJob = async ({client, kind, since, profileName, packageName, tie}: LostJobSearch): Promise<LostJob> => {
	const from = new Date(since - clockSlackMs);
	let lists: Array<Raw[] | undefined>;
	try {
		lists = await Promise.all([readAll(client, 'monitors', from), readAll(client, 'histories', from)]);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new PackportError('unknown-outcome', `The answer to the ${kind} call was lost, and Vault's job lists could not be read (${reason}), so whether a ${kind} job started is unknown.`, {
			vendor: 'vault',
			hint: `Look for a ${kind} job of ${packageName ?? 'this package'} started just now in Vault (Admin > Operations > Job Status) before importing again.`,
		});
	}

	const complete = lists.every(Boolean);
	const started = (job: Raw) => Date.parse(text(job.run_start_date) || text(job.created_date));
	const candidates = lists
		.flatMap(list => list ?? [])
		.filter(job => {
			const byUs = client.userId === undefined || job.created_by === undefined || String(job.created_by) === client.userId;
			const when = started(job);
			return byUs && Number.isFinite(when) && when >= from.getTime();
		});
	// Tied by the title where it names the package, else by what the job produced.
	const tied: string[] = [];
	for (const job of candidates) {
		const id = text(job.job_id ?? job.id);
		const title = text(job.title).toLowerCase();
		if (packageName && title.includes(packageName.toLowerCase())) tied.push(id);
		else if (tie && (title.includes(kind) || title.includes('package')) && (await tie(id).catch(() => false))) tied.push(id);
	}

	const ids = [...new Set(tied)];
	if (ids.length === 1) return {jobId: ids[0]!};
	const look = `Look in Vault (Admin > Operations > Job Status) for a ${kind} job of ${packageName ?? 'this package'} started just now, then: packport status --profile ${profileName} --job ID`;
	if (ids.length > 1) {
		const listed = `Vault lists ${ids.length} recent ${kind} jobs of yours for ${packageName} (${ids.join(', ')})`;
		throw new PackportError('unknown-outcome', `The answer to the ${kind} call was lost, and ${listed}; packport cannot tell which is this one.`, {vendor: 'vault', hint: look});
	}

	// Nothing was started only if nothing of ours started at all, and the lists were read to the end.
	if (complete && candidates.length === 0) return {none: true};
	const why = complete
		? `${counted(candidates.length, 'job')} of yours started since then, none of which packport can tie to ${packageName ?? 'this package'}`
		: 'the job lists could not be read to their end';
	throw new PackportError('unknown-outcome', `The answer to the ${kind} call was lost, and ${why}; whether a ${kind} job started is unknown.`, {vendor: 'vault', hint: look});
};
