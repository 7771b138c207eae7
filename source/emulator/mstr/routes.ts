/**
 * The MicroStrategy package-holder API (vendor-apis.md part 2, with its "Corrections and additions"),
 * as the published samples show it (fixtures/vendor-samples/mstr): real HTTP statuses; the error
 * envelope `{code, message, ticketId}` plus `iServerCode`/`subErrors` where the samples show them;
 * statuses in upper case (the `mstr-lower-case` scenario answers lower case, as older servers and
 * old mstrio do); token AND cookie required; one holder per session; sessions that die when idle;
 * `Prefer: respond-async` enforced; `PUT /api/packages/{id}` only on an EMPTY holder.
 */
import {randomUUID} from 'node:crypto';
import {encodeMmp, type MmpDefinition} from '../../packages/mmp-format.js';
import {loseAnswer, pollFault, resetUploadHalfWay} from '../faults.js';
import {createRouter, drain, readJson, sendEmpty, sendJson, type Request, type Response} from '../http-kit.js';
import type {Scenarios} from '../scenarios.js';
import {definitionFromPut, definitionOfUpload, effectiveAction, readPackageUpload, type PutBody} from './packages.js';
import {createMstrState, hex, type HolderStatus, type ImportJob, type LoginMode, type Session} from './state.js';
import {createAppliedLog} from './applied.js';
import {packageBinaryRoute} from './package-binary.js';

/**
 * The demo's accounts, one per documented sign-in mode: standard (loginMode 1) `username` +
 * `password`; LDAP (16) `ldapUsername` + `ldapPassword`; API token (4096) `apiToken`, sent as
 * `username` and nothing else.
 */
export const mstrDemoCredentials = {
	username: 'administrator',
	password: 'mstr-demo-pass-2026',
	ldapUsername: 'jdoe.ldap',
	ldapPassword: 'mstr-ldap-pass-2026',
	apiToken: 'c3f9a1e07b5d4c28a6e2f0d9b8147e5a',
};

export const mstrProjects = [
	{id: 'B7CA92F04B9FAE8D941C3E9B7E0CD754', name: 'MicroStrategy Tutorial', alias: '', description: 'Tutorial project', status: 0},
	{id: 'B19DEDCC11D4E0EFC000EB9495D0F44F', name: 'Demo Project', alias: '', description: 'Demo project', status: 0},
];

export type MstrTiming = {
	/** How long a holder stays PROCESSING after a PUT (and after an upload under mstr-holder-fails). */
	readyMs: number;
	importMs: number;
	/** How long after IMPORTED `undoPackageCreated` turns true (mstrio waits up to 60 s for it). */
	undoLagMs?: number;
	/** A session with no call for this long is gone, with its holder and imports. */
	sessionIdleMs?: number;
};

/** The Intelligence Server's default idle session timeout is 30 minutes. */
export const defaultSessionIdleMs = 30 * 60 * 1000;

type SubError = {iServerCode: number; message: string; additionalProperties: {objectId: string; objectName: string}};
type ErrorDetail = {iServerCode?: number; subErrors?: SubError[]; additionalProperties?: Record<string, unknown>; ticketId?: false};

const ticket = () => randomUUID().replaceAll('-', '');

/**
 * The documented error envelope, keys in the samples' order (error.forbidden.doc.json,
 * error.server.playground.json): `code`, `iServerCode` (when the Intelligence Server raised it),
 * `message`, `ticketId`, `subErrors`, `additionalProperties`. `ticketId: false` leaves the ticket
 * out, as the LDAP sample (error.general.doc-ldap.json) does.
 */
const errorBody = (code: string, message: string, detail: ErrorDetail = {}) => ({
	code,
	...(detail.iServerCode === undefined ? {} : {iServerCode: detail.iServerCode}),
	message,
	...(detail.ticketId === false ? {} : {ticketId: ticket()}),
	...(detail.subErrors ? {subErrors: detail.subErrors} : {}),
	...(detail.additionalProperties ? {additionalProperties: detail.additionalProperties} : {}),
});

const error = (response: Response, status: number, code: string, message: string, detail: ErrorDetail = {}) =>
	sendJson(response, status, errorBody(code, message, detail));

/** error.not-found.doc.json: an unknown endpoint, an unsupported method, a server without the API. */
const notFound = (response: Response) => error(response, 404, 'ERR004', 'HTTP 404 Not Found');

/**
 * No sample publishes the ERR009 body (INDEX.md "Left out"); this is the text MicroStrategy's own
 * Office add-in quotes for it, in the `{code, message, ticketId}` envelope of the 401 sample.
 */
