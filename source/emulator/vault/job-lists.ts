/**
 * Retrieve Job Histories and Retrieve Job Monitors (25.2 reference, "Jobs"): the query parameters
 * as documented — `start_date`/`end_date` in `YYYY-MM-DDTHH:MM:SSZ`, `status` from each list's
 * lower-case values, `limit` 1-200 (default 50), `offset` (default 0) — and the page: newest
 * first, `responseDetails` {total, limit, offset, next_page / previous_page when there is one}.
 * Monitors filter on when the job was created, as their page says; the histories page names no
 * field, so they filter on the same one.
 */

export type ListedJob = {
	job_id: number;
	title: string;
	status: string;
	created_by: number;
	created_date: string;
	modified_by: number;
	modified_date: string;
	run_start_date: string;
	run_end_date?: string;
	createdAt: number;
};

const historyStatuses = ['success', 'errors_encountered', 'failed_to_run', 'missed_schedule', 'timeout', 'completed_due_to_inactivity', 'cancelled'];
const monitorStatuses = ['scheduled', 'queued', 'running'];
const documentedDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export type JobListQuery = {limit: number; offset: number; start?: number; end?: number; status?: string; echo: Array<[string, string]>};

/** The query, or the INVALID_DATA message Vault gives for a bad parameter. */
export const parseJobListQuery = (kind: 'histories' | 'monitors', params: URLSearchParams): JobListQuery | string => {
	const invalid = (name: string, value: string) => `Invalid value [${value}] for parameter [${name}] specified`;
	const echo: Array<[string, string]> = [];
	const query: JobListQuery = {limit: 50, offset: 0, echo};
	for (const name of ['start_date', 'end_date'] as const) {
		const value = params.get(name);
		if (value === null) continue;
		const time = Date.parse(value);
		if (!documentedDate.test(value) || !Number.isFinite(time)) return invalid(name, value);
		if (name === 'start_date') query.start = time;
		else query.end = time;
		echo.push([name, value]);
	}

	const status = params.get('status');
	if (status !== null) {
		if (!(kind === 'histories' ? historyStatuses : monitorStatuses).includes(status.toLowerCase())) return invalid('status', status);
		query.status = status.toLowerCase();
		echo.push(['status', status]);
	}

	for (const name of ['limit', 'offset'] as const) {
		const value = params.get(name);
		if (value === null) continue;
		const number = Number(value);
		const fits = /^\d+$/.test(value) && (name === 'limit' ? number >= 1 && number <= 200 : number >= 0);
		if (!fits) return invalid(name, value);
		query[name] = number;
	}

	return query;
};

/** One page of the list, shaped as the published samples. */
export const jobListPage = (kind: 'histories' | 'monitors', jobs: ListedJob[], query: JobListQuery, base: string) => {
	const matching = jobs
		.filter(job => (query.start === undefined || job.createdAt >= query.start) && (query.end === undefined || job.createdAt <= query.end))
		.filter(job => query.status === undefined || job.status.toLowerCase() === query.status)
		.sort((a, b) => b.createdAt - a.createdAt || b.job_id - a.job_id);
	const href = (offset: number) => `${base}/services/jobs/${kind}?${new URLSearchParams([...query.echo, ['limit', String(query.limit)], ['offset', String(offset)]]).toString()}`;
	const total = matching.length;
	return {
		responseMessage: 'OK',
		url: href(query.offset),
		responseDetails: {
			total,
			limit: query.limit,
			offset: query.offset,
			...(query.offset + query.limit < total ? {next_page: href(query.offset + query.limit)} : {}),
			...(query.offset > 0 ? {previous_page: href(Math.max(0, query.offset - query.limit))} : {}),
		},
		jobs: matching.slice(query.offset, query.offset + query.limit).map(({createdAt: _createdAt, ...job}) => job),
	};
};
