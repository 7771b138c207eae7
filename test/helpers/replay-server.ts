/**
 * A server that knows nothing but what the vendors publish: each route answers with a sample from
 * fixtures/vendor-samples/ verbatim (plus the edits the sample file itself declares) and every
 * request is recorded, so a test can check what the real client sent: method, path, headers, body.
 */
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';

export const samplesDir = path.resolve(import.meta.dirname, '../../fixtures/vendor-samples');

export type SampleEdit = {path: string; value: unknown; why: string};
export type Sample = {
	file: string;
	source: Record<string, string>;
	endpoint: {method: string; path: string};
	variant: string;
	request?: {query?: Record<string, unknown>; headers?: Record<string, string>; body?: unknown} | null;
	response: {status: number; headers?: Record<string, string | null>; body: unknown};
	edits?: SampleEdit[];
	notes?: string;
};

export const loadSample = (vendor: string, name: string): Sample => {
	const file = path.join(samplesDir, vendor, name.endsWith('.json') ? name : `${name}.json`);
	return {...(JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<Sample, 'file'>), file: path.relative(samplesDir, file)};
};

export const listSamples = (vendor: string): Sample[] =>
	fs
		.readdirSync(path.join(samplesDir, vendor))
		.filter(name => name.endsWith('.json'))
		.sort()
		.map(name => loadSample(vendor, name));

/** Sets one dotted path (`data.0.name`) in a deep copy; the path must exist in the sample. */
export const setPath = (body: unknown, dotted: string, value: unknown): unknown => {
	const copy = structuredClone(body) as Record<string, unknown>;
	const keys = dotted.split('.');
	let node: Record<string, unknown> = copy;
	for (const key of keys.slice(0, -1)) {
		const next = node[key];
		if (typeof next !== 'object' || next === null) throw new Error(`sample has no ${dotted}`);
		node = next as Record<string, unknown>;
	}

	const last = keys.at(-1)!;
	if (!(last in node)) throw new Error(`sample has no ${dotted}`);
	if (value === undefined) {
		delete node[last];
		return copy;
	}

	node[last] = value;
	return copy;
};

/** The sample with more edits, each with its reason (a test's own, beside the call that needs it). */
export const withEdits = (sample: Sample, ...edits: SampleEdit[]): Sample => ({...sample, edits: [...(sample.edits ?? []), ...edits]});
/** The sample exactly as published, without even the edits its file declares. */
export const verbatim = (sample: Sample): Sample => ({...sample, edits: []});

/** The sample of one endpoint and variant (`GET /packages/jobs`, `doc`), whatever its file is called. */
export const findSample = (vendor: string, method: string, endpointPath: string, variant = 'doc'): Sample => {
	const found = listSamples(vendor).filter(sample => sample.endpoint.method === method && sample.endpoint.path === endpointPath && sample.variant === variant);
	if (found.length !== 1) throw new Error(`${found.length} samples for ${vendor} ${method} ${endpointPath} (${variant})`);
	return found[0]!;
};

/** The body a sample serves: as published, with the edits its file declares. */
export const servedBody = (sample: Sample): unknown => (sample.edits ?? []).reduce((body, edit) => setPath(body, edit.path, edit.value), structuredClone(sample.response.body));

export type Recorded = {method: string; path: string; /** The route template that answered, if any. */ route?: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string; json: unknown};

/** What a route answers: a sample, an answer built from the requests so far, or a dropped connection. */
export type Answer = {status: number; headers?: Record<string, string | null>; body: unknown} | 'drop';
export type Reply = Sample | ((request: Recorded, log: Recorded[]) => Answer | Sample);
export type Route = {method: string; path: string; reply: Reply};

const templateRegex = (template: string) => new RegExp(`^${template.replace(/\/+$/, '').split('/').map(part => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}/?$`);
const literalParts = (template: string) => template.split('/').filter(part => part && !/^\{[^}]+\}$/.test(part)).length;

const toAnswer = (reply: Answer | Sample): Answer => (reply === 'drop' ? reply : 'endpoint' in reply ? {status: reply.response.status, headers: reply.response.headers, body: servedBody(reply)} : reply);

/**
 * Starts the server. `base` is where the vendor's API lives under the origin (Adobe
 * `/data/foundation/exim`); routes name paths as the samples do, relative to it, except absolute
 * paths (starting with `//`, e.g. `//ims/token/v3`) which are taken from the origin.
 */
export const startReplay = async ({base = '', routes}: {base?: string; routes: Route[]}) => {
	const log: Recorded[] = [];
	// Literal segments win over {params}: /packages/jobs before /packages/{PACKAGE_ID}.
	const compile = (list: Route[]) =>
		list
			.map(route => ({...route, full: route.path.startsWith('//') ? route.path.slice(1) : `${base}${route.path}`}))
			.map(route => ({...route, regex: templateRegex(route.full), weight: literalParts(route.full)}))
			.sort((a, b) => b.weight - a.weight);
	let table = compile(routes);
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', chunk => chunks.push(chunk as Buffer));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'http://replay');
			const body = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = body ? JSON.parse(body) : undefined;
			} catch {
				json = undefined;
			}

			const recorded: Recorded = {method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body, json};
			log.push(recorded);
			const route = table.find(candidate => candidate.method === recorded.method && candidate.regex.test(url.pathname));
			recorded.route = route?.path;
			if (!route) {
				response.writeHead(404, {'content-type': 'application/json'});
				response.end(JSON.stringify({replay: `no sample for ${recorded.method} ${url.pathname}`}));
				return;
			}

			const answer = toAnswer(typeof route.reply === 'function' ? route.reply(recorded, log) : route.reply);
			if (answer === 'drop') {
				// The request arrived and was acted on; the answer never reaches the client.
				request.socket.destroy();
				return;
			}

			const isText = typeof answer.body === 'string';
			const binary = answer.body && typeof answer.body === 'object' && '$base64' in answer.body ? Buffer.from(String((answer.body as {$base64: string}).$base64), 'base64') : undefined;
			const payload = binary ?? (answer.body === null || answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body));
			// Published headers as sent, minus what a dump shows that is not a header (a `status` line)
			// and those published as null (not sent).
			const headers = Object.fromEntries(Object.entries(answer.headers ?? {}).filter(([name, value]) => value !== null && value !== undefined && name.toLowerCase() !== 'status'));
			const type = binary ? {'content-type': 'application/octet-stream'} : payload && !isText ? {'content-type': 'application/json'} : {};
			response.writeHead(answer.status, {...type, ...headers});
			response.end(answer.status === 204 ? undefined : payload);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		log,
		/** Routes that need the server itself (e.g. its log) are set once it runs. */
		setRoutes(list: Route[]) {
			table = compile(list);
		},
		/** The requests one route (as the test named it) answered, in order. */
		calls: (method: string, template: string) => log.filter(entry => entry.method === method && entry.route === template),
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
};

export type ReplayServer = Awaited<ReturnType<typeof startReplay>>;
