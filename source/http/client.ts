/**
 * The one got factory. Vendors add a base URL, auth and error decoding; everything else is here:
 * timeouts, a cookie jar per session, retries for idempotent calls only (never the import, upload
 * or deploy: those are not idempotent, vendor-apis.md section 4), Retry-After, jittered backoff,
 * and the mapping of any failure to one PackportError with secrets redacted.
 */
import got, {HTTPError, RequestError, type Got, type Hooks, type PlainResponse} from 'got';
import {PackportError, type ErrorKind} from '../errors.js';
import {createCookieJar, type CookieJar} from './cookie-jar.js';
import type {Redactor} from './redact.js';
import {stripControl} from './redact.js';
import {withSecretSentence} from '../config/secrets.js';
import {vendorNames, type VendorId} from '../vendors/vendor-id.js';

export type HttpSession = {
	client: Got;
	jar: CookieJar;
};

export type HttpOptions = {
	vendor: VendorId;
	prefixUrl: string;
	redactor: Redactor;
	headers?: Record<string, string>;
	hooks?: Partial<Hooks>;
	/** Retries for GET/DELETE; tests of fault handling lower it. */
	retryLimit?: number;
	/**
	 * --request-timeout: how long the server may take to start answering, may stay silent, and —
	 * for everything but uploads and file downloads — may take in all (a 1-byte-per-second answer
	 * is cut off too, not only a silent one).
	 */
	responseTimeoutMs?: number;
};

/**
 * The largest JSON answer read into memory. The biggest real answers are package definitions
 * (~300 bytes an object, so ~100,000 objects); a hostile or broken server's endless answer is cut
 * here instead of growing the process to gigabytes. Files (undo packages, logs) are streamed to
 * disk and not bound by this.
 */
export const maxAnswerBytes = 32 * 1024 * 1024;

/** Per-call timeout options for uploads and file downloads: idle bounds only, no total. */
export const noTotalTimeout = {timeout: {request: undefined}} as const;

/** Per-call option for a poller's status read: no retries inside the call, the poller retries it and says so. */
export const oneTry = {retry: {limit: 0}} as const;

/**
 * Per-call option for cleanup calls: a dropped or timed-out connection is tried again (as
 * usual), but not a server that refuses connections or a host that is gone. Cleanup runs after
 * the poller gave up on such a server; retrying each DELETE there cost 7 s before saying so.
 */
export const cleanupRetry = {retry: {errorCodes: ['ETIMEDOUT', 'ECONNRESET', 'EPIPE']}};

/**
 * Redirects are followed only within the origin they came from (scheme, host and port): every call
 * carries a password, token, session or cookie, and a server must not be able to send those to
 * another host — or to plain http — by answering 307/308 (got itself drops only `authorization`,
 * and our hooks would put it back). Any other redirect fails with a message naming where it led.
 */
export const sameOriginRedirect = (response: PlainResponse): boolean => {
	try {
		const from = new URL(response.url);
		return new URL(String(response.headers.location ?? ''), from).origin === from.origin;
	} catch {
		return false;
	}
};

/**
 * A redirect that was not followed reaches got as a normal answer (3xx counts as "ok" then): make
 * it the error it is, so the caller never reads a redirect's body as the vendor's answer.
 */
export const refuseRedirect = (response: PlainResponse & {statusCode: number}) => {
	if (response.statusCode >= 300 && response.statusCode < 400 && response.headers.location) throw new HTTPError(response as never);
	return response;
};

/** The Retry-After we will wait for inside one call; longer waits become the poller's business. */
const maxRetryAfterMs = 120_000;

