/**
 * Adobe Experience Platform sandbox tooling (vendor-apis.md part 3) and the IMS token endpoint:
 * gateway error bodies for missing headers, `hasNextPage` paging, preflight, conflicts with ranked
 * suggestions, the dependency tree, an import submit that (as documented) returns no jobId, and
 * jobs that move PENDING -> IN_PROGRESS -> SUCCESS with per-artifact tasks.
 */
import {loseAnswer, pollFault} from '../faults.js';
import {createHash, randomUUID} from 'node:crypto';
import {createRouter, readJson, sendJson, type Request, type Response} from '../http-kit.js';
import type {Scenarios} from '../scenarios.js';
import {aepOrgId, aepSourceSandbox, aepTargetSandboxes, lookalikeId, makePackages, type AepArtifact, type AepPackage} from './data.js';
import {addAuthoringRoutes} from './authoring-routes.js';

export const aepDemoCredentials = {clientId: 'packport-demo-client', clientSecret: 'aep-demo-secret-2026', orgId: aepOrgId};
export type AepTiming = {jobMs: number};

type Task = {
	taskType: string;
	taskStatus: string;
	artifact: AepArtifact & {found: boolean; count: number; newId?: string; messages: Array<{status: string; attempt: number; message: string}>};
};
type Job = {
	id: string;
	name: string;
	description: string;
	packageId: string;
	target: string;
	createdAt: number;
	correlationId: string;
	alternatives: Record<string, {id: string; type: string}>;
	statusCalls?: number;
};

/** Every other artifact already exists in the target; conflicts offer up to three ranked look-alikes. */
const conflicting = (pkg: AepPackage, index: number) => pkg.name === 'Conflict Storm' || index % 2 === 0;
const suggestionsFor = (artifact: AepArtifact, index: number) =>
	Array.from({length: 1 + (index % 3)}, (_, rank) => ({
		id: lookalikeId(artifact.id, `target-${rank + 1}`),
		type: artifact.type,
		found: false,
		count: 0,
		// Like the page's MAPPING_SET sample, some suggestions have an empty title.
		title: artifact.type === 'MAPPING_SET' ? '' : `${artifact.title} (${['prod copy', 'older copy', 'similar'][rank]})`,
	}));

