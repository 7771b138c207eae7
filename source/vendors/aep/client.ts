/**
 * AEP sandbox tooling calls. An IMS token (client_credentials) is cached until shortly before it
 * expires and fetched again once on a 401013 answer; every call carries the four headers, with the
 * sandbox name in lower case.
 *
 * Which sandbox a call names in x-sandbox-name is one rule (`sandboxFor`): calls about the package
 * itself (look up, list, dependency tree) name the source sandbox the package lives in; calls about
 * the import (preflight, conflicts, submit, jobs, job status) name the target, which they read or
 * change. Adobe's pages send the header on some calls and not others and never say which sandbox;
 * aepp sends the one it is configured for. The replay tests pin this rule.
 */
import got from 'got';
import {PackportError} from '../../errors.js';
import {createHttp, mapHttpError, oneTry, refuseRedirect, sameOriginRedirect, type DecodedError} from '../../http/client.js';
import type {Profile} from '../../config/profile-types.js';
import type {Redactor} from '../../http/redact.js';

export const decodeAepError = (body: string): DecodedError => {
	try {
		const parsed = JSON.parse(body) as Record<string, unknown>;
		const code = parsed.error_code ?? parsed.error ?? parsed.title;
		const message = parsed.message ?? parsed.detail ?? parsed.error_description;
		return {code: code === undefined ? undefined : String(code), message: message === undefined ? undefined : String(message)};
	} catch {
		return {};
	}
};

/** Refresh this long before IMS says the token expires (aepp uses 500 s). */
const refreshMarginMs = 500_000;

export type Paged<T> = {data?: T[]; hasNextPage?: boolean; currentPage?: number; totalPages?: number};

export type AepSandboxes = {source: string; target: string};
export type CallSide = 'package' | 'import';

/** The sandboxes of a profile: the source it names, the target the run imports into (each falls back to the other). */
export const profileSandboxes = (profile: Profile, target?: string): AepSandboxes => {
	const to = (target || profile.targetSandbox || profile.sandbox || 'prod').toLowerCase();
	return {source: (profile.sandbox || to).toLowerCase(), target: to};
};