export const createHttp = (options: HttpOptions): HttpSession => {
	const jar = createCookieJar(value => options.redactor.add(value));
	const timeout = options.responseTimeoutMs ?? 120_000;
	const client = got.extend({
		prefixUrl: options.prefixUrl,
		headers: {'user-agent': 'packport', accept: 'application/json', ...options.headers},
		cookieJar: jar,
		timeout: {lookup: 15_000, connect: 15_000, secureConnect: 15_000, response: timeout, socket: timeout, request: timeout},
		handlers: [
			(handlerOptions, next) => {
				if (handlerOptions.isStream) return next(handlerOptions);
				const result = next(handlerOptions);
				const pending = result as unknown as {on(event: 'downloadProgress', listener: (progress: {transferred: number}) => void): void; cancel(): void};
				pending.on('downloadProgress', ({transferred}) => {
					if (transferred <= maxAnswerBytes) return;
					handlerOptions.context.answerTooLarge = true;
					pending.cancel();
				});
				return result;
			},
		],
		retry: {
			limit: options.retryLimit ?? 3,
			methods: ['GET', 'DELETE', 'HEAD'],
			statusCodes: [408, 429, 500, 502, 503, 504, 521, 522, 524],
			maxRetryAfter: maxRetryAfterMs,
			backoffLimit: 20_000,
			noise: 100,
			// Spread retries of many clients apart (±20%); a server's Retry-After is honoured as given.
			calculateDelay: ({computedValue, retryAfter}) =>
				computedValue <= 0 || retryAfter ? computedValue : computedValue * (0.8 + Math.random() * 0.4),
		},
		https: {rejectUnauthorized: true},
		followRedirect: sameOriginRedirect,
		maxRedirects: 5,
		hooks: {...options.hooks, afterResponse: [refuseRedirect as never, ...(options.hooks?.afterResponse ?? [])]},
	});
	return {client, jar};
};

/** What a vendor can read out of an error body. */
export type DecodedError = {code?: string; message?: string; requestId?: string};
export type ErrorDecoder = (body: string, headers: Record<string, string | string[] | undefined>) => DecodedError;

const connectionCodes: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'name lookup failed',
	ETIMEDOUT: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	EPIPE: 'connection closed while sending',
};

