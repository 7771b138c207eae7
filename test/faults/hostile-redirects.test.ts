/**
 * Issue 14, secrets (findings 1 and 2): a hostile server answers with redirects to another origin
 * and echoes what it was sent. No password, client secret, token, session or cookie may reach the
 * other origin; the user gets one line naming where the server tried to send them; an echoed
 * secret never shows, in any encoding.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createCookieJar} from '../../source/http/cookie-jar.js';
import {createRedactor} from '../../source/http/redact.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

type Seen = {method: string; url: string; headers: http.IncomingHttpHeaders; body: string};
type Server = {url: string; port: number; seen: Seen[]; close(): Promise<void>};

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
});

/** A loopback server that records every request and answers with `answer`. */
const serve = async (answer: (request: Seen, response: http.ServerResponse) => void, host = '127.0.0.1'): Promise<Server> => {
	const seen: Seen[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', chunk => chunks.push(chunk as Buffer));
		request.on('end', () => {
			const entry = {method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8')};
			seen.push(entry);
			answer(entry, response);
		});
	});
	await new Promise<void>(resolve => server.listen(0, host, resolve));
	const {port} = server.address() as AddressInfo;
	const handle = {
		url: `http://127.0.0.1:${port}`,
		port,
		seen,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
	servers.push(handle);
	return handle;
};

const redirectTo = (location: string, status = 307) => (_request: Seen, response: http.ServerResponse) => {
	response.writeHead(status, {location});
	response.end();
};

const password = 'Winter2026!"quoted"';
const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

const addProfile = async (configDir: string, args: string[], secret = password) => {
	const added = await runCli(['profiles', 'add', 'hostile', ...args], {env: {PACKPORT_CONFIG_DIR: configDir}, input: secret});
	expect(added.code, added.stderr).toBe(0);
};

const importWith = async (configDir: string, packageRef: string, extra: string[] = []) =>
	runCli(['import', '--profile', 'hostile', '--package', packageRef, '--yes', '--no-progress', '--poll-interval', '0.05', ...extra], {env: {PACKPORT_CONFIG_DIR: configDir}});

describe('redirects never carry credentials to another origin', () => {
	it.each([307, 308, 302])('MicroStrategy: a %i on the login sends nothing to the other host; exit 3 names it', async status => {
		const elsewhere = await serve((_request, response) => response.writeHead(204).end());
		const vendor = await serve(redirectTo(`${elsewhere.url}/steal`, status));
		const configDir = makeTempDir();
		await addProfile(configDir, ['--vendor', 'mstr', '--url', `${vendor.url}/MicroStrategyLibrary`, '--username', 'admin', '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F', '--password-stdin']);
		const run = await importWith(configDir, path.join(fixtures, 'mstr/year.mmp'));
		expect(run.code).toBe(3);
		expect(run.stderr).toContain(`Error: MicroStrategy answered the login with a redirect to ${elsewhere.url}; packport does not follow a redirect to another address`);
		expect(run.stderr).toContain('Hint: If http://127.0.0.1:');
		expect(elsewhere.seen).toEqual([]);
		expect(`${run.stdout}${run.stderr}`).not.toContain('Winter2026');
	});

	it('Vault: a 308 on the login to plain http://0.0.0.0 is not followed', async () => {
		const elsewhere = await serve((_request, response) => response.writeHead(200).end('{}'), '0.0.0.0');
		const vendor = await serve(redirectTo(`http://0.0.0.0:${elsewhere.port}/api/v25.2/auth`, 308));
		const configDir = makeTempDir();
		await addProfile(configDir, ['--vendor', 'vault', '--url', vendor.url, '--username', 'me@example.com', '--password-stdin']);
		const run = await importWith(configDir, path.join(fixtures, 'vault/small.vpk'));
		expect(run.code).toBe(3);
		expect(run.stderr).toContain(`redirect to http://0.0.0.0:${elsewhere.port}`);
		expect(elsewhere.seen).toEqual([]);
	});

	it('Adobe: a 307 on the IMS token request keeps the client secret home', async () => {
		const elsewhere = await serve((_request, response) => response.writeHead(200, {'content-type': 'application/json'}).end('{"access_token":"x","expires_in":86399}'));
		const ims = await serve(redirectTo(`${elsewhere.url}/ims/token/v3`));
		const configDir = makeTempDir();
		await addProfile(configDir, ['--vendor', 'aep', '--url', ims.url, '--ims-url', ims.url, '--client-id', 'cid', '--org-id', 'ORG@AdobeOrg', '--sandbox', 'dev', '--target-sandbox', 'prod', '--client-secret-stdin']);
		const run = await importWith(configDir, '8f585fad94d042cd82dbcba594108a41');
		expect(run.code).toBe(3);
		expect(run.stderr).toContain(`redirect to ${elsewhere.url}`);
		expect(elsewhere.seen).toEqual([]);
	});

	it('Adobe: a redirect after sign-in gets neither the token nor a cookie to the other host; a same-origin one is followed', async () => {
		const elsewhere = await serve((_request, response) => response.writeHead(200, {'content-type': 'application/json'}).end('{}'));
		const vendor = await serve((request, response) => {
			if (request.url.startsWith('/ims/')) {
				response.writeHead(200, {'content-type': 'application/json', 'set-cookie': 'session=cookie-value-123; Path=/'}).end(JSON.stringify({access_token: 'token-abc-123456', token_type: 'bearer', expires_in: 86_399}));
			} else if (request.url.includes('/packages/8f585fad94d042cd82dbcba594108a41')) {
				// Same origin first (followed), then off to the other host (refused).
				if (request.url.includes('moved')) redirectTo(`${elsewhere.url}/packages/x`, 302)(request, response);
				else redirectTo(`${request.url}?moved=1`, 307)(request, response);
			} else response.writeHead(404).end();
		});
		const configDir = makeTempDir();
		await addProfile(configDir, ['--vendor', 'aep', '--url', vendor.url, '--ims-url', vendor.url, '--client-id', 'cid', '--org-id', 'ORG@AdobeOrg', '--sandbox', 'dev', '--target-sandbox', 'prod', '--client-secret-stdin']);
		const run = await importWith(configDir, '8f585fad94d042cd82dbcba594108a41');
		expect(run.code).toBe(3);
		expect(vendor.seen.filter(request => request.url.includes('moved'))).toHaveLength(1);
		expect(run.stderr).toContain(`reading the package with a redirect to ${elsewhere.url}`);
		expect(elsewhere.seen).toEqual([]);
		expect(`${run.stdout}${run.stderr}`).not.toContain('token-abc-123456');
	});
});

describe('the cookie jar scopes cookies like a browser', () => {
	it('by origin, by path, and keeps Secure cookies off plain http', async () => {
		const jar = createCookieJar();
		await jar.setCookie('JSESSIONID=abc; Path=/MicroStrategyLibrary; HttpOnly', 'https://bi.example.com/MicroStrategyLibrary/api/auth/login');
		await jar.setCookie('other=1; Secure', 'https://bi.example.com/x/y');
		expect(await jar.getCookieString('https://bi.example.com/MicroStrategyLibrary/api/packages')).toBe('JSESSIONID=abc');
		expect(await jar.getCookieString('https://evil.example.com/MicroStrategyLibrary/api/packages')).toBe('');
		expect(await jar.getCookieString('https://bi.example.com/MicroStrategyLibraryX/api')).toBe('');
		expect(await jar.getCookieString('https://bi.example.com/x/z')).toBe('other=1');
		expect(await jar.getCookieString('http://bi.example.com/x/z')).toBe('');
	});
});

describe('an echoed secret is masked in every encoding', () => {
	it.each([
		['raw', password],
		['encodeURIComponent', encodeURIComponent(password)],
		['form encoding', new URLSearchParams({p: password}).toString().slice(2)],
		['JSON-escaped', JSON.stringify(password).slice(1, -1)],
		['base64 inside Basic auth', Buffer.from(`admin:${password}`).toString('base64')],
		['base64 at another alignment', Buffer.from(`ab:${password}:z`).toString('base64')],
	])('%s', (_form, echoed) => {
		const redactor = createRedactor();
		redactor.add(password);
		expect(redactor.redact(`the server said: ${echoed} (end)`)).not.toMatch(/Winter2026|V2ludGVy|aW50ZXIy|bnRlcjIw/);
	});

	it('a login refusal that echoes the request body shows no form of the password', async () => {
		const vendor = await serve((request, response) => {
			response.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({code: 'ERR003', message: `Bad credentials in ${request.body} / ${encodeURIComponent(request.body)} / ${Buffer.from(request.body).toString('base64')}`}));
		});
		const configDir = makeTempDir();
		await addProfile(configDir, ['--vendor', 'mstr', '--url', `${vendor.url}/MicroStrategyLibrary`, '--username', 'admin', '--project-id', 'B19DEDCC11D4E0EFC000EB9495D0F44F', '--password-stdin']);
		const run = await importWith(configDir, path.join(fixtures, 'mstr/year.mmp'), ['--json']);
		expect(run.code).toBe(3);
		expect(JSON.parse(run.stdout).error.message).toContain('Bad credentials in');
		expect(`${run.stdout}${run.stderr}`).not.toMatch(/Winter2026|quoted/);
	});
});

