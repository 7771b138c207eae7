/**
 * MicroStrategy package-holder calls (vendor-apis.md part 2). One cookie-aware session per run:
 * the holder lives in the server session, so every call must carry the token AND the cookies.
 */
import type {Got} from 'got';
import {PackportError} from '../../errors.js';
import {BadDownloadError, downloadToFile, responseOf} from '../../packages/download-to-file.js';
import {cleanupRetry, createHttp, mapHttpError, noTotalTimeout, oneTry, type DecodedError} from '../../http/client.js';
import type {Redactor} from '../../http/redact.js';
import type {Profile} from '../../config/profile-types.js';
import {baseName, multipartFile} from '../multipart-file.js';

export type HolderStatus = {id: string; status: string; [key: string]: unknown};
export type ImportStatus = {id: string; status: string; progress?: number; undoPackageCreated?: boolean; message?: string};

/**
 * MicroStrategy's error body (vendor-apis.md 2.7): `code`, `message`, `ticketId`, `iServerCode`, and
 * `subErrors[{iServerCode, message, additionalProperties: {objectId, objectName}}]` naming the
 * objects that failed. All of it reaches the message: a failed import says which objects and why.
 */
export const decodeMstrError = (body: string): DecodedError => {
	try {
		const parsed = JSON.parse(body) as Record<string, unknown>;
		const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
		const subErrors = (Array.isArray(parsed.subErrors) ? parsed.subErrors : []) as Array<Record<string, unknown>>;
		const objects = subErrors.slice(0, 10).map(sub => {
			const props = (sub.additionalProperties ?? {}) as Record<string, unknown>;
			const name = str(props.objectName);
			const id = str(props.objectId);
			const who = name ? `${name}${id ? ` (${id})` : ''}` : (id ?? 'an object');
			return `${who}: ${str(sub.message) ?? 'failed'}${str(sub.iServerCode) ? ` [I-Server ${str(sub.iServerCode)}]` : ''}`;
		});
		const more = subErrors.length > 10 ? `; ${subErrors.length - 10} more` : '';
		const iServer = str(parsed.iServerCode);
		const message = [
			str(parsed.message),
			iServer ? `(I-Server code ${iServer})` : undefined,
			objects.length ? `Objects: ${objects.join('; ')}${more}.` : undefined,
		]
			.filter(Boolean)
			.join(' ');
		return {code: str(parsed.code), message: message || undefined, requestId: str(parsed.ticketId)};
	} catch {
		// 501/502/503 often come with an HTML page or nothing (vendor-apis.md 2.7).
		return {};
	}
};

/** MicroStrategy writes ERR009, ERR0009 and ERR09 for the same thing: compare by number. */
export const mstrCodeNumber = (code: string | undefined): number | undefined => {
	const match = code ? /^ERR0*(\d+)$/i.exec(code) : null;
	return match ? Number(match[1]) : undefined;
};

export const sameStatus = (value: unknown, expected: string): boolean => typeof value === 'string' && value.toLowerCase() === expected.toLowerCase();

export type MstrClientOptions = {
	profile: Profile;
	redactor: Redactor;
	signal: AbortSignal;
	retryLimit?: number;
	/** --request-timeout: a server that stops answering fails the call after this long. */
	requestTimeoutMs?: number;
};

