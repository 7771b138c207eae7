/**
 * The Adobe routes of a whole import, each answered by its published sample (fixtures/vendor-samples/aep),
 * shared by the headless and the wizard replay tests.
 */
import {findSample, servedBody, startReplay, withEdits, type Answer, type Recorded, type ReplayServer, type Route, type Sample} from '../helpers/replay-server.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

export const sample = (method: string, path: string, variant = 'doc') => findSample('aep', method, path, variant);
export const ims = sample('POST', 'https://ims-na1.adobelogin.com/ims/token/v3');
export const lookup = sample('GET', '/packages/{PACKAGE_ID}');
export const packageList = sample('GET', '/packages');
export const preflightDoc = sample('GET', '/packages/preflight/{packageId}');
export const preflightSpec = sample('GET', '/packages/preflight/{packageID}/export', 'spec');
export const conflicts = sample('GET', '/packages/{PACKAGE_ID}/import');
export const children = sample('POST', '/packages/{PACKAGE_ID}/children');
export const submitDoc = sample('POST', '/packages/import');
export const submitSpec = sample('PUT', '/packages/import', 'spec');
export const jobsList = sample('GET', '/packages/jobs');
export const toolsJob = sample('GET', '/tools/job/{JOB_ID}');
export const olderJobs = sample('GET', '/jobs/IMPORT/{snapshotId}');

export const replaySecret = 'replay-secret-2026';
export const orgId = '5C1328435BF324E90A49402A@AdobeOrg';
export const packageId = '8f585fad94d042cd82dbcba594108a41';
/** The jobs list's first job; the page's job answer (tools.md) is for another id, served for any. */
export const listedJobId = '3c1b92cf47a246d7bfbe6fd507c5d543';

// Every replayed import needs these two changes, made here and not in the sample files because
// other tests replay the published bodies as they are:
export const onePage = {path: 'hasNextPage', value: false, why: 'the published page is the first of several; the replay has no others, so it says it is the last'};
export const allowed = {path: 'permissionResponse.1.creationAllowed', value: true, why: 'the published preflight denies one artifact; the import-path replays need a permitted one (the denial is replayed verbatim in its own test)'};

/** The page says the submit's `name` becomes the job's name: the jobs list shows the name we sent. */
export const listWithOurJob = (sent: () => string | undefined) => (_request: Recorded): Sample | Answer => {
	const name = sent();
	const body = servedBody(withEdits(jobsList, onePage)) as {data: Array<Record<string, unknown>>};
	if (name) body.data[0]!.name = name;
	return {status: 200, body};
};

export const submittedName = (server: ReplayServer) => () => {
	const submit = server.log.find(entry => entry.path.endsWith('/packages/import') && (entry.method === 'POST' || entry.method === 'PUT'));
	return (submit?.json as {name?: string} | undefined)?.name;
};

/** The routes of a whole import, each answered by its published sample; a test replaces what it varies. */
export const importRoutes = (server: ReplayServer, overrides: Partial<Record<string, Route['reply']>> = {}): Route[] => {
	const routes: Record<string, Route['reply']> = {
		'POST //ims/token/v3': ims,
		'GET /packages/{PACKAGE_ID}': lookup,
		'GET /packages': withEdits(packageList, onePage),
		'GET /packages/preflight/{packageId}': withEdits(preflightDoc, allowed),
		'GET /packages/{PACKAGE_ID}/import': conflicts,
		'POST /packages/{PACKAGE_ID}/children': children,
		'POST /packages/import': submitDoc,
		'PUT /packages/import': submitSpec,
		'GET /packages/jobs': listWithOurJob(submittedName(server)),
		'GET /tools/job/{JOB_ID}': toolsJob,
		...overrides,
	};
	return Object.entries(routes).map(([key, reply]) => {
		const [method, path] = key.split(' ') as [string, string];
		return {method, path, reply: reply!};
	});
};

/** A replay server answering a whole import, and a config dir with a profile pointing at it. */
export const startAepReplay = async (overrides?: Partial<Record<string, Route['reply']>>) => {
	const server = await startReplay({base: '/data/foundation/exim', routes: []});
	server.setRoutes(importRoutes(server, overrides));
	const configDir = makeTempDir();
	const added = await runCli(
		['profiles', 'add', 'replay', '--vendor', 'aep', '--url', server.origin, '--ims-url', server.origin, '--client-id', 'replay-client', '--org-id', orgId, '--sandbox', 'acme-sandbox', '--target-sandbox', 'poc', '--client-secret-stdin'],
		{env: {PACKPORT_CONFIG_DIR: configDir}, input: replaySecret},
	);
	if (added.code !== 0) throw new Error(`profiles add failed: ${added.stderr}`);
	return {server, configDir};
};