export const createAepEmulator = ({scenarios, timing}: {scenarios: Scenarios; timing: AepTiming}) => {
	const packages = makePackages();
	const tokens = new Map<string, number>();
	const jobs = new Map<string, Job>();
	const counters = {tokens: 0, submits: 0, jobsCreated: 0, preflights: 0};
	const router = createRouter();
	const ims = createRouter();
	const expired = new Set<string>();

	const gateway = (response: Response, status: number, code: string, message: string) => sendJson(response, status, {error_code: code, message});

	ims.route('POST', '/token/v3', async (request, response) => {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
		if (
			form.get('grant_type') !== 'client_credentials' ||
			form.get('client_id') !== aepDemoCredentials.clientId ||
			form.get('client_secret') !== aepDemoCredentials.clientSecret
		) {
			return sendJson(response, 400, {error: 'invalid_client', error_description: 'invalid client_id or client_secret'});
		}

		const token = `eyJ${randomUUID().replaceAll('-', '')}`;
		// The token-expiry scenario hands out tokens the gateway forgets after the first job poll.
		tokens.set(token, Date.now() + 86_399_000);
		counters.tokens++;
		sendJson(response, 200, {access_token: token, token_type: 'bearer', expires_in: 86_399});
	});

	/** The gateway checks, in the order Adobe's gateway answers them (vendor-apis.md 3.6). */
	const gatewayOk = (request: Request, response: Response): string | undefined => {
		const authorization = String(request.headers.authorization ?? '');
		if (!authorization) return void gateway(response, 403, '403010', 'Oauth token is missing.');
		const token = authorization.replace(/^Bearer /, '');
		if ((tokens.get(token) ?? 0) < Date.now()) return void gateway(response, 401, '401013', 'Oauth token is not valid');
		if (!request.headers['x-api-key']) return void gateway(response, 403, '403000', 'Api Key is required');
		if (request.headers['x-api-key'] !== aepDemoCredentials.clientId) return void gateway(response, 403, '403003', 'Api Key is invalid');
		if (!request.headers['x-gw-ims-org-id']) return void gateway(response, 400, '400003', 'Missing header');
		if (request.headers['x-gw-ims-org-id'] !== aepOrgId) return void gateway(response, 403, '403027', 'User region is missing');
		const sandbox = String(request.headers['x-sandbox-name'] ?? '');
		if (!sandbox || sandbox !== sandbox.toLowerCase()) {
			return void sendJson(response, 400, {
				type: '/placeholder/type/uri',
				status: 400,
				title: 'BadRequestError',
				detail: 'x-sandbox-name must be a lower-case sandbox name',
			});
		}

		return token;
	};

	const notFound = (response: Response, what: string) =>
		sendJson(response, 404, {type: 'http://ns.adobe.com/aep/errors/EXIM-404', status: 404, title: 'Not Found', detail: `${what} not found`});

	const paged = <T>(items: T[], url: URL) => {
		const start = Math.max(0, Number(url.searchParams.get('start') ?? 0) || 0);
		const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
		const data = items.slice(start, start + limit);
		return {
			totalElements: items.length,
			currentPage: Math.floor(start / limit),
			totalPages: Math.ceil(items.length / limit),
			hasPreviousPage: start > 0,
			hasNextPage: start + limit < items.length,
			data,
		};
	};

	/** `property=status==DRAFT,PUBLISHED` style filters, AND across properties, OR within. */
	const filtered = <T extends Record<string, unknown>>(items: T[], url: URL) =>
		url.searchParams.getAll('property').reduce((list, property) => {
			const match = /^(\w+)==(.*)$/.exec(property);
			if (!match) return list;
			const values = (match[2] ?? '').split(',');
			return list.filter(item => values.includes(String(item[match[1]!])));
		}, items);

	router.route('GET', '/packages', (request, response, _params, url) => {
		if (!gatewayOk(request, response)) return;
		const sorted = [...packages].sort((a, b) => b.createdDate - a.createdDate);
		const page = paged(filtered(sorted as unknown as Array<Record<string, unknown>>, url), url);
		sendJson(response, 200, {...page, data: page.data.map(pkg => packageView(pkg as unknown as AepPackage))});
	});

	/** A package as the page's list and lookup samples show it: artifacts without titles, dates in epoch ms. */
	const packageView = (pkg: AepPackage) => ({
		id: pkg.id,
		version: pkg.status === 'DRAFT' ? 0 : 2,
		createdDate: pkg.createdDate,
		modifiedDate: pkg.createdDate + 26_000,
		createdBy: '{CREATED_BY}',
		modifiedBy: '{MODIFIED_BY}',
		tenantId: 'c875b077162b40409c1327b16da99c1b',
		name: pkg.name,
		description: pkg.description,
		imsOrgId: aepOrgId,
		packageType: pkg.packageType,
		expiry: pkg.expiry,
		// Only publishing sets publishDate (the page's DRAFT create answer has none).
		...(pkg.status === 'PUBLISHED' ? {publishDate: pkg.createdDate + 26_000} : {}),
		status: pkg.status,
		artifactsList: pkg.artifactsList.map(artifact => ({id: artifact.id, type: artifact.type, found: false, count: 0})),
		sourceSandbox: {name: aepSourceSandbox, imsOrgId: aepOrgId},
	});

	router.route('GET', '/packages/jobs', (request, response, _params, url) => {
		if (!gatewayOk(request, response)) return;
		// As the page and the spec show them: sandboxes are strings, `sourceSandBox` with a capital B.
		// Every job here is an import, so a requestType filter keeps them all.
		const list = [...jobs.values()]
			.sort((a, b) => b.createdAt - a.createdAt)
			.map(job => ({
				id: job.id,
				name: job.name,
				updated: job.createdAt,
				created: job.createdAt,
				jobType: 'NEW',
				packageType: 'PARTIAL',
				description: job.description,
				jobStatus: jobStatus(job).jobStatus,
				visibility: 'TENANT',
				sourceSandBox: aepSourceSandbox,
				targetSandbox: job.target,
				createdBy: '{CREATED_BY}',
			}));
		const properties = url.searchParams.getAll('property').filter(property => !/^requestType==(?:[^,]*,)*IMPORT(?:,|$)/.test(property));
		const rest = new URL(url);
		rest.searchParams.delete('property');
		for (const property of properties) rest.searchParams.append('property', property);
		sendJson(response, 200, paged(filtered(list, rest), rest));
	});

	router.route('GET', '/packages/:id', (request, response, {id = ''}) => {
		if (!gatewayOk(request, response)) return;
		const pkg = packages.find(candidate => candidate.id === id);
		if (!pkg) return notFound(response, `Package ${id}`);
		sendJson(response, 200, packageView(pkg));
	});

	const targetOf = (url: URL, response: Response): string | undefined => {
		const target = url.searchParams.get('targetSandbox') ?? '';
		if (aepTargetSandboxes.includes(target)) return target;
		notFound(response, `Sandbox ${target}`);
		return undefined;
	};

	router.route('GET', '/packages/preflight/:id', (request, response, {id = ''}, url) => {
		if (!gatewayOk(request, response)) return;
		const pkg = packages.find(candidate => candidate.id === id);
		if (!pkg) return notFound(response, `Package ${id}`);
		const target = targetOf(url, response);
		if (!target) return;
		counters.preflights++;
		const denied = scenarios.has('aep-preflight-denied');
		sendJson(response, 200, {
			packageID: id,
			targetSandboxName: target,
			permissionResponse: pkg.artifactsList.slice(0, 50).map((artifact, index) => ({
				artifactID: artifact.id,
				artifactType: artifact.type,
				creationAllowed: !(denied && index === 1),
				requiredPermissions: {resources: [{palmResourceType: 'Dataset', resourcePermissions: ['read', 'write']}]},
				missingPermissions: {resources: denied && index === 1 ? [{palmResourceType: 'ProfileConfig', resourcePermissions: ['write']}] : []},
			})),
		});
	});

	router.route('GET', '/packages/:id/import', (request, response, {id = ''}, url) => {
		if (!gatewayOk(request, response)) return;
		const pkg = packages.find(candidate => candidate.id === id);
		if (!pkg) return notFound(response, `Package ${id}`);
		const target = targetOf(url, response);
		if (!target) return;
		sendJson(
			response,
			200,
			pkg.artifactsList
				.map((artifact, index) => ({artifact, index}))
				.filter(({index}) => conflicting(pkg, index))
				.map(({artifact, index}) => ({
					// The page's conflict artifacts carry no title.
					artifact: {
						id: artifact.id,
						type: artifact.type,
						found: false,
						count: 0,
						messages: [{status: 'FOUND', attempt: 1, message: `Found object with ID: ${artifact.id}`}],
					},
					suggestionList: suggestionsFor(artifact, index),
					parentID: `${aepOrgId}::${target}::${artifact.type}::${artifact.id}`,
				})),
		);
	});

	router.route('POST', '/packages/:id/children', async (request, response, {id = ''}) => {
		if (!gatewayOk(request, response)) return;
		const pkg = packages.find(candidate => candidate.id === id);
		const body = (await readJson(request)) as Array<{id: string; type: string}> | undefined;
		if (!pkg || !Array.isArray(body)) return notFound(response, `Package ${id}`);
		sendJson(
			response,
			200,
			body.map(({id: artifactId}) => {
				const index = pkg.artifactsList.findIndex(artifact => artifact.id === artifactId);
				const artifact = pkg.artifactsList[index];
				const children = pkg.artifactsList.slice(index + 1, index + 3).map(child => ({id: child.id, title: child.title || child.id, type: child.type}));
				return {id: artifactId, title: artifact?.title || artifactId, type: artifact?.type ?? 'UNKNOWN', children};
			}),
		);
	});

	const submit = async (request: Request, response: Response) => {
		if (!gatewayOk(request, response)) return;
		const body = (await readJson(request)) as
			| {id?: string; name?: string; destinationSandbox?: {name?: string; imsOrgId?: string}; alternatives?: Record<string, {id: string; type: string}>}
			| undefined;
		const pkg = packages.find(candidate => candidate.id === body?.id);
		if (!body || !pkg)
			return sendJson(response, 400, {type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'id and destinationSandbox are required'});
		if (pkg.status !== 'PUBLISHED')
			return sendJson(response, 400, {
				status: 400,
				title: 'BadRequestError',
				detail: `Package ${pkg.id} is ${pkg.status}; only PUBLISHED packages can be imported`,
			});
		const target = body.destinationSandbox?.name ?? '';
		if (!aepTargetSandboxes.includes(target)) return notFound(response, `Sandbox ${target}`);
		for (const [source, alternative] of Object.entries(body.alternatives ?? {})) {
			const artifact = pkg.artifactsList.find(candidate => candidate.id === source);
			if (!artifact || artifact.type !== alternative.type) {
				return sendJson(response, 400, {
					status: 400,
					title: 'BadRequestError',
					detail: `Alternative for ${source} does not match an artifact of type ${alternative.type} in the package`,
				});
			}
		}

		counters.submits++;
		counters.jobsCreated++;
		const correlationId = randomUUID();
		const job: Job = {
			id: randomUUID().replaceAll('-', ''),
			name: body.name ?? pkg.name,
			description: String((body as {description?: unknown}).description ?? pkg.description),
			packageId: pkg.id,
			target,
			createdAt: Date.now(),
			correlationId,
			alternatives: body.alternatives ?? {},
		};
		jobs.set(job.id, job);
		if (scenarios.has('aep-submit-lost')) return loseAnswer(response);
		// The page's answer has no jobId (vendor-apis.md 3.4.6): clients must find the job. The spec's
		// answer has one; the aep-submit-jobid scenario plays that server.
		sendJson(response, 200, {
			name: job.name,
			description: job.description,
			visibility: 'TENANT',
			sourceSandbox: {name: aepSourceSandbox, imsOrgId: aepOrgId},
			destinationSandbox: {name: target, imsOrgId: aepOrgId},
			type: 'PARTIAL',
			correlationId,
			...(scenarios.has('aep-submit-jobid') ? {jobId: job.id} : {}),
		});
	};

	router.route('POST', '/packages/import', async (request, response) => {
		// Docs say POST, the OpenAPI spec says PUT; this scenario plays a server that follows the spec.
		if (scenarios.has('aep-put-only')) return sendJson(response, 405, {status: 405, title: 'Method Not Allowed', detail: 'Use PUT'});
		return submit(request, response);
	});
	router.route('PUT', '/packages/import', submit);

	const jobStatus = (job: Job) => {
		const elapsed = Date.now() - job.createdAt;
		const pkg = packages.find(candidate => candidate.id === job.packageId)!;
		const none = {completedTasks: [] as Task[], failedTasks: [] as Task[]};
		if (elapsed < timing.jobMs / 3) return {jobStatus: 'PENDING', ...none};
		if (elapsed < timing.jobMs) return {jobStatus: 'IN_PROGRESS', ...none};
		if (scenarios.has('aep-job-fails')) return {jobStatus: 'FAILED', ...none};
		const tasks: Task[] = pkg.artifactsList.map((artifact, index) => {
			const reused = job.alternatives[artifact.id];
			const failed = scenarios.has('aep-task-fails') && index === 0;
			const newId = reused?.id ?? lookalikeId(artifact.id, 'new');
			const status = failed ? 'FAILED' : reused ? 'OBJECT_REUSED' : 'CREATED';
			const message = failed
				? JSON.stringify({
						timestamp: new Date().toISOString(),
						status: 400,
						error: 'INVALID_REQUEST_PARAMS',
						description: `${artifact.type} could not be created`,
						title: 'Validation',
					})
				: `${artifact.type} ${status === 'CREATED' ? 'created' : 'reused'}. Source id=${artifact.id}; Target id=${newId}`;
			return {
				taskType: 'POST',
				taskStatus: failed ? 'FAILED' : 'SUCCESS',
				artifact: {
					id: artifact.id,
					type: artifact.type,
					found: false,
					count: 0,
					title: artifact.title,
					messages: [{status, attempt: 1, message}],
					...(failed ? {} : {newId}),
				},
			};
		});
		return {
			jobStatus: 'SUCCESS',
			completedTasks: tasks.filter(task => task.taskStatus === 'SUCCESS'),
			failedTasks: tasks.filter(task => task.taskStatus !== 'SUCCESS'),
		};
	};

	router.route('GET', '/tools/job/:id', (request, response, {id = ''}) => {
		const token = gatewayOk(request, response);
		if (!token) return;
		const job = jobs.get(id);
		if (!job && authoring.exportJob(id, response)) return;
		if (!job) return sendJson(response, 404, {status: 'NOT_FOUND', type: 'ERROR', message: `Job with ID: ${id} not found`});
		job.statusCalls = (job.statusCalls ?? 0) + 1;
		if (pollFault('aep', scenarios, job.statusCalls, response)) return;
		const {jobStatus: status, completedTasks, failedTasks} = jobStatus(job);
		const replacements = Object.fromEntries(completedTasks.map(task => [task.artifact.id, task.artifact.newId]));
		const parents = Object.fromEntries(
			completedTasks.map(task => [task.artifact.id, `${aepOrgId}::${aepSourceSandbox}::${task.artifact.type}::${task.artifact.id}`]),
		);
		sendJson(response, 200, {
			status: 'OK',
			type: 'SUCCESS',
			message: `Job with ID: ${id} found`,
			// As tools.md shows the job; failedTasks, which the page names but never shows, only when some failed.
			object: {
				id,
				name: job.name,
				description: job.description,
				visibility: 'TENANT',
				requestType: 'IMPORT',
				expiry: 0,
				snapshotId: job.correlationId,
				createdTimestamp: job.createdAt,
				modifiedTimestamp: Date.now(),
				type: 'PARTIAL',
				jobStatus: status,
				jobType: 'NEW',
				counter: 0,
				imsOrgId: aepOrgId,
				jobHash: createHash('sha256').update(id).digest('base64'),
				sourceSandbox: {name: aepSourceSandbox, imsOrgId: aepOrgId, empty: false},
				destinationSandbox: {name: job.target, imsOrgId: aepOrgId, empty: false},
				completedTasks,
				...(failedTasks.length > 0 ? {failedTasks} : {}),
				importReplacementMap: replacements,
				sourceParentArtifactMap: parents,
			},
		});
		// The token "expires" after the first status answer; the next call gets 401013.
		if (scenarios.has('aep-token-expiry') && !expired.has(id)) {
			expired.add(id);
			tokens.delete(token);
		}
	});

	// Create, change, delete and publish packages: the source half of the packages page.
	const authoring = addAuthoringRoutes({router, packages, scenarios, timing, gatewayOk, notFound, packageView});

	return {
		prefix: '/aep/data/foundation/exim',
		imsPrefix: '/ims',
		handleIms: async (request: Request, response: Response, path: string, url: URL) => (await ims.dispatch(request, response, path, url)) === true,
		async handle(request: Request, response: Response, path: string, url: URL): Promise<boolean> {
			authoring.settle();
			const handled = await router.dispatch(request, response, path, url);
			if (handled === 'method') {
				sendJson(response, 405, {status: 405, title: 'Method Not Allowed'});
				return true;
			}

			return handled;
		},
		snapshot: () => ({...counters, jobs: jobs.size, ...authoring.counters}),
	};
};
