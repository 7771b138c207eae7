/**
 * Vault calls. Vault answers processed requests with HTTP 200 and `responseStatus`, so every call
 * goes through `envelope`: FAILURE/EXCEPTION become PackportErrors carrying `errors[0].type`, and
 * an INVALID_SESSION_ID is answered by one fresh login and one retry of the same call — except
 * the upload, which is never sent twice.
 */
import type {Got} from 'got';
import {BadDownloadError, downloadToFile, responseOf} from '../../packages/download-to-file.js';
import {PackportError} from '../../errors.js';
import {createHttp, mapHttpError, noTotalTimeout, oneTry, type DecodedError} from '../../http/client.js';
import type {Profile} from '../../config/profile-types.js';
import {baseName, multipartFile} from '../multipart-file.js';
import type {Redactor} from '../../http/redact.js';
import {stripControl} from '../../http/redact.js';

export type VaultEnvelope = {responseStatus?: string; errors?: Array<{type?: string; message?: string}>; [key: string]: unknown};

export const decodeVaultError = (body: string): DecodedError => {
	try {
		const parsed = JSON.parse(body) as VaultEnvelope;
		return {code: parsed.errors?.[0]?.type, message: parsed.errors?.[0]?.message};
	} catch {
		return {};
	}
};

/** Error types that are about the credentials; everything else is about the call (vendor-apis.md 1.3). */
const loginFailures = new Set(['USERNAME_OR_PASSWORD_INCORRECT', 'NO_PASSWORD_PROVIDED', 'INACTIVE_USER', 'USER_LOCKED_OUT', 'PASSWORD_CHANGE_REQUIRED']);

/**
 * Vault processed the call and said no (HTTP 200, FAILURE): a definite answer — nothing the call
 * asked for was done — as opposed to a lost one.
 */
export class VaultRefusal extends PackportError {}

/** Vault answers errors with HTTP 200 and a FAILURE envelope: that is not a log. */
const vaultFailure = (head: Buffer): string | undefined => {
	try {
		const body = JSON.parse(head.toString('utf8')) as {responseStatus?: string; errors?: Array<{type?: string; message?: string}>};
		if (body.responseStatus !== 'FAILURE') return undefined;
		const first = body.errors?.[0];
		return `Vault answered with an error instead of the log: ${[first?.type, first?.message].filter(Boolean).join(' ') || 'FAILURE'}`;
	} catch {
		return undefined;
	}
};

type VaultClientOptions = {profile: Profile; redactor: Redactor; signal: AbortSignal; password: string; requestTimeoutMs?: number};