const tlsCodes = new Set([
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The address without credentials or query, safe to print. */
export const safeUrl = (url: URL | string | undefined): string | undefined => {
	if (!url) return undefined;
	try {
		const parsed = new URL(String(url));
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return undefined;
	}
};

/** Where a refused redirect led, as an origin only (no path, query or credentials to leak). */
const redirectTarget = (response: PlainResponse): string => {
	try {
		return stripControl(new URL(String(response.headers.location), response.url).origin).slice(0, 200);
	} catch {
		return 'an address that is not a URL';
	}
};

export type MapContext = {
	vendor: VendorId;
	redactor: Redactor;
	decode: ErrorDecoder;
	/** Profile name, for hints that say where to fix things. */
	profile: string;
	/** Where the secret came from, in words (ImportPlan.secretSource), for the 401 hint. */
	secretSource?: string;
	/** "logging in", "uploading the package"…, for the message. */
	action: string;
};

const statusKind = (status: number): ErrorKind => (status === 401 || status === 403 ? 'auth' : 'server');

/** Any error from a got call, mapped to a PackportError with every secret removed. */
export const mapHttpError = (error: unknown, context: MapContext): PackportError => {
	if (error instanceof PackportError) return error;
	// Our own error raised inside a request body (a file cut short while sent) comes back wrapped.
	if (error instanceof RequestError && error.cause instanceof PackportError) return error.cause;
	const {vendor, redactor, profile, action} = context;
	const name = vendorNames[vendor];
	const clean = (text: string) => stripControl(redactor.redact(text));

	if (error instanceof HTTPError && error.response.statusCode >= 300 && error.response.statusCode < 400 && error.response.headers.location) {
		const target = redirectTarget(error.response);
		return new PackportError('connect', `${name} answered ${action} with a redirect to ${target}; packport does not follow a redirect to another address: it would take your credentials there.`, {
			vendor,
			status: error.response.statusCode,
			// An answer, not a lost one: the call was turned away, so nothing it asked for was done.
			vendorCode: 'REDIRECT_REFUSED',
			hint: `If ${target} is the right address, put it in profile '${profile}' (packport profiles add ${profile} … --url); otherwise ask whoever runs the server.`,
			url: safeUrl(error.request?.requestUrl),
		});
	}

	if (error instanceof HTTPError) {
		const {statusCode, headers} = error.response;
		const body = typeof error.response.body === 'string' ? error.response.body : String(error.response.body ?? '');
		const decoded = context.decode(body, headers);
		const detail = decoded.message ? clean(decoded.message).slice(0, 300) : `HTTP ${statusCode}`;
		const code = decoded.code ? ` ${clean(decoded.code)}` : '';
		const reference = decoded.requestId ? ` (ticket ${clean(decoded.requestId)})` : '';
		const kind = statusKind(statusCode);
		const hint =
			statusCode === 401
				? withSecretSentence(
						`Check the ${vendor === 'aep' ? 'client id and client secret' : 'user name and password'} of profile '${profile}'.`,
						vendor === 'aep' ? 'client secret' : 'password',
						context.secretSource,
					)
				: statusCode === 403
					? `The account in profile '${profile}' lacks a permission; ask your ${name} administrator.`
					: statusCode >= 500
						? `${name} had a server error; try again later, and quote the ticket to support if it persists.`
						: undefined;
		// A server error page says nothing of its own: "answered … with HTTP 503", not "refused …: 503 HTTP 503".
		const said =
			!decoded.message && !decoded.code && statusCode >= 500
				? `${name} answered ${action} with HTTP ${statusCode}${reference}`
				: `${name} refused ${action}: ${statusCode}${code} ${detail}${reference}`;
		return new PackportError(kind, said.replace(/\s+/g, ' ').trim(), {
			vendor,
			status: statusCode,
			vendorCode: decoded.code ? clean(decoded.code) : undefined,
			requestId: decoded.requestId ? clean(decoded.requestId) : undefined,
			hint,
			url: safeUrl(error.request?.requestUrl),
		});
	}

	if (error instanceof Error && error.name === 'CancelError' && (error as RequestError).options?.context?.answerTooLarge) {
		return new PackportError('server', `${name} answered ${action} with more than ${maxAnswerBytes / 1024 / 1024} MiB; packport stopped reading it.`, {
			vendor,
			vendorCode: 'ANSWER_TOO_LARGE',
			hint: `${name} or a proxy in between sent far more than any real answer; check the URL of profile '${profile}' and try again later.`,
			url: safeUrl((error as RequestError).options?.url as URL | undefined),
		});
	}

	// A 2xx answer whose body is not JSON (a proxy's page, a truncated body): a server fault, and
	// worth another try when the call was a status read.
	if (error instanceof RequestError && error.code === 'ERR_BODY_PARSE_FAILURE') {
		const status = error.response?.statusCode;
		return new PackportError('server', `${name} answered ${action} with a body that is not valid JSON${status ? ` (HTTP ${status})` : ''}.`, {
			vendor,
			status,
			vendorCode: 'MALFORMED_RESPONSE',
			hint: `${name} or a proxy in between sent a broken answer; try again later.`,
			url: safeUrl(error.options?.url as URL | undefined),
		});
	}

	if (error instanceof RequestError) {
		const url = safeUrl(error.options?.url as URL | undefined) ?? 'the server';
		const origin = url.startsWith('http') ? new URL(url).origin : url;
		if (error.code && tlsCodes.has(error.code)) {
			return new PackportError('connect', `Can't verify the TLS certificate of ${origin} (${error.code}; ${action}).`, {
				vendor,
				hint: 'If your company uses its own certificate authority, point NODE_EXTRA_CA_CERTS at its certificate file.',
				url,
			});
		}

		const reason =
			error.name === 'TimeoutError'
				? 'no answer in time'
				: (error.code && connectionCodes[error.code]) ?? clean(error.message).slice(0, 200);
		return new PackportError('connect', `Can't reach ${origin} (${action}): ${reason}.`, {
			vendor,
			hint: `Check the URL in profile '${profile}', your network or VPN, and that ${name} is up.`,
			url,
		});
	}

	const message = error instanceof Error ? error.message : String(error);
	return new PackportError('server', clean(`Unexpected failure (${action}): ${message}`), {vendor});
};

export {HTTPError, RequestError};
