/**
 * The MicroStrategy package-holder API (vendor-apis.md part 2) with real HTTP statuses, the
 * {code, message, ticketId} error envelope, lower-case statuses (as servers are observed to send),
 * token AND cookie required, one holder per session, and `Prefer: respond-async` enforced.
 */
import {loseAnswer, pollFault, resetUploadHalfWay} from '../faults.js';
import {randomUUID} from 'node:crypto';
import {encodeMmp, mmpHeadBytesNeeded, readMmpDefinition} from '../../packages/mmp-format.js';
import {createRouter, drain, readJson, sendEmpty, sendJson, type Request, type Response} from '../http-kit.js';
import {readUploadHead} from '../multipart.js';
import type {Scenarios} from '../scenarios.js';
import {createMstrState, hex, type ImportJob, type Session} from './state.js';

export const mstrDemoCredentials = {username: 'administrator', password: 'mstr-demo-pass-2026'};

export const mstrProjects = [
	{id: 'B7CA92F04B9FAE8D941C3E9B7E0CD754', name: 'MicroStrategy Tutorial', alias: '', description: 'Tutorial project', status: 0},
	{id: 'B19DEDCC11D4E0EFC000EB9495D0F44F', name: 'Demo Project', alias: '', description: 'Demo project', status: 0},
];

export type MstrTiming = {readyMs: number; importMs: number};

const error = (response: Response, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
	sendJson(response, status, {code, message, ticketId: randomUUID().replaceAll('-', '')}, headers);

const cookieValue = (request: Request, name: string): string | undefined => {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return value.join('=');
	}

	return undefined;
};

