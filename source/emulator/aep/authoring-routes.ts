/**
 * The source half of Adobe's packages page (vendor-apis.md 3.4.1) in the emulator: create a
 * package, change it (PUT with action ADD / DELETE / UPDATE), delete it, publish it. A publish
 * moves the package to PUBLISH_IN_PROGRESS and, `jobMs` later, to PUBLISHED (or PUBLISH_FAILED
 * under the aep-publish-fails scenario, with the reason in the export job's failedTasks).
 *
 * Rules taken from the page: ADD and DELETE set the expiry to 90 days from now when the body has
 * none; UPDATE needs name and sourceSandbox and refuses a name another package has; all three only
 * on PARTIAL packages; FULL packages name no artifacts. Published packages are immutable (UI page).
 * Artifacts must exist in the source sandbox (the one x-sandbox-name names), with their type.
 */
import {createHash, randomUUID} from 'node:crypto';
import {readJson, sendJson, type Request, type Response} from '../http-kit.js';
import type {Scenarios} from '../scenarios.js';
import {aepOrgId, aepSourceSandbox, type AepArtifact, type AepPackage} from './data.js';

type Router = {route(method: string, path: string, handler: (request: Request, response: Response, params: Record<string, string>, url: URL) => Promise<void> | void): void};
type Publish = {jobId: string; correlationId: string; startedAt: number; fails: boolean; expiryDays: number; endedAt?: number};

const day = 24 * 60 * 60 * 1000;
const types = new Set([
	...['JOURNEY', 'ID_NAMESPACE', 'REGISTRY_DATATYPE', 'REGISTRY_CLASS', 'REGISTRY_MIXIN', 'REGISTRY_SCHEMA', 'CATALOG_DATASET', 'DULE_CONSENT_POLICY'],
	...['PROFILE_SEGMENT', 'FLOW', 'MAPPING_SET', 'PROFILE_MERGE'],
]);

export type AuthoringDeps = {
	router: Router;
	packages: AepPackage[];
	scenarios: Scenarios;
	timing: {jobMs: number};
	gatewayOk: (request: Request, response: Response) => string | undefined;
	notFound: (response: Response, what: string) => void;
	packageView: (pkg: AepPackage) => Record<string, unknown>;
};