describe('a redirect on an upload ends the call at once', () => {
	it('Vault: a 307 on the package upload (a 64 MiB body) is refused in seconds, nothing sent elsewhere', async () => {
		const {writeBigVpk} = await import('../../source/bench/big-package.js');
		const elsewhere = await serve((_request, response) => response.writeHead(200).end('{}'));
		const vendor = await serve((request, response) => {
			if (request.url.endsWith('/auth')) {
				const origin = `http://127.0.0.1:${vendorPort()}`;
				response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({responseStatus: 'SUCCESS', sessionId: 'session-abc-123456', userId: 1, vaultId: 1, vaultIds: [{id: 1, name: 'v', url: origin}]}));
			} else redirectTo(`${elsewhere.url}/upload`)(request, response);
		});
		const vendorPort = () => vendor.port;
		const work = makeTempDir();
		const big = path.join(work, 'big.vpk');
		await writeBigVpk(path.resolve(import.meta.dirname, '../..'), big, 64 * 1024 * 1024);
		const configDir = makeTempDir();
		await addProfile(configDir, ['--vendor', 'vault', '--url', vendor.url, '--username', 'me@example.com', '--password-stdin']);
		const started = Date.now();
		const run = await importWith(configDir, big);
		// Turned away, not lost: nothing was imported, and packport says so (exit 3, not "unknown").
		expect(run.code).toBe(3);
		expect(run.stderr).toContain(`redirect to ${elsewhere.url}`);
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(elsewhere.seen).toEqual([]);
	});
});