const sessionGone = (response: Response) => error(response, 401, 'ERR009', "The user's session has expired, please reauthenticate");

/** error.unauthorized.doc.json: any refused secret, whatever the login mode. */
const loginFailed = (response: Response) => error(response, 401, 'ERR003', 'Login failed');

/** The login response headers of login.doc.json and login.samples-curl.json (204, no body). */
const loginHeaders = (token: string, cookie: string) => ({
	pragma: 'no-cache',
	'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
	expires: '0',
	server: 'MicroStrategy',
	'x-mstr-authtoken': token,
	// As samples-curl shows it, minus `Secure`: the emulator speaks plain http on loopback.
	'set-cookie': `JSESSIONID=${cookie}; Path=/MicroStrategyLibrary; HttpOnly`,
});

const cookieValue = (request: Request, name: string): string | undefined => {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return value.join('=');
	}

	return undefined;
};

/** The login body as JSON (the docs) or form data (how mstrio sends a standard login); undefined when unreadable. */
const readLoginBody = async (request: Request): Promise<Record<string, unknown> | undefined> => {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > 64 * 1024) return undefined;
		chunks.push(chunk as Buffer);
	}

	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') return {};
	if (/x-www-form-urlencoded/i.test(String(request.headers['content-type'] ?? ''))) return Object.fromEntries(new URLSearchParams(text));
	try {
		const parsed = JSON.parse(text) as unknown;
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
};

/** The action words a definition may carry (vendor-apis.md 2.5; `force_keep_both` from older mstrio). */
const actionWords = new Set(['use_existing', 'replace', 'keep_both', 'use_newer', 'use_older', 'force_replace', 'delete', 'force_keep_both']);

/**
 * Illustrative Intelligence Server codes for the failure scenarios: the samples publish only
 * placeholders (error.server.playground.json has `0`), so these are values of the documented kind
 * (negative 32-bit HRESULTs, like -2147214568 in error.forbidden.doc.json), not published ones.
 */
const iServer = {importFailed: -2147212544, objectInUse: -2147216373, folderMissing: -2147216959};

/** Two real objects of the package, each with why it failed, in the subErrors shape of error.server.playground.json. */
const subErrorsOf = (definition: MmpDefinition): SubError[] => {
	const reasons = [
		{iServerCode: iServer.objectInUse, why: 'it is used by objects that the package deletes'},
		{iServerCode: iServer.folderMissing, why: 'its parent folder does not exist in the destination project'},
	];
	return definition.content.slice(0, 2).map((object, index) => ({
		iServerCode: reasons[index]!.iServerCode,
		message: `Object "${object.name}" could not be saved: ${reasons[index]!.why}.`,
		additionalProperties: {objectId: object.id, objectName: object.name},
	}));
};