export const createMstrClient = ({profile, redactor, signal, retryLimit, requestTimeoutMs}: MstrClientOptions) => {
	let token: string | undefined;
	const {client, jar} = createHttp({
		vendor: 'mstr',
		prefixUrl: `${profile.url}/api/`,
		redactor,
		retryLimit,
		responseTimeoutMs: requestTimeoutMs,
		hooks: {
			beforeRequest: [
				options => {
					if (token) options.headers['x-mstr-authtoken'] = token;
				},
			],
		},
	});
	const projectHeader = profile.projectId ? {'x-mstr-projectid': profile.projectId} : {};
	const async = {prefer: 'respond-async'};
	const holderPath = (id: string) => `packages/${encodeURIComponent(id)}`;
	const importPath = (id: string) => `packages/imports/${encodeURIComponent(id)}`;

	/** Runs one call, mapping any failure to a PackportError that says what we were doing. */
	const call = async <T>(action: string, run: (http: Got, callSignal: AbortSignal) => Promise<T>, callSignal = signal): Promise<T> => {
		try {
			return await run(client, callSignal);
		} catch (error) {
			if (callSignal.aborted) throw callSignal.reason;
			throw mapHttpError(error, {vendor: 'mstr', redactor, decode: decodeMstrError, profile: profile.name, action});
		}
	};

	/** A binary the server makes (a package, an undo package), streamed to a checked file at `destination`. */
	const downloadBinary = async (path: string, what: string, destination: string, downloadSignal: AbortSignal): Promise<string> =>
		call(
			`downloading ${what}`,
			async (http, s) => {
				const stream = http.stream(path, {headers: {...projectHeader, accept: 'application/octet-stream'}, signal: s, ...noTotalTimeout});
				const response = responseOf(stream);
				try {
					return await downloadToFile(stream, response, destination, {what, binary: true});
				} catch (error) {
					if (error instanceof BadDownloadError) throw new PackportError('server', `MicroStrategy did not send ${what}: ${error.message}.`, {vendor: 'mstr'});
					throw error;
				}
			},
			downloadSignal,
		);

	return {
		get loggedIn() {
			return token !== undefined;
		},
		async login(secret: string) {
			const loginMode = profile.loginMode ?? 1;
			// An API token goes in `username` and nothing else (mstrio api/authentication.py; MicroStrategy
			// ignores every other field in mode 4096). Standard and LDAP send the user name and password.
			const json = loginMode === 4096 ? {username: secret, loginMode} : {username: profile.username ?? '', password: secret, loginMode};
			const response = await call('the login', http => http.post('auth/login', {json, signal})).catch((error: unknown) => {
				if (!(error instanceof PackportError) || error.status !== 401) throw error;
				const what =
					loginMode === 4096
						? `the API token of profile '${profile.name}' (it may have expired or been revoked)`
						: `the ${loginMode === 16 ? 'LDAP ' : ''}user name and password of profile '${profile.name}'`;
				throw new PackportError('auth', error.message, {
					vendor: 'mstr',
					status: 401,
					vendorCode: error.vendorCode,
					requestId: error.requestId,
					hint: `Check ${what}.`,
				});
			});
			const header = response.headers['x-mstr-authtoken'];
			token = Array.isArray(header) ? header[0] : header;
			if (!token) {
				// A sign-in that gives no session is a failed sign-in (exit 3), whatever the status said.
				throw new PackportError(
					'auth',
					`MicroStrategy answered the login (HTTP ${response.statusCode}) without an X-MSTR-AuthToken header, so there is no session.`,
					{
						vendor: 'mstr',
						status: response.statusCode,
						hint: `Check that the URL of profile '${profile.name}' ends in /MicroStrategyLibrary (the REST API), not a web page or a proxy's sign-in.`,
					},
				);
			}

			redactor.add(token);
		},
		/** Extends the HTTP and Intelligence Server sessions while a long import runs. */
		async keepAlive() {
			await call('keeping the session alive', (http, s) => http.put('sessions', {signal: s}));
		},
		async createHolder(): Promise<HolderStatus> {
			return call('creating the package holder', http => http.post('packages', {headers: projectHeader, signal}).json<HolderStatus>()).catch(
				(error: unknown) => {
					// mstrio reads 404 ERR004 here as "not supported on this version of the I-Server".
					if (error instanceof PackportError && error.status === 404 && mstrCodeNumber(error.vendorCode) === 4) {
						throw new PackportError(
							'server',
							`This Intelligence Server has no package API (${error.vendorCode}): importing packages over REST needs MicroStrategy 2021 Update 2 or newer.`,
							{
								vendor: 'mstr',
								status: 404,
								vendorCode: 'NO_PACKAGE_API',
								requestId: error.requestId,
								hint: `Check that the URL of profile '${profile.name}' is the Library of a 2021 Update 2 (or newer) server, or import the package in Object Manager.`,
							},
						);
					}

					throw error;
				},
			);
		},
		async uploadBinary(holderId: string, file: string, onProgress: (transferred: number, total: number) => void) {
			return call('uploading the package', async http => {
				// Built per attempt: a streamed body can be sent once.
				const form = await multipartFile(file, {field: 'file', fileName: baseName(file, 'package.mmp')});
				const request = http.put(`${holderPath(holderId)}/binary`, {body: form.body, headers: {...projectHeader, ...form.headers}, signal, ...noTotalTimeout});
				request.on('uploadProgress', progress => onProgress(progress.transferred, progress.total ?? 0));
				return request.json<HolderStatus>();
			});
		},
		/** `once`: a poller's read, which the poller retries itself (and says so on screen). */
		async getHolder(holderId: string, showContent: boolean, {once = false} = {}): Promise<HolderStatus> {
			return call('reading the package definition', http =>
				http
					.get(holderPath(holderId), {searchParams: {showContent: String(showContent)}, headers: projectHeader, signal, ...(once ? oneTry : {})})
					.json<HolderStatus>(),
			);
		},
		async updateHolder(holderId: string, body: Record<string, unknown>): Promise<HolderStatus> {
			return call('changing the object actions', http =>
				http.put(holderPath(holderId), {json: body, headers: {...projectHeader, ...async}, signal}).json<HolderStatus>(),
			);
		},
		async createImport(holderId: string, generateUndo: boolean): Promise<ImportStatus> {
			return call('starting the import', http =>
				http
					.post('packages/imports', {
						searchParams: {packageId: holderId, generateUndo: String(generateUndo)},
						headers: {...projectHeader, ...async},
						signal,
					})
					.json<ImportStatus>(),
			);
		},
		async getImport(importId: string, {once = false} = {}): Promise<ImportStatus> {
			const answer = await call('reading the import status', http =>
				http.get(importPath(importId), {headers: projectHeader, signal, ...(once ? oneTry : {})}).json<Record<string, unknown>>(),
			);
			// A status answer must say the state; anything else is a broken answer (polled again), never a crash.
			if (!answer || typeof answer !== 'object' || typeof answer.status !== 'string' || !answer.status.trim()) {
				throw new PackportError('server', `MicroStrategy answered the import status of ${importId} without a status word.`, {
					vendor: 'mstr',
					vendorCode: 'MALFORMED_RESPONSE',
					hint: 'MicroStrategy or a proxy in between sent a broken answer; check the import in MicroStrategy.',
				});
			}

			return {...answer, id: typeof answer.id === 'string' ? answer.id : importId, status: answer.status} as ImportStatus;
		},
		/**
		 * Streams the undo package to a temp file, checks it is one, and gives it its final name (or the
		 * next free one). Returns where it went.
		 */
		async downloadUndo(importId: string, destination: string, downloadSignal: AbortSignal): Promise<string> {
			return downloadBinary(`${importPath(importId)}/undoPackage/binary`, 'the undo package', destination, downloadSignal);
		},
		/**
		 * Source side (create-a-migration-package.md): fills an EMPTY holder with its type, settings
		 * and objects with their actions. Not retried: a 202 lost on the way may have filled the holder.
		 */
		async defineHolder(holderId: string, body: Record<string, unknown>): Promise<HolderStatus> {
			return call('setting the package content', http =>
				http.put(holderPath(holderId), {json: body, headers: {...projectHeader, ...async}, signal, ...oneTry}).json<HolderStatus>(),
			);
		},
		/**
		 * Source side: streams the built package (`GET /api/packages/{id}/binary`, `Accept:
		 * application/octet-stream` as the create page sends it) to `destination`, checked to be a file.
		 */
		async downloadPackage(holderId: string, destination: string, downloadSignal: AbortSignal): Promise<string> {
			return downloadBinary(`${holderPath(holderId)}/binary`, 'the package', destination, downloadSignal);
		},
		async deleteImport(importId: string, cleanupSignal: AbortSignal) {
			await call(
				'deleting the import process',
				(http, s) => http.delete(importPath(importId), {headers: {...projectHeader, ...async}, signal: s, ...cleanupRetry}),
				cleanupSignal,
			);
		},
		async deleteHolder(holderId: string, cleanupSignal: AbortSignal) {
			await call(
				'deleting the package holder',
				(http, s) => http.delete(holderPath(holderId), {headers: {...projectHeader, ...async}, signal: s, ...cleanupRetry}),
				cleanupSignal,
			);
		},
		async logout(cleanupSignal: AbortSignal) {
			if (!token) return;
			await call('logging out', (http, s) => http.post('auth/logout', {signal: s}), cleanupSignal);
			token = undefined;
			jar.clear();
		},
	};
};

export type MstrClient = ReturnType<typeof createMstrClient>;
