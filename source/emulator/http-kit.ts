/** Small helpers the vendor emulators share: JSON in and out, and a path router. */
import type http from 'node:http';

export type Request = http.IncomingMessage;
export type Response = http.ServerResponse;

export const sendJson = (response: Response, status: number, body: unknown, headers: Record<string, string> = {}): void => {
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers});
	response.end(text);
};

export const sendEmpty = (response: Response, status: number, headers: Record<string, string> = {}): void => {
	response.writeHead(status, headers);
	response.end();
};

/** Reads a small JSON body; large or broken bodies yield undefined. */
export const readJson = async (request: Request, limit = 16 * 1024 * 1024): Promise<unknown> => {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) return undefined;
		chunks.push(chunk as Buffer);
	}

	if (size === 0) return undefined;
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		return undefined;
	}
};

/** Drains a body we do not need, so keep-alive connections stay usable. */
export const drain = async (request: Request): Promise<void> => {
	for await (const _chunk of request) {
		// Discard.
	}
};

export type Params = Record<string, string>;
export type RouteHandler = (request: Request, response: Response, params: Params, url: URL) => Promise<void> | void;
type Route = {method: string; pattern: RegExp; keys: string[]; handler: RouteHandler};

/** `route('GET', '/packages/:id', handler)`; params arrive URL-decoded (ids hold / + =). */
export const createRouter = () => {
	const routes: Route[] = [];
	return {
		route(method: string, path: string, handler: RouteHandler) {
			const keys: string[] = [];
			const pattern = new RegExp(
				`^${path.replace(/:(\w+)/g, (_match, key: string) => {
					keys.push(key);
					return '([^/]+)';
				})}$`,
			);
			routes.push({method, pattern, keys, handler});
		},
		/** Returns false when no route matches the path (404), 'method' when only the method is wrong. */
		async dispatch(request: Request, response: Response, path: string, url: URL): Promise<boolean | 'method'> {
			let pathMatched = false;
			for (const route of routes) {
				const match = route.pattern.exec(path);
				if (!match) continue;
				pathMatched = true;
				if (route.method !== request.method) continue;
				const params: Params = {};
				for (const [index, key] of route.keys.entries()) params[key] = decodeURIComponent(match[index + 1] ?? '');
				await route.handler(request, response, params, url);
				return true;
			}

			return pathMatched ? 'method' : false;
		},
	};
};
