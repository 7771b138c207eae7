/**
 * The MicroStrategy routes of a whole import, each answered by its published sample
 * (fixtures/vendor-samples/mstr), for the replay tests.
 */
import {makeTempDir, runCli} from '../helpers/cli.js';
import {findSample, loadSample, startReplay, withEdits, type ReplayServer, type Route, type Sample, type SampleEdit} from '../helpers/replay-server.js';

export const sample = (method: string, path: string, variant = 'doc') => findSample('mstr', method, path, variant);
export const login = sample('POST', '/api/auth/login', 'samples-curl');
export const createHolder = sample('POST', '/api/packages');
export const upload = sample('PUT', '/api/packages/{packageId}/binary');
export const definition = sample('GET', '/api/packages/{packageId}');
export const update = sample('PUT', '/api/packages/{packageId}');
export const createImport = sample('POST', '/api/packages/imports');
export const importStatus = sample('GET', '/api/packages/imports/{importId}');
export const undoBinary = sample('GET', '/api/packages/imports/{importId}/undoPackage/binary', 'playground');
export const deleteImport = sample('DELETE', '/api/packages/imports/{importId}');
export const deleteHolder = sample('DELETE', '/api/packages/{packageId}');
export const logout = sample('POST', '/api/auth/logout');
export const serverError = loadSample('mstr', 'error.server.playground');
export const unauthorized = loadSample('mstr', 'error.unauthorized.doc');
export const notFound = loadSample('mstr', 'error.not-found.doc');

export const projectId = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
/** The one object of the published definition. */
export const yearId = '8D679D5111D3E4981000E787EC6DE8A4';
export const replayPassword = 'replay-pass-2026';

/**
 * Old servers (and mstrio up to 11.3.10, which compares `ready` and `imported`) answer statuses in
 * lower case; the doc pages show upper case. Each replay runs both.
 */
export const lowerCase = (sampleFile: Sample): Sample => {
	const body = sampleFile.response.body as {status?: string} | null;
	if (!body || typeof body.status !== 'string') return sampleFile;
	return withEdits(sampleFile, {path: 'status', value: body.status.toLowerCase(), why: 'older servers answer statuses in lower case (mstrio c6cea33 compares "ready", "imported")'} satisfies SampleEdit);
};

export type Case = 'upper' | 'lower';

/** The routes of a whole import; a test replaces what it varies. */
export const importRoutes = (statusCase: Case = 'upper', overrides: Partial<Record<string, Route['reply']>> = {}): Route[] => {
	const cased = (file: Sample) => (statusCase === 'lower' ? lowerCase(file) : file);
	const routes: Record<string, Route['reply']> = {
		'POST /api/auth/login': login,
		'POST /api/packages': cased(createHolder),
		'PUT /api/packages/{packageId}/binary': cased(upload),
		'GET /api/packages/{packageId}': cased(definition),
		'PUT /api/packages/{packageId}': cased(update),
		'POST /api/packages/imports': cased(createImport),
		'GET /api/packages/imports/{importId}': cased(importStatus),
		'GET /api/packages/imports/{importId}/undoPackage/binary': undoBinary,
		'DELETE /api/packages/imports/{importId}': deleteImport,
		'DELETE /api/packages/{packageId}': cased(deleteHolder),
		'POST /api/auth/logout': logout,
		...overrides,
	};
	return Object.entries(routes).map(([key, reply]) => {
		const [method, path] = key.split(' ') as [string, string];
		return {method, path, reply: reply!};
	});
};

/** A replay server, and a config dir with profile `replay` pointing at it. */
export const startMstrReplay = async ({statusCase = 'upper', overrides, profileArgs = ['--username', 'administrator']}: {statusCase?: Case; overrides?: Partial<Record<string, Route['reply']>>; profileArgs?: string[]} = {}) => {
	const server: ReplayServer = await startReplay({base: '/MicroStrategyLibrary', routes: importRoutes(statusCase, overrides)});
	const configDir = makeTempDir();
	const added = await runCli(['profiles', 'add', 'replay', '--vendor', 'mstr', '--url', `${server.origin}/MicroStrategyLibrary`, '--project-id', projectId, ...profileArgs, '--password-stdin'], {env: {PACKPORT_CONFIG_DIR: configDir}, input: replayPassword});
	if (added.code !== 0) throw new Error(`profiles add failed: ${added.stderr}`);
	return {server, configDir, addNote: added.stderr};
};