export const createMstrEmulator = ({scenarios, timing}: {scenarios: Scenarios; timing: MstrTiming}) => {
	const state = createMstrState();
	const router = createRouter();

	/** The caller's session, or a 401 ERR009 already sent. A token without its cookie is not enough. */
	const session = (request: Request, response: Response): Session | undefined => {
		const token = request.headers['x-mstr-authtoken'];
		const found = typeof token === 'string' ? state.sessions.get(token) : undefined;
		if (!found || cookieValue(request, 'JSESSIONID') !== found.cookie) {
			error(response, 401, 'ERR009', 'Session invalid or timeout');
			return undefined;
		}

		return found;
	};

	const requireAsync = (request: Request, response: Response): boolean => {
		if (/respond-async/i.test(String(request.headers.prefer ?? ''))) return true;
		error(response, 400, 'ERR005', 'This API only supports asynchronous mode: send the header "Prefer: respond-async".');
		return false;
	};

	const holderStatus = (id: string) => {
		const holder = state.holders.get(id);
		if (holder?.status === 'processing' && Date.now() >= holder.readyAt) holder.status = scenarios.has('mstr-holder-fails') ? 'failed' : 'ready';
		return holder;
	};

	const importView = (job: ImportJob) => {
		const fraction = Math.min(1, (Date.now() - job.startedAt) / job.durationMs);
		if (job.fails && fraction >= 0.4) {
			return {id: job.id, status: 'failed', undoPackageCreated: false, progress: 40, message: 'Object "Year" could not be saved: it is used by objects that the package deletes.'};
		}

		if (fraction >= 1) {
			const keepBoth = job.definition.content.some(object => object.action.toLowerCase() === 'keep_both');
			return {id: job.id, status: 'imported', undoPackageCreated: job.generateUndo && !job.noUndo && !keepBoth, progress: 100};
		}

		// Server text that tries to drive the terminal: clear the screen, set the window title.
		const status = scenarios.has('mstr-hostile-text') ? 'processing\u001B[2J\u001B]0;owned\u0007' : 'processing';
		return {id: job.id, status, undoPackageCreated: false, progress: Math.round(fraction * 1000) / 10};
	};

	router.route('POST', '/auth/login', async (request, response) => {
		const body = (await readJson(request)) as {username?: string; password?: string; loginMode?: number} | undefined;
		if (body?.loginMode === 16) return error(response, 401, 'ERR001', 'The server is not configured to support LDAP authentication.');
		if (body?.username !== mstrDemoCredentials.username || body.password !== mstrDemoCredentials.password) {
			return error(response, 401, 'ERR003', 'Login failed');
		}

		const token = hex(13).toLowerCase();
		const cookie = hex(16);
		state.sessions.set(token, {token, cookie, username: body.username, importPolls: 0});
		state.counters.logins++;
		sendEmpty(response, 204, {'x-mstr-authtoken': token, 'set-cookie': `JSESSIONID=${cookie}; Path=/; HttpOnly`});
	});

	router.route('POST', '/auth/logout', async (request, response) => {
		await drain(request);
		const current = session(request, response);
		if (!current) return;
		state.endSession(current.token);
		sendEmpty(response, 204, {'set-cookie': 'JSESSIONID=; Path=/; Max-Age=0'});
	});

	router.route('GET', '/sessions', (request, response) => {
		if (session(request, response)) sendJson(response, 200, {timeout: 600, workingSet: 10, maxSearch: 3});
	});
	router.route('PUT', '/sessions', async (request, response) => {
		await drain(request);
		if (session(request, response)) sendEmpty(response, 204);
	});
	router.route('GET', '/projects', (request, response) => {
		if (session(request, response)) sendJson(response, 200, mstrProjects);
	});

	router.route('POST', '/packages', async (request, response) => {
		await drain(request);
		const current = session(request, response);
		if (!current) return;
		const projectId = request.headers['x-mstr-projectid'];
		if (typeof projectId === 'string' && !mstrProjects.some(project => project.id === projectId)) {
			return error(response, 400, 'ERR004', `Project ${projectId} not found or not loaded.`);
		}

		if ([...state.holders.values()].some(holder => holder.token === current.token)) {
			return error(response, 400, 'ERR0015', 'A package already exists in this session; only one package instance per session is allowed.');
		}

		const id = Buffer.from(`${typeof projectId === 'string' ? projectId : '0'.repeat(32)}:${hex(16)}`).toString('base64');
		state.holders.set(id, {id, token: current.token, projectId: typeof projectId === 'string' ? projectId : undefined, status: 'empty', readyAt: 0});
		sendJson(response, 201, {id, status: 'empty'});
	});

	/** The holder named in the path, owned by the caller's session, or an error already sent. */
	const ownHolder = (request: Request, response: Response, id: string) => {
		const current = session(request, response);
		if (!current) return undefined;
		const holder = holderStatus(id);
		if (!holder || holder.token !== current.token) {
			error(response, 404, 'ERR004', `Package ${id} not found.`);
			return undefined;
		}

		return holder;
	};

	router.route('PUT', '/packages/:id/binary', async (request, response, {id = ''}) => {
		const holder = ownHolder(request, response, id);
		if (!holder) return drain(request);
		if (scenarios.has('mstr-upload-reset')) return resetUploadHalfWay(request);
		const upload = await readUploadHead(request, head => mmpHeadBytesNeeded(head) ?? 0);
		state.counters.uploads++;
		state.counters.uploadedBytes += upload.bytes;
		const definition = upload.found ? readMmpDefinition(upload.head) : undefined;
		if (!definition) return error(response, 400, 'ERR006', 'The uploaded file is not a valid package.');
		const isProject = definition.type !== 'configuration';
		if (isProject !== (holder.projectId !== undefined)) {
			return error(response, 400, 'ERR006', `A ${definition.type} package cannot be imported ${isProject ? 'without' : 'with'} a project (X-MSTR-ProjectID).`);
		}

		holder.definition = definition;
		holder.status = 'processing';
		holder.readyAt = Date.now() + timing.readyMs;
		sendJson(response, 200, {id, status: timing.readyMs <= 0 ? 'ready' : 'processing'});
	});

	router.route('GET', '/packages/:id', (request, response, {id = ''}, url) => {
		const holder = ownHolder(request, response, id);
		if (!holder) return;
		const base = {id, status: holder.status};
		if (url.searchParams.get('showContent') !== 'true' || !holder.definition) return sendJson(response, 200, base);
		const {type, settings, content} = holder.definition;
		sendJson(response, 200, {...base, type, settings, content});
	});

	router.route('PUT', '/packages/:id', async (request, response, {id = ''}) => {
		const holder = ownHolder(request, response, id);
		if (!holder) return drain(request);
		if (!requireAsync(request, response)) return drain(request);
		const body = (await readJson(request)) as {settings?: {defaultAction?: string}; content?: Array<{id: string; action?: string}>} | undefined;
		if (!body) return error(response, 400, 'ERR006', 'Invalid JSON');
		if (holder.definition && scenarios.has('mstr-actions-refused')) {
			return error(response, 400, 'ERR0010', 'Updating a package is not supported for a non-empty package.');
		}

		if (holder.definition) {
			const actions = new Map((body.content ?? []).map(object => [object.id, object.action]));
			holder.definition = {
				...holder.definition,
				settings: {...holder.definition.settings, ...body.settings},
				content: holder.definition.content.map(object => ({...object, action: actions.get(object.id) ?? object.action})),
			};
		}

		state.counters.actionChanges++;
		holder.status = 'processing';
		holder.readyAt = Date.now() + timing.readyMs;
		sendJson(response, 202, {id, status: 'processing'});
	});

	router.route('DELETE', '/packages/:id', async (request, response, {id = ''}) => {
		await drain(request);
		const holder = ownHolder(request, response, id);
		if (!holder || !requireAsync(request, response)) return;
		state.holders.delete(id);
		sendJson(response, 202, {id, status: 'deleting'});
	});

	router.route('POST', '/packages/imports', async (request, response, _params, url) => {
		await drain(request);
		const current = session(request, response);
		if (!current || !requireAsync(request, response)) return;
		const holderId = url.searchParams.get('packageId') ?? '';
		const holder = holderStatus(holderId);
		if (!holder || holder.token !== current.token) return error(response, 404, 'ERR004', `Package ${holderId} not found.`);
		if (holder.status !== 'ready' || !holder.definition) return error(response, 400, 'ERR006', `Package ${holderId} is not ready (status ${holder.status}).`);
		const id = `${Buffer.from(`${holder.projectId ?? '0'.repeat(32)}:${hex(16)}`).toString('base64')}${scenarios.has('mstr-hostile-text') ? '\u001B]0;owned\u0007' : ''}`;
		const slow = scenarios.has('mstr-slow-import') ? 20 : 1;
		state.imports.set(id, {
			id,
			token: current.token,
			holderId,
			startedAt: Date.now(),
			durationMs: timing.importMs * slow,
			generateUndo: url.searchParams.get('generateUndo') !== 'false',
			fails: scenarios.has('mstr-import-fails'),
			noUndo: scenarios.has('mstr-no-undo'),
			definition: holder.definition,
			statusPolls: 0,
		});
		state.counters.importsCreated++;
		if (scenarios.has('mstr-submit-lost')) return loseAnswer(response);
		sendJson(response, 202, {id, status: 'processing', undoPackageCreated: false, progress: 0});
	});

	const ownImport = (request: Request, response: Response, id: string) => {
		const current = session(request, response);
		if (!current) return undefined;
		const job = state.imports.get(id);
		if (!job || job.token !== current.token) {
			error(response, 404, 'ERR004', `Import ${id} not found.`);
			return undefined;
		}

		return {current, job};
	};

	router.route('GET', '/packages/imports/:id', (request, response, {id = ''}) => {
		const found = ownImport(request, response, id);
		if (!found) return;
		const {current, job} = found;
		job.statusPolls++;
		if (pollFault('mstr', scenarios, job.statusPolls, response)) return;
		// An answer that says everything but the state (a broken proxy, a changed API).
		if (scenarios.has('mstr-no-status')) return sendJson(response, 200, {id, progress: 50, status: null});

		sendJson(response, 200, importView(job));
		// The session dies right after the first answer: later calls see ERR009, holder and import gone.
		if (scenarios.has('mstr-session-expiry')) state.endSession(current.token);
	});

	router.route('GET', '/packages/imports/:id/undoPackage/binary', (request, response, {id = ''}) => {
		const found = ownImport(request, response, id);
		if (!found) return;
		if (!importView(found.job).undoPackageCreated) return error(response, 404, 'ERR004', 'No undo package was created for this import.');
		const {definition} = found.job;
		const undo = encodeMmp({
			...definition,
			settings: {...definition.settings, defaultAction: 'replace'},
			content: definition.content.map(object => ({...object, action: 'replace'})),
		});
		// A proxy's sign-in page where the file should be (HTTP 200, as such pages come).
		if (scenarios.has('mstr-undo-html')) return void response.writeHead(200, {'content-type': 'text/html'}).end('<!DOCTYPE html><html><body>Sign in to continue</body></html>');
		response.writeHead(200, {'content-type': 'application/octet-stream', 'content-length': undo.length});
		if (!scenarios.has('mstr-undo-slow')) return void response.end(Buffer.from(undo));
		// Half now, the rest after 5 s: long enough to kill the client mid-download.
		const half = Math.floor(undo.length / 2);
		response.write(Buffer.from(undo.subarray(0, half)));
		const timer = setTimeout(() => response.end(Buffer.from(undo.subarray(half))), 5000);
		response.on('close', () => clearTimeout(timer));
	});

	router.route('DELETE', '/packages/imports/:id', async (request, response, {id = ''}) => {
		await drain(request);
		// A server that never answers one cleanup call: the others must still be tried.
		if (scenarios.has('mstr-delete-hang')) return void response.on('close', () => response.destroy());
		const found = ownImport(request, response, id);
		if (!found || !requireAsync(request, response)) return;
		state.imports.delete(id);
		sendEmpty(response, 202);
	});

	return {
		prefix: '/MicroStrategyLibrary/api',
		async handle(request: Request, response: Response, path: string, url: URL): Promise<boolean> {
			const handled = await router.dispatch(request, response, path, url);
			if (handled === 'method') {
				// MicroStrategy answers an unsupported method with 404 ERR004 (vendor-apis.md 2.7).
				error(response, 404, 'ERR004', `${request.method} is not supported on ${path}.`);
				return true;
			}

			return handled;
		},
		snapshot: () => ({
			sessions: state.sessions.size,
			holders: state.holders.size,
			imports: state.imports.size,
			...state.counters,
		}),
	};
};
