/**
 * `packport emulate` and `--demo`: the vendor APIs on loopback, in memory, with fault scenarios.
 * One server, one path prefix per vendor; a vendor plugs in by adding a module with
 * {prefix, handle, snapshot}.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {sendJson} from './http-kit.js';
import {createMstrEmulator, mstrDemoCredentials} from './mstr/routes.js';
import {checkScenarios, scenarioCatalog} from './scenarios.js';
import {createVaultEmulator, vaultDemoCredentials} from './vault/routes.js';
import {aepDemoCredentials, createAepEmulator} from './aep/routes.js';

export {scenarioCatalog} from './scenarios.js';
export {aepDemoCredentials, mstrDemoCredentials, vaultDemoCredentials};

export type EmulatorOptions = {
	port?: number;
	host?: string;
	scenarios?: string[];
	timing?: {
		mstrReadyMs?: number;
		mstrImportMs?: number;
		/** MicroStrategy: `undoPackageCreated` turns true this long after the import is IMPORTED (default 0). */
		mstrUndoLagMs?: number;
		/** MicroStrategy: a session with no call for this long is gone, holder and imports too (default 30 min). */
		mstrSessionIdleMs?: number;
		vaultJobMs?: number;
		vaultPollLimitMs?: number;
		aepJobMs?: number;
	};
	log?: (line: string) => void;
};

export type RunningEmulator = {
	port: number;
	origin: string;
	urls: {mstr: string; vault: string; aep: string; ims: string};
	inspect(): {mstr: Record<string, number>; vault: Record<string, number>; aep: Record<string, number>; calls: Array<{method: string; path: string; status: number}>};
	/** MicroStrategy: what each finished import applied, per project (the actions the target really took). */
	mstrApplied(): ReturnType<ReturnType<typeof createMstrEmulator>['applied']>;
	setScenarios(names: string[]): void;
	close(): Promise<void>;
};

const maxCallLog = 500;

export const startEmulator = async (options: EmulatorOptions = {}): Promise<RunningEmulator> => {
	checkScenarios(options.scenarios ?? []);
	let active = new Set(options.scenarios ?? []);
	const scenarios = {has: (name: string) => active.has(name)};
	const mstr = createMstrEmulator({
		scenarios,
		timing: {
			readyMs: options.timing?.mstrReadyMs ?? 300,
			importMs: options.timing?.mstrImportMs ?? 3000,
			undoLagMs: options.timing?.mstrUndoLagMs ?? 0,
			// Unset: the Intelligence Server's default, 30 minutes (mstr/routes.ts).
			sessionIdleMs: options.timing?.mstrSessionIdleMs,
		},
	});
	let origin = '';
	const vault = createVaultEmulator({
		scenarios,
		// Vault allows one status call per job every 10 s; tests shorten the window.
		timing: {jobMs: options.timing?.vaultJobMs ?? 4000, pollLimitMs: options.timing?.vaultPollLimitMs ?? 10_000},
		origin: () => origin,
	});
	const aep = createAepEmulator({scenarios, timing: {jobMs: options.timing?.aepJobMs ?? 4000}});
	const ims = {prefix: aep.imsPrefix, handle: aep.handleIms, snapshot: () => ({})};
	const vendors = [mstr, vault, aep, ims];
	const calls: Array<{method: string; path: string; status: number}> = [];
	const snapshot = () => ({mstr: mstr.snapshot(), vault: vault.snapshot(), aep: aep.snapshot(), calls: [...calls]});

	const server = http.createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://emulator');
		response.on('finish', () => {
			calls.push({method: request.method ?? '', path: url.pathname, status: response.statusCode});
			if (calls.length > maxCallLog) calls.shift();
			options.log?.(`${request.method} ${url.pathname} ${response.statusCode}`);
		});
		try {
			if (url.pathname === '/_emulator/state') return sendJson(response, 200, snapshot());
			for (const vendor of vendors) {
				if (!url.pathname.startsWith(`${vendor.prefix}/`)) continue;
				if (await vendor.handle(request, response, url.pathname.slice(vendor.prefix.length), url)) return;
			}

			sendJson(response, 404, {code: 'NOT_FOUND', message: `The emulator has no endpoint ${request.method} ${url.pathname}.`});
		} catch (error) {
			if (!response.headersSent) sendJson(response, 500, {code: 'EMULATOR_ERROR', message: error instanceof Error ? error.message : String(error)});
			else response.destroy();
		}
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	const host = options.host ?? '127.0.0.1';
	origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	return {
		port,
		origin,
		urls: {mstr: `${origin}/MicroStrategyLibrary`, vault: `${origin}/vault`, aep: `${origin}/aep`, ims: `${origin}`},
		inspect: snapshot,
		mstrApplied: () => mstr.applied(),
		setScenarios(names) {
			checkScenarios(names);
			active = new Set(names);
		},
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
};

export const knownScenarios = Object.keys(scenarioCatalog);
