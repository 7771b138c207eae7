/**
 * AEP sandbox tooling calls. An IMS token (client_credentials) is cached until shortly before it
 * expires and fetched again once on a 401013 answer; every call carries the four headers, with the
 * sandbox name in lower case.
 */
import got from 'got';
import {PackportError} from '../../errors.js';
import {createHttp, mapHttpError, type DecodedError} from '../../http.js';
import type {Profile} from '../../profiles-types.js';
import type {Redactor} from '../../redact.js';

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

export type Paged<T> = {data?: T[]; hasNextPage?: boolean};

export const createAepClient = ({profile, redactor, signal, secret, sandbox, requestTimeoutMs}: {profile: Profile; redactor: Redactor; signal: AbortSignal; secret: string; sandbox: string; requestTimeoutMs?: number}) => {
	let token: {value: string; until: number} | undefined;
	const counters = {tokens: 0};
	const map = (error: unknown, action: string) => mapHttpError(error, {vendor: 'aep', redactor, decode: decodeAepError, profile: profile.name, action});

	const fetchToken = async () => {
		const ims = profile.imsUrl ?? 'https://ims-na1.adobelogin.com';
		const body = await got
			.post(`${ims}/ims/token/v3`, {
				form: {grant_type: 'client_credentials', client_id: profile.clientId ?? '', client_secret: secret, scope: profile.scopes ?? 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session'},
				signal,
				timeout: {request: 60_000},
				retry: {limit: 0},
			})
			.json<{access_token?: string; expires_in?: number}>()
			.catch(error => {
				const mapped = map(error, 'the IMS token request');
				throw new PackportError('auth', mapped.message, {vendor: 'aep', status: mapped.status, vendorCode: mapped.vendorCode, hint: `Check the client id and secret of profile '${profile.name}' and the scopes of its Developer Console project.`});
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
		headers: {'x-api-key': profile.clientId ?? '', 'x-gw-ims-org-id': profile.orgId ?? '', 'x-sandbox-name': sandbox.toLowerCase()},
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

	return {
		counters,
		fetchToken,
		getPackage: async (id: string) => call('reading the package', async () => client.get(`packages/${encodeURIComponent(id)}`, {signal}).json<Record<string, unknown>>()),
		listPackages: async (start: number, limit = 20) =>
			call('listing packages', async () => client.get('packages', {searchParams: {start, limit, orderby: '-createdDate'}, signal}).json<Paged<Record<string, unknown>>>()),
		async preflight(id: string, target: string) {
			try {
				return await call('the permission preflight', async () => client.get(`packages/preflight/${encodeURIComponent(id)}`, {searchParams: {targetSandbox: target}, signal}).json<Record<string, unknown>>());
			} catch (error) {
				// The docs and the OpenAPI spec disagree on the path (vendor-apis.md 3.4.3).
				if (!(error instanceof PackportError && error.status === 404)) throw error;
				return call('the permission preflight', async () => client.get(`packages/preflight/${encodeURIComponent(id)}/export`, {searchParams: {targetSandbox: target}, signal}).json<Record<string, unknown>>());
			}
		},
		conflicts: async (id: string, target: string) =>
			call('reading the conflicts', async () => client.get(`packages/${encodeURIComponent(id)}/import`, {searchParams: {targetSandbox: target}, signal}).json<Array<Record<string, unknown>>>()),
		children: async (id: string, artifacts: Array<{id: string; type: string}>) =>
			call('reading the dependency tree', async () => client.post(`packages/${encodeURIComponent(id)}/children`, {json: artifacts, signal}).json<Array<Record<string, unknown>>>()),
		async submit(body: Record<string, unknown>) {
			try {
				return await call('submitting the import', async () => client.post('packages/import', {json: body, signal}).json<Record<string, unknown>>());
			} catch (error) {
				// Docs say POST, the spec PUT: a 405 means the request was refused, not run.
				if (!(error instanceof PackportError && error.status === 405)) throw error;
				return call('submitting the import', async () => client.put('packages/import', {json: body, signal}).json<Record<string, unknown>>());
			}
		},
		listImportJobs: async (start: number) =>
			call('listing import jobs', async () => client.get('packages/jobs', {searchParams: new URLSearchParams([['property', 'requestType==IMPORT'], ['orderby', '-createdDate'], ['start', String(start)], ['limit', '50']]), signal}).json<Paged<Record<string, unknown>>>()),
		job: async (id: string) => call('reading the job status', async () => client.get(`tools/job/${encodeURIComponent(id)}`, {signal}).json<{object?: Record<string, unknown>}>()),
	};
};

export type AepClient = ReturnType<typeof createAepClient>;
