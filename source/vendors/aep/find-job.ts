/**
 * Finding our import job in `GET /packages/jobs` when the submit answer named none (the page's
 * answer has only a correlationId) or was lost. The job carries the unique name we gave it; list
 * items give `targetSandbox` as a string (every sample, the spec) or, elsewhere, `{name}`.
 *
 * A search reads every page: the order of the list is not documented, so it stops early only when
 * the pages it read were newest-first and have gone back past the submit (with an hour's margin
 * for clocks). A page that fails, a page that repeats an earlier one, or a list longer than the
 * cap leaves the search incomplete, and an incomplete search proves nothing.
 */
import {serverText as text} from '../../http/redact.js';
import type {AepClient} from './client.js';
import {sandboxName} from './labels.js';

export type JobSearch = {jobId?: string; complete: boolean; problem?: string; error?: unknown; pages: number};

const pageSize = 50;
const maxPages = 200;
const clockMarginMs = 60 * 60 * 1000;

export const findImportJob = async (
	client: Pick<AepClient, 'listImportJobs'>,
	{name, target, submittedAt}: {name: string; target: string; submittedAt: number; signal?: AbortSignal},
): Promise<JobSearch> => {
	const seenPages = new Set<string>();
	let newestFirst = true;
	let previous = Number.POSITIVE_INFINITY;
	for (let pages = 0; pages < maxPages; pages++) {
		let page;
		try {
			page = await client.listImportJobs(pages * pageSize, pageSize);
		} catch (error) {
			return {complete: false, problem: error instanceof Error ? error.message : String(error), error, pages};
		}

		const data = Array.isArray(page.data) ? page.data : [];
		const found = data.find(job => text(job.name) === name && (!sandboxName(job.targetSandbox) || sandboxName(job.targetSandbox) === target));
		if (found && text(found.id).trim()) return {jobId: text(found.id).trim(), complete: true, pages: pages + 1};
		const key = data.map(job => text(job.id)).join(',');
		if (data.length > 0 && seenPages.has(key)) return {complete: false, problem: 'the server sent the same page twice', pages: pages + 1};
		seenPages.add(key);
		for (const job of data) {
			const created = Number(job.created);
			if (!Number.isFinite(created) || created <= 0 || created > previous) newestFirst = false;
			else previous = created;
		}

		const more =
			page.hasNextPage === true ||
			(page.hasNextPage === undefined && typeof page.totalPages === 'number' && typeof page.currentPage === 'number' && page.currentPage + 1 < page.totalPages);
		if (!more || data.length === 0) return {complete: true, pages: pages + 1};
		if (newestFirst && previous < submittedAt - clockMarginMs) return {complete: true, pages: pages + 1};
	}

	return {complete: false, problem: `more than ${maxPages * pageSize} jobs`, pages: maxPages};
};