export const createMstrEmulator = ({scenarios, timing}: {scenarios: Scenarios; timing: MstrTiming}) => {
	const state = createMstrState({sessionIdleMs: timing.sessionIdleMs ?? defaultSessionIdleMs});
	const router = createRouter();
	const undoLagMs = timing.undoLagMs ?? 0;
	const applied = createAppliedLog();

	/** Status words as the docs write them (upper case), or lower case under mstr-lower-case. */
	const word = (status: string) => (scenarios.has('mstr-lower-case') ? status.toLowerCase() : status.toUpperCase());

	/**
	 * The caller's session, or a 401 ERR009 already sent. A token without its cookie is not enough;
	 * an idle session is gone (holder and imports with it). Every call counts as activity.
	 */
	const session = (request: Request, response: Response): Session | undefined => {
		const token = request.headers['x-mstr-authtoken'];
		let found = typeof token === 'string' ? state.sessions.get(token) : undefined;
		if (found && state.isExpired(found)) {
			state.endSession(found.token);
			state.counters.sessionsExpired++;
			found = undefined;
		}

		if (!found || cookieValue(request, 'JSESSIONID') !== found.cookie) {
			sessionGone(response);
			return undefined;
		}

		found.lastSeen = Date.now();
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
		const elapsed = Date.now() - job.startedAt;
		const fraction = Math.min(1, elapsed / job.durationMs);
		if (job.fails && fraction >= 0.4) {
			// The failed import carries the error envelope's detail: the reason, the I-Server code, the objects.
			const subErrors = subErrorsOf(job.definition);
			return {
				id: job.id,
				status: word('failed'),
				undoPackageCreated: false,
				progress: 40,
				message: `The import failed: ${subErrors.length} object${subErrors.length === 1 ? '' : 's'} could not be saved in the destination project.`,
				iServerCode: iServer.importFailed,
				subErrors,
			};
		}

		if (fraction >= 1) {
			applied.record(job);
			// Undo cannot be created when keep_both is the conflict rule (seed page), default action included.
			const keepBoth = job.definition.content.some(object => effectiveAction(job.definition, object) === 'keep_both');
			const undoDue = elapsed >= job.durationMs + job.undoLagMs;
			return {id: job.id, status: word('imported'), undoPackageCreated: job.generateUndo && !job.noUndo && !keepBoth && undoDue, progress: 100};
		}

		// Server text that tries to drive the terminal: clear the screen, set the window title.
		const status = `${word('processing')}${scenarios.has('mstr-hostile-text') ? '\u001B[2J\u001B]0;owned\u0007' : ''}`;
		return {id: job.id, status, undoPackageCreated: false, progress: Math.round(fraction * 1000) / 10};
	};

	/**
	 * loginMode 1 (standard) and 16 (LDAP) check `username` + `password` against their own user;
	 * 4096 (API token) checks `username` only: mstrio sends the token there with nothing else, and
	 * MicroStrategy says "all other authentication parameters are ignored", so a `password` or any
	 * other field beside it changes nothing. A wrong secret in any mode is the documented 401 ERR003.
	 */
	router.route('POST', '/auth/login', async (request, response) => {
		const body = await readLoginBody(request);
		if (!body) return error(response, 400, 'ERR006', 'Invalid JSON');
		// The docs: an omitted optional field takes the server default, Standard (login.samples-curl.json sends none).
		const loginMode = Number(body.loginMode ?? 1);
		const username = typeof body.username === 'string' ? body.username : undefined;
		const password = typeof body.password === 'string' ? body.password : undefined;
		let user: string | undefined;
		if (loginMode === 1) {
			if (username === mstrDemoCredentials.username && password === mstrDemoCredentials.password) user = username;
		} else if (loginMode === 16) {
			// error.general.doc-ldap.json verbatim: no ticketId, the iServerCode as published.
			if (scenarios.has('mstr-no-ldap'))
				return error(response, 401, 'ERR001', 'MicroStrategy Intelligence Server is not configured to support LDAP authentication.', {
					iServerCode: -214720549,
					ticketId: false,
				});
			if (username === mstrDemoCredentials.ldapUsername && password === mstrDemoCredentials.ldapPassword) user = username;
		} else if (loginMode === 4096) {
			if (username === mstrDemoCredentials.apiToken) user = mstrDemoCredentials.username;
		} else if (loginMode === 8) {
			return error(response, 401, 'ERR001', 'MicroStrategy Intelligence Server is not configured to support anonymous authentication.');
		} else {
			return error(response, 400, 'ERR006', `Invalid loginMode ${JSON.stringify(body.loginMode)}.`);
		}

		if (!user) return loginFailed(response);
		const token = hex(13).toLowerCase();
		const cookie = hex(16);
		state.sessions.set(token, {token, cookie, username: user, loginMode: loginMode as LoginMode, importPolls: 0, lastSeen: Date.now()});
		state.counters.logins++;
		sendEmpty(response, 204, loginHeaders(token, cookie));
	});

	router.route('POST', '/auth/logout', async (request, response) => {
		await drain(request);
		const current = session(request, response);
		if (!current) return;
		state.endSession(current.token);
		sendEmpty(response, 204, {'set-cookie': 'JSESSIONID=; Path=/MicroStrategyLibrary; Max-Age=0'});
	});

	// No sample is published for /api/sessions (INDEX.md "Left out"); mstrio reads timeout (s), workingSet, maxSearch.
	router.route('GET', '/sessions', (request, response) => {
		if (session(request, response)) sendJson(response, 200, {timeout: Math.round(state.sessionIdleMs / 1000), workingSet: 10, maxSearch: 3});
	});
	/** The keep-alive: "Extends the HTTP and Intelligence Server sessions by resetting the timeouts" (mstrio). */
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
			// ERR0015 "Object already exists" in the code table, written as the samples write codes (ERR017).
			return error(response, 400, 'ERR015', 'A package already exists in this session; only one package instance per session is allowed.');
		}

		const id = Buffer.from(`${typeof projectId === 'string' ? projectId : '0'.repeat(32)}:${hex(16)}`).toString('base64');
		state.holders.set(id, {id, token: current.token, projectId: typeof projectId === 'string' ? projectId : undefined, status: 'empty', readyAt: 0});
		sendJson(response, 201, {id, status: word('empty')});
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

	const startProcessing = (holder: {status: HolderStatus; readyAt: number}) => {
		holder.status = 'processing';
		holder.readyAt = Date.now() + timing.readyMs;
	};

	/**
	 * Any bytes are a package: the demo format is read, anything else (a real .mmp) gets a generic
	 * definition from its file name and size. Answers 200 READY as the seed does; under
	 * mstr-holder-fails it answers PROCESSING and the holder then goes FAILED.
	 */
	router.route('PUT', '/packages/:id/binary', async (request, response, {id = ''}) => {
		const holder = ownHolder(request, response, id);
		if (!holder) return drain(request);
		if (scenarios.has('mstr-upload-reset')) return resetUploadHalfWay(request);
		const upload = await readPackageUpload(request);
		state.counters.uploads++;
		state.counters.uploadedBytes += upload.bytes;
		if (!upload.found) return error(response, 400, 'ERR007', 'Missing required field: the multipart part "file" with the package.');
		if (upload.bytes === 0) return error(response, 400, 'ERR006', 'The uploaded package file is empty.');
		const {definition, known} = definitionOfUpload(upload, holder.projectId);
		const isProject = definition.type !== 'configuration';
		if (known && isProject !== (holder.projectId !== undefined)) {
			return error(response, 400, 'ERR006', `A ${definition.type} package cannot be imported ${isProject ? 'without' : 'with'} a project (X-MSTR-ProjectID).`);
		}

		holder.definition = definition;
		if (scenarios.has('mstr-holder-fails')) {
			startProcessing(holder);
			return sendJson(response, 200, {id, status: word('processing')});
		}

		holder.status = 'ready';
		sendJson(response, 200, {id, status: word('ready')});
	});

	/** `{id, status}`, or with `showContent=true` the definition the server holds: `settings` and `content`, no package `type`. */
	router.route('GET', '/packages/:id', (request, response, {id = ''}, url) => {
		const holder = ownHolder(request, response, id);
		if (!holder) return;
		const base = {id, status: word(holder.status)};
		if (url.searchParams.get('showContent') !== 'true' || !holder.definition) return sendJson(response, 200, base);
		const {settings, content} = holder.definition;
		sendJson(response, 200, {...base, settings, content});
	});

	/**
	 * Fills an EMPTY holder (the documented use, create-a-migration-package.md; mstrio: "Currently,
	 * it's only supported when the holder is empty"). On a holder that holds an uploaded package:
	 * refused by default (and under the old name mstr-actions-refused), applied under
	 * mstr-actions-accepted, answered 202 and dropped under mstr-actions-ignored.
	 */
	router.route('PUT', '/packages/:id', async (request, response, {id = ''}) => {
		const holder = ownHolder(request, response, id);
		if (!holder) return drain(request);
		if (!requireAsync(request, response)) return drain(request);
		const body = (await readJson(request)) as PutBody | undefined;
		if (!body || typeof body !== 'object') return error(response, 400, 'ERR006', 'Invalid JSON');
		const rows = Array.isArray(body.content) ? (body.content as Array<Record<string, unknown>>) : [];
		const words = [body.settings?.defaultAction, ...rows.map(row => row?.action)].filter(value => value !== undefined);
		const bad = words.find(value => typeof value !== 'string' || !actionWords.has(value.toLowerCase()));
		if (bad !== undefined) return error(response, 400, 'ERR006', `Invalid action ${JSON.stringify(bad)}: use one of ${[...actionWords].join(', ')}.`);

		if (!holder.definition) {
			const built = definitionFromPut(body, holder.projectId);
			if (typeof built === 'string') return error(response, 400, 'ERR006', built);
			holder.definition = built;
			state.counters.actionChanges++;
		} else if (scenarios.has('mstr-actions-accepted')) {
			const actions = new Map(
				rows.filter(row => typeof row?.id === 'string' && typeof row.action === 'string').map(row => [String(row.id).toUpperCase(), String(row.action)]),
			);
			const settings = Object.fromEntries(Object.entries(body.settings ?? {}).filter(([, value]) => value !== undefined));
			// Rows the body does not name keep what they had (a dependent keeps following the default); ids the package does not hold are ignored.
			holder.definition = {
				...holder.definition,
				settings: {...holder.definition.settings, ...settings},
				content: holder.definition.content.map(object => {
					const action = actions.get(object.id.toUpperCase());
					return action === undefined ? object : {...object, action};
				}),
			};
			state.counters.actionChanges++;
		} else if (scenarios.has('mstr-actions-ignored')) {
			// The trap: a 202 like an accepted change, the holder unchanged. Only reading the definition back shows it.
			state.counters.actionChangesIgnored++;
		} else {
			/*
			 * Refused, as documented (the PUT fills an empty holder only). HTTP 400: the request is one the
			 * server "cannot or will not process" (the 400 of handle-rest-api-exceptions.md); code ERR010,
			 * "Not supported" in the code table (written ERR0010 there; the samples write 3 digits, ERR017
			 * for ERR0017); the envelope of error.bad-request.doc.json. No iServerCode: the REST server
			 * refuses before the Intelligence Server is asked.
			 */
			state.counters.actionChangesRefused++;
			return error(
				response,
				400,
				'ERR010',
				'Updating a package is only supported when the package holder is empty; this holder already holds an uploaded package.',
			);
		}

		startProcessing(holder);
		sendJson(response, 202, {id, status: word('processing')});
	});

	/** The source side's download: the package as the holder holds it (package-binary.ts). */
	router.route('GET', '/packages/:id/binary', packageBinaryRoute({ownHolder, error, word}));

	router.route('DELETE', '/packages/:id', async (request, response, {id = ''}) => {
		await drain(request);
		const holder = ownHolder(request, response, id);
		if (!holder || !requireAsync(request, response)) return;
		state.holders.delete(id);
		sendJson(response, 202, {id, status: word('deleting')});
	});

	router.route('POST', '/packages/imports', async (request, response, _params, url) => {
		await drain(request);
		const current = session(request, response);
		if (!current || !requireAsync(request, response)) return;
		const holderId = url.searchParams.get('packageId') ?? '';
		const holder = holderStatus(holderId);
		if (!holder || holder.token !== current.token) return error(response, 404, 'ERR004', `Package ${holderId} not found.`);
		if (holder.status !== 'ready' || !holder.definition)
			return error(response, 400, 'ERR006', `Package ${holderId} is not ready (status ${word(holder.status)}).`);
		if (scenarios.has('mstr-import-suberrors')) {
			// The shape of error.server.playground.json (the only sample with subErrors), with real objects of the package.
			const subErrors = subErrorsOf(holder.definition);
			return error(
				response,
				500,
				'ERR002',
				`The import process could not be created: ${subErrors.length} object${subErrors.length === 1 ? '' : 's'} of the package cannot be imported.`,
				{
					iServerCode: iServer.importFailed,
					subErrors,
					additionalProperties: {},
				},
			);
		}

		const id = `${Buffer.from(`${holder.projectId ?? '0'.repeat(32)}:${hex(16)}`).toString('base64')}${scenarios.has('mstr-hostile-text') ? '\u001B]0;owned\u0007' : ''}`;
		const slow = scenarios.has('mstr-slow-import') ? 20 : 1;
		state.imports.set(id, {
			id,
			token: current.token,
			holderId,
			startedAt: Date.now(),
			durationMs: timing.importMs * slow,
			undoLagMs,
			generateUndo: url.searchParams.get('generateUndo') !== 'false',
			fails: scenarios.has('mstr-import-fails'),
			noUndo: scenarios.has('mstr-no-undo'),
			definition: holder.definition,
			statusPolls: 0,
		});
		state.counters.importsCreated++;
		if (scenarios.has('mstr-submit-lost')) return loseAnswer(response);
		sendJson(response, 202, {id, status: word('processing'), undoPackageCreated: false, progress: 0});
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
		if (scenarios.has('mstr-undo-html'))
			return void response.writeHead(200, {'content-type': 'text/html'}).end('<!DOCTYPE html><html><body>Sign in to continue</body></html>');
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
			state.expireIdle();
			// A server older than 2021 Update 2 has no package API: every /api/packages call is an unknown endpoint.
			if (scenarios.has('mstr-no-package-api') && /^\/packages(?:\/|$)/.test(path)) {
				await drain(request);
				notFound(response);
				return true;
			}

			const handled = await router.dispatch(request, response, path, url);
			if (handled === true) return true;
			// An unknown endpoint, and (the docs say) an unsupported method too: 404 with the ERR004 envelope.
			await drain(request);
			notFound(response);
			return true;
		},
		/** What each finished import applied, per project (applied.ts). */
		applied: applied.list,
		snapshot: () => {
			state.expireIdle();
			return {
				sessions: state.sessions.size,
				holders: state.holders.size,
				imports: state.imports.size,
				...state.counters,
			};
		},
	};
};