export const createVaultClient = ({profile, redactor, signal, password, requestTimeoutMs}: VaultClientOptions) => {
	const version = profile.apiVersion ?? 'v25.2';
	let sessionId: string | undefined;
	let userId: string | undefined;
	const counters = {logins: 0};
	const {client} = createHttp({
		vendor: 'vault',
		prefixUrl: `${profile.url}/api/${version}/`,
		redactor,
		headers: {'x-vaultapi-clientid': 'packport'},
		// Vault delays throttled responses instead of refusing them (vendor-apis.md 1.4).
		responseTimeoutMs: requestTimeoutMs ?? 10 * 60_000,
		hooks: {
			beforeRequest: [
				options => {
					if (sessionId) options.headers.authorization = sessionId;
				},
			],
		},
	});
	const map = (error: unknown, action: string) => mapHttpError(error, {vendor: 'vault', redactor, decode: decodeVaultError, profile: profile.name, action});

	/** Envelope warnings (`responseStatus: WARNING` or SUCCESS with `warnings[]`), for the result. */
	const warnings: string[] = [];

	/** A processed-but-failed answer, as an error that says which Vault error type it was. */
	const check = <T extends VaultEnvelope>(body: T, action: string): T => {
		const status = String(body.responseStatus ?? '').toUpperCase();
		for (const warning of Array.isArray(body.warnings) ? (body.warnings as Array<Record<string, unknown>>) : []) {
			const words = [warning.type ?? warning.warning_type, warning.message].filter(value => typeof value === 'string').join(': ');
			if (words) warnings.push(`Vault (${action}): ${stripControl(redactor.redact(words))}`);
		}

		if (status === 'SUCCESS' || status === 'WARNING') return body;
		const type = body.errors?.[0]?.type ?? status;
		const message = stripControl(redactor.redact(body.errors?.[0]?.message ?? 'no details'));
		if (type === 'INSUFFICIENT_ACCESS') {
			// A missing permission (or, on /actions, a missing resource): nothing to do with the password.
			throw new VaultRefusal('server', `Your Vault user lacks a permission for ${action} (INSUFFICIENT_ACCESS: ${message}).`, {
				vendor: 'vault',
				vendorCode: type,
				hint:
					`Ask a Vault admin to give ${profile.username ?? 'the user of this profile'} the permission (importing and deploying packages needs ` +
					'the Configuration Migration permissions of Admin > Users & Groups > Permission Sets).',
			});
		}

		const kind = type === 'INVALID_SESSION_ID' || loginFailures.has(type) ? 'auth' : 'server';
		throw new VaultRefusal(kind, `Vault refused ${action}: ${type} ${message}`, {
			vendor: 'vault',
			vendorCode: type,
			status: type === 'API_LIMIT_EXCEEDED' ? 429 : undefined,
			hint: loginFailures.has(type) ? `Check the user name and password of profile '${profile.name}' (repeated failures can lock the account).` : undefined,
		});
	};

	const login = async () => {
		const body = await client
			.post('auth', {form: {username: profile.username ?? '', password}, signal})
			.json<VaultEnvelope & {sessionId?: string; userId?: number | string; vaultId?: number; vaultIds?: Array<{id: number; url: string}>}>()
			.catch(error => {
				throw map(error, 'the login');
			});
		check(body, 'the login');
		const session = body.vaultIds?.find(vault => vault.id === body.vaultId);
		const wanted = new URL(profile.url);
		const got = session ? new URL(session.url) : undefined;
		// The DNS fallback trap: Vault may hand out a session for another Vault the user can reach.
		if (!got || got.host !== wanted.host || !got.pathname.startsWith(wanted.pathname.replace(/\/$/, ''))) {
			throw new PackportError('auth', `Vault signed you in to ${session?.url ?? 'another Vault'}, not ${profile.url} (vaultDNS verification failed).`, {
				vendor: 'vault',
				vendorCode: 'VAULT_DNS_MISMATCH',
				hint: `Check that ${profile.username} has access to the Vault in profile '${profile.name}'.`,
			});
		}

		sessionId = body.sessionId;
		userId = body.userId === undefined ? undefined : String(body.userId);
		redactor.add(sessionId);
		counters.logins++;
	};

	/** One Vault call; a lost session is renewed once and the same call sent again. */
	const call = async <T extends VaultEnvelope>(action: string, run: (http: Got) => Promise<T>, {retryOnSession = true} = {}): Promise<T> => {
		for (let attempt = 0; ; attempt++) {
			let body: T;
			try {
				body = await run(client);
			} catch (error) {
				if (signal.aborted) throw signal.reason;
				throw map(error, action);
			}

			try {
				return check(body, action);
			} catch (error) {
				if (!(error instanceof PackportError && error.vendorCode === 'INVALID_SESSION_ID' && retryOnSession && attempt === 0)) throw error;
				await login();
			}
		}
	};

	return {
		counters,
		warnings,
		get loggedIn() {
			return sessionId !== undefined;
		},
		/** The signed-in user's id, to recognise our own jobs in the job lists. */
		get userId() {
			return userId;
		},
		login,
		async upload(path: 'services/package' | 'services/package/actions/validate', file: string, onProgress: (transferred: number, total: number) => void) {
			const method = path === 'services/package' ? 'put' : 'post';
			return call(
				path === 'services/package' ? 'the package import' : 'the package validation',
				async http => {
					// Built per attempt: a streamed body can be sent once.
					const form = await multipartFile(file, {field: 'file', fileName: baseName(file, 'package.vpk')});
					const request = http[method](path, {body: form.body, headers: form.headers, signal, ...noTotalTimeout});
					request.on('uploadProgress', progress => onProgress(progress.transferred, progress.total ?? 0));
					return request.json<VaultEnvelope>();
				},
				{retryOnSession: false},
			);
		},
		/** Running and queued jobs (`monitors`) or finished ones (`histories`), newest first. */
		/** One page of running (`monitors`) or finished (`histories`) jobs, from `since` on where the API takes it. */
		async jobList(kind: 'monitors' | 'histories', {offset = 0, limit = 200, since}: {offset?: number; limit?: number; since?: Date} = {}) {
			const searchParams: Record<string, string | number> = {limit, offset};
			// Retrieve Job Histories takes start_date (ISO, UTC); monitors list only what runs now.
			if (since && kind === 'histories') searchParams.start_date = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
			return call(`listing the job ${kind}`, async http => http.get(`services/jobs/${kind}`, {searchParams, signal}).json<VaultEnvelope>());
		},
		/** Validate Inbound Package: the steps and status of a package imported earlier (deploy later). */
		async validateInbound(packageId: string) {
			const validate = `services/vobject/vault_package__v/${encodeURIComponent(packageId)}/actions/validate`;
			return call('checking the inbound package', async http => http.post(validate, {form: {}, signal}).json<VaultEnvelope>());
		},
		/** `once`: a poller's read, which the poller retries itself (and says so on screen). */
		async job(jobId: string, {once = false} = {}) {
			return call('reading the job status', async http => http.get(`services/jobs/${encodeURIComponent(jobId)}`, {signal, ...(once ? oneTry : {})}).json<VaultEnvelope>());
		},
		/** Follows a link the server gave (e.g. the job's `artifacts`), on the profile's host only. */
		async follow(href: string) {
			const url = new URL(href, profile.url);
			if (url.origin !== new URL(profile.url).origin) throw new PackportError('server', `Vault pointed at another host (${url.origin}); packport does not send the session there.`, {vendor: 'vault'});
			return call('reading the package results', async http => http.get(url.href, {prefixUrl: '', signal}).json<VaultEnvelope>());
		},
		async deploy(packageId: string) {
			return call('the deploy', async http => http.post(`vobject/vault_package__v/${encodeURIComponent(packageId)}/actions/deploy`, {form: {}, signal}).json<VaultEnvelope>(), {retryOnSession: true});
		},
		async deployResults(packageId: string) {
			return call('reading the deploy results', async http => http.get(`vobject/vault_package__v/${encodeURIComponent(packageId)}/actions/deploy/results`, {signal}).json<VaultEnvelope>());
		},
		/**
		 * Export Package (25.2 reference, Configuration Migration): the outbound package named
		 * `packageName` (its name__v) is written to a .vpk by a job; answers {url, job_id}.
		 */
		async exportPackage(packageName: string) {
			return call('the package export', async http => http.post('services/package', {form: {packageName}, signal}).json<VaultEnvelope>());
		},
		/**
		 * A VQL query (`POST /query`, form `q`), every page: `responseDetails.next_page` is followed
		 * on the profile's host. Returns the rows of all pages.
		 */
		async query(q: string): Promise<Array<Record<string, unknown>>> {
			const rows: Array<Record<string, unknown>> = [];
			let body = await call('the query', async http => http.post('query', {form: {q}, signal}).json<VaultEnvelope>());
			for (let page = 0; ; page++) {
				if (Array.isArray(body.data)) rows.push(...(body.data as Array<Record<string, unknown>>));
				const next = (body.responseDetails as {next_page?: unknown} | undefined)?.next_page;
				// A bound on pages: a server that links back to itself does not keep packport here.
				if (typeof next !== 'string' || !next || page >= 100) return rows;
				const url = new URL(next, profile.url);
				if (url.origin !== new URL(profile.url).origin) throw new PackportError('server', `Vault pointed at another host (${url.origin}); packport does not send the session there.`, {vendor: 'vault'});
				body = await call('the query', async http => http.get(url.href, {prefixUrl: '', signal}).json<VaultEnvelope>());
			}
		},
		/**
		 * Saves a file Vault offers (the exported .vpk behind the job's link) to `destination` or the
		 * next free name beside it; an error envelope, a page or an empty answer is refused.
		 */
		async downloadFile(href: string, destination: string, what: string): Promise<string> {
			const url = new URL(href, profile.url);
			if (url.origin !== new URL(profile.url).origin) {
				throw new PackportError('server', `Vault pointed at another host (${url.origin}) for ${what}; packport does not send the session there.`, {vendor: 'vault'});
			}

			const refuse = (head: Buffer) => {
				const why = vaultFailure(head);
				return why && stripControl(redactor.redact(why.replace('instead of the log', `instead of ${what}`)));
			};
			try {
				const stream = client.stream(url.href, {prefixUrl: '', signal, ...noTotalTimeout});
				const response = responseOf(stream);
				return await downloadToFile(stream, response, destination, {what, binary: true, refuse});
			} catch (error) {
				if (error instanceof BadDownloadError) throw new PackportError('server', `${what.replace(/^./, first => first.toUpperCase())} was not saved: ${error.message}.`, {vendor: 'vault'});
				throw map(error, `downloading ${what}`);
			}
		},
		/** Saves a log (to the next free name beside `destination`); returns where it went. */
		async download(href: string, destination: string): Promise<string> {
			const url = new URL(href, profile.url);
			if (url.origin !== new URL(profile.url).origin) throw new PackportError('server', `Log on another host (${url.origin}) not downloaded.`, {vendor: 'vault'});
			try {
				const stream = client.stream(url.href, {prefixUrl: '', signal, ...noTotalTimeout});
				const response = responseOf(stream);
				return await downloadToFile(stream, response, destination, {what: 'the log', binary: false, refuse: vaultFailure});
			} catch (error) {
				if (error instanceof BadDownloadError) throw new PackportError('server', error.message, {vendor: 'vault'});
				throw map(error, 'downloading a log');
			}
		},

		/**
		 * Ends the session and says what Vault confirmed: `done` when it answered SUCCESS (or that the
		 * session had already ended), `left` when it could not be asked or said no — never "signed
		 * out" on a guess.
		 */
		async logout(cleanupSignal: AbortSignal): Promise<{done?: string; left?: string}> {
			if (!sessionId) return {};
			try {
				check(await client.delete('session', {signal: cleanupSignal, ...oneTry}).json<VaultEnvelope>(), 'signing out');
				return {done: 'Signed out'};
			} catch (error) {
				const mapped = error instanceof PackportError ? error : map(error, 'signing out');
				if (mapped.vendorCode === 'INVALID_SESSION_ID' || mapped.status === 401) return {done: 'Signed out (the session had already ended)'};
				const why = cleanupSignal.aborted ? 'no answer in time' : mapped.message;
				return {left: `Not signed out of Vault (${why}); the session ends when it times out`};
			} finally {
				sessionId = undefined;
			}
		},
	};
};

export type VaultClient = ReturnType<typeof createVaultClient>;