export const addAuthoringRoutes = ({router, packages, scenarios, timing, gatewayOk, notFound, packageView}: AuthoringDeps) => {
	const publishes = new Map<string, Publish>();
	const counters = {creates: 0, updates: 0, deletes: 0, publishes: 0};
	const bad = (response: Response, detail: string) => sendJson(response, 400, {type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail});
	const find = (id: unknown) => packages.find(candidate => candidate.id === id);

	/** What the source sandbox holds: every artifact of the org's packages (not the 2,000 of "Conflict Storm"). */
	const catalog = () => {
		const all = new Map<string, AepArtifact>();
		for (const pkg of packages) if (pkg.name !== 'Conflict Storm') for (const artifact of pkg.artifactsList) if (!all.has(artifact.id)) all.set(artifact.id, artifact);
		return all;
	};

	/** The body's artifacts, each found in the sandbox the header names; a problem as text. */
	const artifactsOf = (value: unknown, sandbox: string): AepArtifact[] | string => {
		if (value === null || value === undefined) return [];
		if (!Array.isArray(value)) return 'artifacts must be a list';
		const known = sandbox === aepSourceSandbox ? catalog() : new Map<string, AepArtifact>();
		const out: AepArtifact[] = [];
		for (const item of value as Array<{id?: unknown; type?: unknown}>) {
			const id = typeof item?.id === 'string' ? item.id : '';
			const type = typeof item?.type === 'string' ? item.type : '';
			if (!id || !types.has(type)) return `artifact ${JSON.stringify(item)} needs an id and a supported type`;
			const found = known.get(id);
			if (!found || found.type !== type) return `${type} ${id} was not found in sandbox ${sandbox}`;
			// De-duplicated, as the page says.
			if (!out.some(artifact => artifact.id === id)) out.push(found);
		}

		return out;
	};

	const expiryOf = (value: unknown): number | string => {
		if (value === undefined || value === null || value === '') return Date.now() + 90 * day;
		const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
		return Number.isFinite(time) ? time : `expiry ${JSON.stringify(value)} is not a UTC timestamp`;
	};

	const sandboxOf = (request: Request) => String(request.headers['x-sandbox-name'] ?? '');

	/** Publishes whose time is up end now (called before every request, so no timer runs). */
	const settle = () => {
		for (const [id, publish] of publishes) {
			if (publish.endedAt || Date.now() - publish.startedAt < timing.jobMs) continue;
			const pkg = find(id);
			publish.endedAt = Date.now();
			if (!pkg) continue;
			pkg.status = publish.fails ? 'PUBLISH_FAILED' : 'PUBLISHED';
			if (!publish.fails) pkg.expiry = Date.now() + publish.expiryDays * day;
		}
	};

	router.route('POST', '/packages', async (request, response) => {
		if (!gatewayOk(request, response)) return;
		const body = (await readJson(request)) as Record<string, unknown> | undefined;
		if (!body || typeof body !== 'object') return bad(response, 'A JSON body is required');
		const name = typeof body.name === 'string' ? body.name.trim() : '';
		if (!name) return bad(response, 'name is required');
		if (body.packageType !== 'PARTIAL' && body.packageType !== 'FULL') return bad(response, 'packageType must be PARTIAL or FULL');
		if (body.packageType === 'FULL' && Array.isArray(body.artifacts) && body.artifacts.length > 0) return bad(response, 'artifacts must be null or empty for a FULL package');
		const artifacts = artifactsOf(body.artifacts, sandboxOf(request));
		if (typeof artifacts === 'string') return bad(response, artifacts);
		const expiry = expiryOf(body.expiry);
		if (typeof expiry === 'string') return bad(response, expiry);
		const pkg: AepPackage = {
			id: randomUUID().replaceAll('-', ''),
			name,
			description: typeof body.description === 'string' ? body.description : '',
			status: 'DRAFT',
			packageType: body.packageType,
			createdDate: Date.now(),
			expiry,
			artifactsList: artifacts,
		};
		packages.push(pkg);
		counters.creates++;
		// The create answer carries requestId and userId besides the package (the page's sample).
		sendJson(response, 201, {...packageView(pkg), requestId: `packport${randomUUID().replaceAll('-', '')}`, userId: 'platform_exim'});
	});

	router.route('PUT', '/packages', async (request, response) => {
		if (!gatewayOk(request, response)) return;
		const body = (await readJson(request)) as Record<string, unknown> | undefined;
		const pkg = find(body?.id);
		if (!body || !pkg) return notFound(response, `Package ${String(body?.id ?? '')}`);
		const action = body.action;
		if (action !== 'ADD' && action !== 'DELETE' && action !== 'UPDATE') return bad(response, 'action must be ADD, DELETE or UPDATE');
		if (pkg.packageType !== 'PARTIAL') return bad(response, `${action} is supported only for PARTIAL packages`);
		if (pkg.status === 'PUBLISHED' || pkg.status === 'PUBLISH_IN_PROGRESS') return bad(response, `Package ${pkg.id} is ${pkg.status} and cannot be changed`);
		if (action === 'UPDATE') {
			const name = typeof body.name === 'string' ? body.name.trim() : '';
			const sandbox = (body.sourceSandbox ?? {}) as {name?: unknown; imsOrgId?: unknown};
			if (!name) return bad(response, 'name is required');
			if (typeof sandbox.name !== 'string' || !sandbox.name) return bad(response, 'sourceSandbox is required');
			if (sandbox.imsOrgId !== undefined && sandbox.imsOrgId !== aepOrgId) return bad(response, 'sourceSandbox must belong to the same organization');
			if (packages.some(other => other !== pkg && other.name === name)) return bad(response, `A package named ${name} already exists`);
			pkg.name = name;
			if (typeof body.description === 'string') pkg.description = body.description;
		} else {
			const artifacts = artifactsOf(body.artifacts, sandboxOf(request));
			if (typeof artifacts === 'string') return bad(response, artifacts);
			const expiry = expiryOf(body.expiry);
			if (typeof expiry === 'string') return bad(response, expiry);
			pkg.expiry = expiry;
			pkg.artifactsList =
				action === 'ADD'
					? [...pkg.artifactsList, ...artifacts.filter(artifact => !pkg.artifactsList.some(held => held.id === artifact.id))]
					: pkg.artifactsList.filter(held => !artifacts.some(artifact => artifact.id === held.id));
		}

		counters.updates++;
		sendJson(response, 201, packageView(pkg));
	});

	router.route('DELETE', '/packages/:id', (request, response, {id = ''}) => {
		if (!gatewayOk(request, response)) return;
		const index = packages.findIndex(candidate => candidate.id === id);
		if (index < 0) return notFound(response, `Package ${id}`);
		packages.splice(index, 1);
		publishes.delete(id);
		counters.deletes++;
		sendJson(response, 200, {reason: `Package ${id} deleted`});
	});

	router.route('GET', '/packages/:id/export', (request, response, {id = ''}, url) => {
		if (!gatewayOk(request, response)) return;
		const pkg = find(id);
		if (!pkg) return notFound(response, `Package ${id}`);
		if (pkg.status !== 'DRAFT' && pkg.status !== 'PUBLISH_FAILED') return bad(response, `Package ${id} is ${pkg.status}; only DRAFT or PUBLISH_FAILED packages can be published`);
		if (pkg.packageType === 'PARTIAL' && pkg.artifactsList.length === 0) return bad(response, `Package ${id} is PARTIAL and holds no artifacts`);
		const period = url.searchParams.get('expiryPeriod');
		const expiryDays = period === null ? 90 : Number(period);
		if (!Number.isInteger(expiryDays) || expiryDays < 0) return bad(response, 'expiryPeriod must be a non-negative number of days');
		// A FULL package takes what the sandbox holds when it is published.
		if (pkg.packageType === 'FULL') pkg.artifactsList = [...catalog().values()];
		const publish: Publish = {jobId: randomUUID().replaceAll('-', ''), correlationId: randomUUID(), startedAt: Date.now(), fails: scenarios.has('aep-publish-fails'), expiryDays};
		publishes.set(id, publish);
		pkg.status = 'PUBLISH_IN_PROGRESS';
		counters.publishes++;
		// As the newest page and the spec answer: with a jobId (the older page's sample has none).
		sendJson(response, 200, {
			name: pkg.name,
			description: pkg.description,
			visibility: 'TENANT',
			sourceSandbox: {name: aepSourceSandbox, imsOrgId: aepOrgId},
			type: pkg.packageType,
			correlationId: publish.correlationId,
			jobId: publish.jobId,
		});
	});

	/** GET /tools/job/{id} of a publish (an EXPORT job), as tools.md shows a job; false when the id is not one. */
	const exportJob = (jobId: string, response: Response): boolean => {
		const entry = [...publishes.entries()].find(([, publish]) => publish.jobId === jobId);
		if (!entry) return false;
		const [packageId, publish] = entry;
		const pkg = find(packageId);
		const status = publish.endedAt ? (publish.fails ? 'FAILED' : 'SUCCESS') : 'IN_PROGRESS';
		const first = pkg?.artifactsList[0];
		const failedTasks =
			status === 'FAILED' && first
				? [
						{
							taskType: 'POST',
							taskStatus: 'FAILED',
							artifact: {
								id: first.id,
								type: first.type,
								found: false,
								count: 0,
								title: first.title,
								messages: [
									{
										status: 'FAILED',
										attempt: 1,
										message: JSON.stringify({status: 400, error: 'INVALID_REQUEST_PARAMS', description: `${first.type} ${first.id} references an object that no longer exists in sandbox ${aepSourceSandbox}`}),
									},
								],
							},
						},
					]
				: [];
		sendJson(response, 200, {
			status: 'OK',
			type: 'SUCCESS',
			message: `Job with ID: ${jobId} found`,
			object: {
				id: jobId,
				name: pkg?.name ?? '',
				description: pkg?.description ?? '',
				visibility: 'TENANT',
				requestType: 'EXPORT',
				expiry: 0,
				snapshotId: publish.correlationId,
				createdTimestamp: publish.startedAt,
				modifiedTimestamp: publish.endedAt ?? publish.startedAt,
				type: pkg?.packageType ?? 'PARTIAL',
				jobStatus: status,
				jobType: 'NEW',
				counter: 0,
				imsOrgId: aepOrgId,
				jobHash: createHash('sha256').update(jobId).digest('base64'),
				sourceSandbox: {name: aepSourceSandbox, imsOrgId: aepOrgId, empty: false},
				completedTasks: [],
				...(failedTasks.length > 0 ? {failedTasks} : {}),
			},
		});
		return true;
	};

	return {settle, exportJob, counters};
};