export const createAepClient = ({
	profile,
	redactor,
	signal,
	secret,
	sandboxes,
	requestTimeoutMs,
}: {
	profile: Profile;
	redactor: Redactor;
	signal: AbortSignal;
	secret: string;
	sandboxes: AepSandboxes;
	requestTimeoutMs?: number;
}) => {
	const sandboxFor = (side: CallSide) => ({'x-sandbox-name': side === 'package' ? sandboxes.source : sandboxes.target});
	let token: {value: string; until: number} | undefined;
	const counters = {tokens: 0};
	const map = (error: unknown, action: string) => mapHttpError(error, {vendor: 'aep', redactor, decode: decodeAepError, profile: profile.name, action});

	const fetchToken = async () => {
		const ims = profile.imsUrl ?? 'https://ims-na1.adobelogin.com';
		const body = await got
			.post(`${ims}/ims/token/v3`, {
				form: {
					grant_type: 'client_credentials',
					client_id: profile.clientId ?? '',
					client_secret: secret,
					scope: profile.scopes ?? 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session',
				},
				signal,
				timeout: {request: 60_000},
				retry: {limit: 0},
				// The client secret is in this body: never to another origin.
				followRedirect: sameOriginRedirect,
				hooks: {afterResponse: [refuseRedirect as never]},
			})
			.json<{access_token?: string; expires_in?: number}>()
			.catch(error => {
				const mapped = map(error, 'the IMS token request');
				// A host not found, refused or silent is "could not connect", not a refused secret.
				if (mapped.kind === 'connect' && mapped.status === undefined) {
					throw new PackportError('connect', mapped.message, {
						vendor: 'aep',
						hint: `Check the IMS URL of profile '${profile.name}' (${ims}, set with --ims-url), your network or VPN.`,
					});
				}

				const redirected = mapped.status !== undefined && mapped.status >= 300 && mapped.status < 400;
				throw new PackportError('auth', mapped.message, {
					vendor: 'aep',
					status: mapped.status,
					vendorCode: mapped.vendorCode,
					hint: redirected ? mapped.hint : `Check the client id and secret of profile '${profile.name}' and the scopes of its Developer Console project.`,
				});
			});
		if (!body.access_token) throw new PackportError('auth', 'IMS answered without an access token.', {vendor: 'aep'});
		redactor.add(body.access_token);
		// expires_in is seconds for OAuth server-to-server (the old JWT flow used milliseconds).
		token = {value: body.access_token, until: Date.now() + Number(body.expires_in ?? 3600) * 1000 - refreshMarginMs};
		counters.tokens++;
	};

	const {client} = createHttp({
		vendor: 'aep',
		prefixUrl: `${profile.url}/data/foundation/exim/`,
		redactor,
		responseTimeoutMs: requestTimeoutMs,
		headers: {'x-api-key': profile.clientId ?? '', 'x-gw-ims-org-id': profile.orgId ?? ''},
		hooks: {
			beforeRequest: [
				options => {
					if (token) options.headers.authorization = `Bearer ${token.value}`;
				},
			],
		},
	});

	/** One call; an expired token (401013) is renewed once and the call sent again. */
	const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
		if (!token || Date.now() > token.until) await fetchToken();
		for (let attempt = 0; ; attempt++) {
			try {
				return await run();
			} catch (error) {
				if (signal.aborted) throw signal.reason;
				const mapped = map(error, action);
				if (attempt === 0 && mapped.status === 401) {
					await fetchToken();
					continue;
				}

				throw mapped;
			}
		}
	};

	const get = async <T>(action: string, side: CallSide, url: string, searchParams?: ConstructorParameters<typeof URLSearchParams>[0], {once = false} = {}) =>
		call(action, async () =>
			client
				.get(url, {
					searchParams: searchParams === undefined ? undefined : new URLSearchParams(searchParams),
					headers: sandboxFor(side),
					signal,
					...(once ? oneTry : {}),
				})
				.json<T>(),
		);

	return {
		counters,
		sandboxes,
		fetchToken,
		getPackage: async (id: string) => get<Record<string, unknown>>('reading the package', 'package', `packages/${encodeURIComponent(id)}`),
		listPackages: async (start: number, limit = 20) =>
			get<Paged<Record<string, unknown>>>('listing packages', 'package', 'packages', {start: String(start), limit: String(limit), orderby: '-createdDate'}),
		async preflight(id: string) {
			const query = {targetSandbox: sandboxes.target};
			try {
				return await get<Record<string, unknown>>('the permission preflight', 'import', `packages/preflight/${encodeURIComponent(id)}`, query);
			} catch (error) {
				// The page and the OpenAPI spec disagree on the path (vendor-apis.md 3.4.3).
				if (!(error instanceof PackportError && error.status === 404)) throw error;
				return get<Record<string, unknown>>('the permission preflight', 'import', `packages/preflight/${encodeURIComponent(id)}/export`, query);
			}
		},
		conflicts: async (id: string) =>
			get<Array<Record<string, unknown>>>('reading the conflicts', 'import', `packages/${encodeURIComponent(id)}/import`, {targetSandbox: sandboxes.target}),
		children: async (id: string, artifacts: Array<{id: string; type: string}>) =>
			call('reading the dependency tree', async () =>
				client
					.post(`packages/${encodeURIComponent(id)}/children`, {json: artifacts, headers: sandboxFor('package'), signal})
					.json<Array<Record<string, unknown>>>(),
			),
		/**
		 * The import submit: POST as the page says; PUT as the spec says when the POST is refused with
		 * 404 or 405 (a refusal: nothing ran). Any other failure is thrown as it is: the caller decides
		 * whether the job may exist, and never sends it again.
		 */
		async submit(body: Record<string, unknown>) {
			try {
				return await call('submitting the import', async () =>
					client.post('packages/import', {json: body, headers: sandboxFor('import'), signal}).json<Record<string, unknown>>(),
				);
			} catch (error) {
				if (!(error instanceof PackportError && (error.status === 405 || error.status === 404))) throw error;
				return call('submitting the import', async () =>
					client.put('packages/import', {json: body, headers: sandboxFor('import'), signal}).json<Record<string, unknown>>(),
				);
			}
		},
		listImportJobs: async (start: number, limit: number) =>
			get<Paged<Record<string, unknown>>>('listing import jobs', 'import', 'packages/jobs', [
				['property', 'requestType==IMPORT'],
				['start', String(start)],
				['limit', String(limit)],
			]),
		/** `once`: a poller's read, which the poller retries itself (and says so on screen). */
		job: async (id: string, {once = false} = {}) =>
			get<Record<string, unknown>>('reading the job status', 'import', `tools/job/${encodeURIComponent(id)}`, undefined, {once}),
		/**
		 * A package-authoring call (packages-client.ts: create, update, delete, publish), in the source
		 * sandbox. `once`: not retried by got (a lost answer is read back instead of sent again).
		 */
		authoring: async <T>(
			action: string,
			method: 'GET' | 'POST' | 'PUT' | 'DELETE',
			url: string,
			{json, searchParams, once = false}: {json?: unknown; searchParams?: Record<string, string>; once?: boolean} = {},
		) =>
			call(action, async () =>
				client(url, {method, json, searchParams, headers: sandboxFor('package'), signal, ...(once ? oneTry : {})}).json<T>(),
			),
	};
};

export type AepClient = ReturnType<typeof createAepClient>;
