import {afterEach, describe, expect, it} from 'vitest';
import {createHttp, mapHttpError} from '../source/http/client.js';
import {createRedactor} from '../source/http/redact.js';
import {decodeMstrError} from '../source/vendors/mstr/client.js';
import {withServer} from './helpers/local-server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
	await close?.();
	close = undefined;
});

const context = (redactor = createRedactor()) => ({vendor: 'mstr' as const, redactor, decode: decodeMstrError, profile: 'prod', action: 'reading the import status'});

describe('the HTTP factory', () => {
	it('retries a GET after 503 and honours Retry-After on 429', async () => {
		const seen: number[] = [];
		const server = await withServer((request, response) => {
			seen.push(Date.now());
			if (seen.length === 1) {
				response.writeHead(503, {'content-type': 'text/html'}).end('<html>busy</html>');
			} else if (seen.length === 2) {
				response.writeHead(429, {'retry-after': '1', 'content-type': 'application/json'}).end('{"code":"ERR001"}');
			} else {
				response.writeHead(200, {'content-type': 'application/json'}).end('{"ok":true}');
			}
		});
		close = server.close;
		const {client} = createHttp({vendor: 'mstr', prefixUrl: server.url, redactor: createRedactor()});
		const body = await client.get('status').json();
		expect(body).toEqual({ok: true});
		expect(seen).toHaveLength(3);
		expect(seen[2]! - seen[1]!).toBeGreaterThanOrEqual(900);
	});

	it('never repeats a POST or PUT, whatever the status', async () => {
		let calls = 0;
		const server = await withServer((_request, response) => {
			calls++;
			response.writeHead(503).end();
		});
		close = server.close;
		const {client} = createHttp({vendor: 'mstr', prefixUrl: server.url, redactor: createRedactor()});
		await expect(client.post('packages/imports')).rejects.toThrow();
		await expect(client.put('packages/x/binary', {body: 'data'})).rejects.toThrow();
		expect(calls).toBe(2);
	});

	it('keeps cookies for the session and sends them back', async () => {
		let cookie: string | undefined;
		const server = await withServer((request, response) => {
			if (request.url === '/login') response.writeHead(204, {'set-cookie': 'JSESSIONID=abc123; Path=/; HttpOnly'}).end();
			else {
				cookie = request.headers.cookie;
				response.writeHead(200).end('{}');
			}
		});
		close = server.close;
		const {client, jar} = createHttp({vendor: 'mstr', prefixUrl: server.url, redactor: createRedactor()});
		await client.post('login');
		await client.get('next');
		expect(cookie).toBe('JSESSIONID=abc123');
		expect(jar.values()).toEqual(['abc123']);
	});

	it('maps an HTTP error to a message with status, vendor code and ticket, secrets redacted', async () => {
		const redactor = createRedactor();
		redactor.add('tok-very-secret');
		const server = await withServer((_request, response) => {
			response.writeHead(400, {'content-type': 'application/json'}).end('{"code":"ERR006","message":"Bad token tok-very-secret \\u001b[31mred","ticketId":"t-42"}');
		});
		close = server.close;
		const {client} = createHttp({vendor: 'mstr', prefixUrl: server.url, redactor});
		const error = await client.get('x').catch(error_ => mapHttpError(error_, context(redactor)));
		expect(error.kind).toBe('server');
		expect(error.status).toBe(400);
		expect(error.vendorCode).toBe('ERR006');
		expect(error.requestId).toBe('t-42');
		expect(error.message).toBe('MicroStrategy refused reading the import status: 400 ERR006 Bad token *** red (ticket t-42)');
	});

	it('says what to check when the server is unreachable', async () => {
		const server = await withServer(() => undefined);
		const {url} = server;
		await server.close();
		const {client} = createHttp({vendor: 'mstr', prefixUrl: url, redactor: createRedactor(), retryLimit: 0});
		const error = await client.get('x').catch(error_ => mapHttpError(error_, context()));
		expect(error.kind).toBe('connect');
		expect(error.message).toBe(`Can't reach ${url} (reading the import status): connection refused.`);
		expect(error.hint).toContain("profile 'prod'");
	});

	it('fails instead of hanging when the server stops answering', async () => {
		const server = await withServer(() => undefined);
		close = server.close;
		const {client} = createHttp({vendor: 'mstr', prefixUrl: server.url, redactor: createRedactor(), retryLimit: 0, responseTimeoutMs: 300});
		const error = await client.get('x').catch(error_ => mapHttpError(error_, context()));
		expect(error.kind).toBe('connect');
		expect(error.message).toContain('no answer in time');
	});
});
