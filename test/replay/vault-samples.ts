/**
 * The Vault routes of an import and a deploy, each answered by its published sample
 * (fixtures/vendor-samples/vault), for the replay tests.
 */
import {makeTempDir, runCli} from '../helpers/cli.js';
import {findSample, servedBody, startReplay, type Answer, type ReplayServer, type Route, type Sample} from '../helpers/replay-server.js';

export const sample = (method: string, path: string, variant = 'doc-25.2') => findSample('vault', method, path, variant);
export const auth = sample('POST', '/auth');
export const importCall = sample('PUT', '/services/package');
export const validate = sample('POST', '/services/package/actions/validate');
export const jobStatus = sample('GET', '/services/jobs/{job_id}');
export const histories = sample('GET', '/services/jobs/histories');
export const monitors = sample('GET', '/services/jobs/monitors');
export const validateInbound = sample('POST', '/services/vobject/vault_package__v/{package_id}/actions/validate');
export const deploy = sample('POST', '/vobject/vault_package__v/{package_id}/actions/deploy');
export const deployResults = sample('GET', '/vobject/vault_package__v/{package_id}/actions/deploy/results');
export const sessionEnd = sample('DELETE', '/session');
/** The only published FAILURE body of the job-status call (VAPIL's test); other error types take its shape. */
export const apiLimit = sample('GET', '/services/jobs/{job_id}', 'code-api-limit-exceeded');

export const replayPassword = 'vault-replay-2026';

/**
 * The login answer names the Vault the session is for; the replay server is that Vault, so its
 * address replaces the published one (the DNS-fallback check compares them).
 */
const authFor = (server: () => ReplayServer) => (): Answer => {
	const body = servedBody(auth) as {vaultIds: Array<{url: string}>};
	body.vaultIds[0]!.url = `${server().origin}/api`;
	return {status: 200, body};
};

/** Published log URLs point at myvault.veevavault.com; the replay serves them from its own address. */
export const onThisHost = (server: () => ReplayServer, file: Sample): Answer => {
	const text = JSON.stringify(servedBody(file)).replaceAll('https://myvault.veevavault.com', server().origin);
	return {status: file.response.status, body: JSON.parse(text)};
};

export const importRoutes = (server: () => ReplayServer, overrides: Partial<Record<string, Route['reply']>> = {}): Route[] => {
	const routes: Record<string, Route['reply']> = {
		'POST /auth': authFor(server),
		'PUT /services/package': importCall,
		'POST /services/package/actions/validate': validate,
		'GET /services/jobs/{job_id}': jobStatus,
		'GET /services/jobs/histories': histories,
		'GET /services/jobs/monitors': monitors,
		'POST /services/vobject/vault_package__v/{package_id}/actions/validate': validateInbound,
		'POST /vobject/vault_package__v/{package_id}/actions/deploy': deploy,
		'GET /vobject/vault_package__v/{package_id}/actions/deploy/results': () => onThisHost(server, deployResults),
		// The published log URLs (attachments and data results): any body is a log.
		'GET /vobjects/vault_package__v/{package_id}/attachments/{attachment_id}/versions/{version}/file': () => ({status: 200, headers: {'content-type': 'text/plain'}, body: 'log line 1\nlog line 2\n'}),
		'GET /services/package/actions/deploy/data_results/{id}/{file}': () => ({status: 200, headers: {'content-type': 'application/zip'}, body: 'PK\u0003\u0004 data results'}),
		'DELETE /session': sessionEnd,
		...overrides,
	};
	return Object.entries(routes).map(([key, reply]) => {
		const [method, path] = key.split(' ') as [string, string];
		return {method, path, reply: reply!};
	});
};

export const startVaultReplay = async (overrides?: Partial<Record<string, Route['reply']>>) => {
	let server: ReplayServer | undefined;
	server = await startReplay({base: '/api/v25.2', routes: []});
	server.setRoutes(importRoutes(() => server!, overrides));
	const configDir = makeTempDir();
	const added = await runCli(['profiles', 'add', 'replay', '--vendor', 'vault', '--url', server.origin, '--username', 'jennie@veepharm.com', '--password-stdin'], {env: {PACKPORT_CONFIG_DIR: configDir}, input: replayPassword});
	if (added.code !== 0) throw new Error(`profiles add failed: ${added.stderr}`);
	return {server, configDir};
};
