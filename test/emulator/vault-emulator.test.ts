/**
 * The Vault emulator speaks the documented API over real HTTP: the bare session id, standard
 * components "In Target", dependencies only as the package's .dep files name them, its own reading
 * of real-world packages, the documented answers and scenarios, job lists with filters and paging.
 */
import {Zip, ZipDeflate, strToU8, unzipSync, zipSync} from 'fflate';
import {afterEach, describe, expect, it} from 'vitest';
import {startEmulator, vaultDemoCredentials, type EmulatorOptions, type RunningEmulator} from '../../source/emulator/index.js';

const version = 'v25.2';
const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
let emulator: RunningEmulator | undefined;
let api: string;

const start = async (options: EmulatorOptions = {}) => {
	emulator = await startEmulator({port: 0, ...options, timing: {vaultJobMs: 60, vaultPollLimitMs: 0, ...options.timing}});
	api = `${emulator.urls.vault}/api/${version}`;
	return emulator;
};

afterEach(async () => {
	await emulator?.close();
	emulator = undefined;
});

const state = () => (emulator!.inspect() as {vault: Record<string, number>}).vault;
type Body = Record<string, any>;

// ---- packages, built here so each trait is explicit -------------------------------------------

const manifest = (name: string, {root = 'vaultpackage', summary = 'Claims configuration', namespace = 'https://veevavault.com/'} = {}) =>
	`<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">\n  <name>${name}</name>\n  <source>\n    <vault>57750</vault>\n    <author>release.engineer@example.com</author>\n  </source>\n  <packagetype>migration__v</packagetype>\n  <summary>${summary}</summary>\n  <description></description>\n  <javasdk>\n    <deployment_option>none</deployment_option>\n  </javasdk>\n</${root}>\n`;
const depHeader = '"In Package","Blocking Type","Source Component Label","Source Component Name","Source Component Type","Target Component Label","Target Component Name","Target Component Type","Target Sub Component Name","Target Sub Component Type"\n';
/** A .dep file; the "In Package" column says false on purpose: Vault looks at what the package holds. */
const dep = (source: string, rows: Array<[type: string, name: string, blocking?: 'block__sys' | 'ignore__sys']>) =>
	depHeader + rows.map(([type, name, blocking = 'block__sys']) => `"false","${blocking}","${source}","${source}","Object","${name}","${name}","${type}","",""\n`).join('');
const component = (step: string, type: string, name: string, needs: Array<[string, string, ('block__sys' | 'ignore__sys')?]> = []) => ({
	[`components/${step}/${type}.${name}.mdl`]: `RECREATE ${type} ${name} (\n  label('${name}')\n);\n`,
	[`components/${step}/${type}.${name}.md5`]: `0123456789abcdef0123456789abcdef ${type}.${name}`,
	[`components/${step}/${type}.${name}.dep`]: dep(name, needs),
});
const dataStep = (step: string, file: string, header?: string) => ({
	[`components/${step}/${file}`]: 'name__v,external_id__v\nAspirin,P-001\nIbuprofen,P-002\nParacetamol,P-003\n',
	...(header ? {[`components/${step}/${file.replace(/\.csv$/i, '.xml')}`]: header} : {}),
});

type Files = Record<string, string>;
const zip = (files: Files) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
/** A zip written as a stream, as many tools write it: local headers with data descriptors (flag bit 3). */
const streamedZip = async (files: Files) =>
	new Promise<Buffer>((resolve, reject) => {
		const parts: Uint8Array[] = [];
		const archive = new Zip((error, data, final) => {
			if (error) return reject(error);
			parts.push(data);
			if (final) resolve(Buffer.concat(parts));
		});
		for (const [name, text] of Object.entries(files)) {
			const entry = new ZipDeflate(name, {level: 6});
			archive.add(entry);
			entry.push(strToU8(text), true);
		}

		archive.end();
	});

const claims = (name = 'PKG-0001', extra: Files = {}) =>
	zip({
		'vaultpackage.xml': manifest(name),
		...component('00010', 'Object', 'claim__c', [['Picklist', 'default_status__v'], ['Objecttype', 'claim__c.base__v'], ['Object', 'user__sys']]),
		...component('00020', 'Doctype', 'claims_document__c', [['Docfield', 'country__v'], ['Object', 'claim__c'], ['Doclifecycle', 'reference_documents__c']]),
		...extra,
	});

// ---- calls ---------------------------------------------------------------------------------------

const login = async () => {
	const body = (await (await fetch(`${api}/auth`, {method: 'POST', body: new URLSearchParams(vaultDemoCredentials)})).json()) as Body;
	expect(body.responseStatus).toBe('SUCCESS');
	return body as {sessionId: string; userId: number};
};

const call = async (session: string, method: string, route: string, body?: FormData | URLSearchParams) => {
	const response = await fetch(route.startsWith('http') ? route : `${api}${route}`, {method, headers: {authorization: session, accept: 'application/json'}, body});
	return {status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text()};
};

const callJson = async (session: string, method: string, route: string, body?: FormData | URLSearchParams): Promise<Body> => {
	const answer = await call(session, method, route, body);
	expect(answer.status, answer.text).toBe(200);
	return JSON.parse(answer.text) as Body;
};

const form = (bytes: Buffer, name = 'package.vpk') => {
	const data = new FormData();
	data.set('file', new Blob([bytes]), name);
	return data;
};

const validate = async (session: string, bytes: Buffer) => callJson(session, 'POST', '/services/package/actions/validate', form(bytes));

/** Polls until the job is finished; the emulator's poll limit is off here. */
const finished = async (session: string, jobId: number): Promise<Body> => {
	for (let attempt = 0; attempt < 200; attempt++) {
		const body = await callJson(session, 'GET', `/services/jobs/${jobId}`);
		if (!['QUEUED', 'RUNNING'].includes(body.data?.status)) return body.data as Body;
		await sleep(20);
	}

	throw new Error(`job ${jobId} never finished`);
};

/** Import, wait, follow the artifacts link: the import results. */
const importPackage = async (session: string, bytes: Buffer) => {
	const created = await callJson(session, 'PUT', '/services/package', form(bytes));
	expect(created).toMatchObject({responseStatus: 'SUCCESS', job_id: expect.any(Number), url: expect.any(String)});
	const job = await finished(session, created.job_id as number);
	const artifacts = (job.links as Array<{rel: string; href: string}>).find(link => link.rel === 'artifacts')!.href;
	const results = await callJson(session, 'GET', new URL(artifacts, emulator!.origin).href);
	return {created, job, results};
};

const deploy = async (session: string, packageId: string) => {
	const created = await callJson(session, 'POST', `/vobject/vault_package__v/${packageId}/actions/deploy`, new URLSearchParams());
	expect(created.responseStatus).toBe('SUCCESS');
	const job = await finished(session, created.job_id as number);
	return {created, job, results: await callJson(session, 'GET', `/vobject/vault_package__v/${packageId}/actions/deploy/results`)};
};

const statusOf = (steps: Body[], name: string) => Object.fromEntries((steps.find(step => step.name__v === name)!.dependencies as Body[]).map(dependency => [dependency.component_name, dependency.status]));

// ---- tests ---------------------------------------------------------------------------------------

describe('sign-in and the session header', () => {
	it('answers the login as published (no apiVersion) and takes the bare session id only', async () => {
		await start();
		const auth = await (await fetch(`${api}/auth`, {method: 'POST', body: new URLSearchParams(vaultDemoCredentials)})).json();
		expect(Object.keys(auth).sort()).toEqual(['responseStatus', 'sessionId', 'userId', 'vaultId', 'vaultIds']);
		const bare = await callJson(auth.sessionId, 'GET', '/services/jobs/monitors');
		expect(bare.responseStatus).toBe('SUCCESS');
		const bearer = await call(`Bearer ${auth.sessionId}`, 'GET', '/services/jobs/monitors');
		expect(bearer.status).toBe(200);
		expect(JSON.parse(bearer.text)).toEqual({responseStatus: 'FAILURE', errors: [{type: 'INVALID_SESSION_ID', message: 'Invalid or expired session ID.'}]});
		// Not even the upload is read with a Bearer session.
		const upload = await call(`Bearer ${auth.sessionId}`, 'PUT', '/services/package', form(claims()));
		expect(JSON.parse(upload.text).errors[0].type).toBe('INVALID_SESSION_ID');
		expect(state()).toMatchObject({uploads: 0, jobsCreated: 0});
		// Ending the session needs the session too; afterwards it is gone.
		expect((await callJson(auth.sessionId, 'DELETE', '/session')).responseStatus).toBe('SUCCESS');
		expect((await callJson(auth.sessionId, 'GET', '/services/jobs/monitors')).errors[0].type).toBe('INVALID_SESSION_ID');
	});
});

describe('validation against the target Vault', () => {
	it('lists every dependency the .dep files name: standard ones In Target, the package\'s In Package, the target\'s In Target', async () => {
		await start();
		const {sessionId} = await login();
		const body = await validate(sessionId, claims());
		const details = body.responseDetails as Body;
		expect(details).toMatchObject({package_name: 'PKG-0001', package_id: 'N/A', package_status: 'Verified', total_steps: 2, total_steps_blocked: 0, package_error: '', summary: 'Claims configuration', author: 'release.engineer@example.com', source_vault: '57750'});
		expect(details.start_time).toMatch(/^\d{2}:\d{2}:\d{4} \d{2}:\d{2}:\d{2}$/);
		expect(statusOf(details.package_steps, '00010')).toEqual({default_status__v: 'In Target', 'claim__c.base__v': 'In Package', user__sys: 'In Target'});
		expect(statusOf(details.package_steps, '00020')).toEqual({country__v: 'In Target', claim__c: 'In Package', reference_documents__c: 'In Target'});
		expect(details.package_steps[0]).toMatchObject({name__v: '00010', step_type__v: 'Component', type__v: 'Object', step_name__v: 'claim__c', deployment_status__v: 'Verified', deployment_action: 'Add (missing in Vault)'});
	});

	it('blocks only on a dependency the .dep names that is nowhere: not in the package, not standard, not in the target', async () => {
		await start();
		const {sessionId} = await login();
		const bytes = zip({
			'vaultpackage.xml': manifest('PKG-0005'),
			...component('00010', 'Object', 'claim__c'),
			...component('00020', 'Doctype', 'claims_document__c', [['Renditiontype', 'air_bulk_03__c'], ['Docfield', 'legacy_code__c', 'ignore__sys'], ['Docfield', 'product__v']]),
		});
		const details = (await validate(sessionId, bytes)).responseDetails as Body;
		expect(details).toMatchObject({package_status: 'Blocked', total_steps_blocked: 1});
		// No invented dependency: an empty .dep lists none.
		expect(details.package_steps[0]).toMatchObject({deployment_status__v: 'Verified', dependencies: []});
		expect(details.package_steps[1].deployment_status__v).toBe('Blocked');
		expect(statusOf(details.package_steps, '00020')).toEqual({air_bulk_03__c: 'Missing - Block', legacy_code__c: 'Missing - Ignore', product__v: 'In Target'});
	});

	it('what a deploy adds is In Target for the next package (and its steps are an Update)', async () => {
		await start();
		const {sessionId} = await login();
		const {results} = await importPackage(sessionId, zip({'vaultpackage.xml': manifest('PKG-0010'), ...component('00010', 'Renditiontype', 'air_bulk_03__c')}));
		await deploy(sessionId, results.vaultPackage.id);
		const details = (await validate(sessionId, zip({'vaultpackage.xml': manifest('PKG-0011'), ...component('00010', 'Doctype', 'claims_document__c', [['Renditiontype', 'air_bulk_03__c']]), ...component('00020', 'Renditiontype', 'air_bulk_03__c')}))).responseDetails as Body;
		expect(statusOf(details.package_steps, '00010')).toEqual({air_bulk_03__c: 'In Package'});
		const alone = (await validate(sessionId, zip({'vaultpackage.xml': manifest('PKG-0012'), ...component('00010', 'Doctype', 'claims_document__c', [['Renditiontype', 'air_bulk_03__c']])}))).responseDetails as Body;
		expect(alone).toMatchObject({package_status: 'Verified'});
		expect(statusOf(alone.package_steps, '00010')).toEqual({air_bulk_03__c: 'In Target'});
		expect(details.package_steps[1].deployment_action).toBe('Update');
	});

	it('vault-blocked: the second step misses the rendition type of the published sample', async () => {
		await start({scenarios: ['vault-blocked']});
		const {sessionId} = await login();
		const details = (await validate(sessionId, claims())).responseDetails as Body;
		expect(details).toMatchObject({package_status: 'Blocked', total_steps_blocked: 1});
		expect(statusOf(details.package_steps, '00020').air_bulk_03__c).toBe('Missing - Block');
		const {results} = await importPackage(sessionId, claims());
		expect(results.vaultPackage.package_status).toBe('blocked__v');
		const refused = await callJson(sessionId, 'POST', `/vobject/vault_package__v/${results.vaultPackage.id}/actions/deploy`, new URLSearchParams());
		expect(refused.errors[0].type).toBe('OPERATION_NOT_ALLOWED');
	});
});

describe('its own reading of real-world packages', () => {
	const realWorld: Files = {
		'vaultpackage.xml': manifest('PKG-CP-01', {root: 'VaultPackage', summary: 'Custom page sample'}),
		'__MACOSX/._vaultpackage.xml': 'resource fork',
		'.DS_Store': 'finder data',
		'components/.DS_Store': 'finder data',
		...component('00010', 'Object', 'bicycle_store__c', [['Picklist', 'default_status__v']]),
		'components/00020/Workflow.bicycle_review__c.json': '{"name": "bicycle_review__c"}',
		'components/00020/Workflow.bicycle_review__c.md5': 'fedcba9876543210fedcba9876543210 Workflow.bicycle_review__c',
		'__MACOSX/components/00020/._Workflow.bicycle_review__c.json': 'resource fork',
		...dataStep('00030', 'DSET-00002-Bicycle Store.CSV'),
		...dataStep(
			'00040',
			'DSET-00003-product__v.csv',
			'<stepheader><label>DSET-00003-product__v</label><steprequired>false</steprequired><checksum>28cebd01b7b76ccd6bac382f614c8827</checksum><datastepheader><object>product__v</object><idparam>external_id__v</idparam><datatype>Object</datatype><action>Upsert</action><recordmigrationmode>true</recordmigrationmode><recordcount>21</recordcount></datastepheader></stepheader>',
		),
	};

	it.each([
		['a plain zip', async () => zip(realWorld)],
		['a streamed zip (data descriptors)', async () => streamedZip(realWorld)],
	])('reads %s: <VaultPackage> root, .json components, .CSV data steps, no __MACOSX or .DS_Store', async (_name, build) => {
		await start();
		const bytes = await build();
		if (_name.includes('streamed')) expect(bytes.readUInt16LE(6) & 0x08).toBe(0x08);
		const {sessionId} = await login();
		const details = (await validate(sessionId, bytes)).responseDetails as Body;
		expect(details).toMatchObject({package_name: 'PKG-CP-01', summary: 'Custom page sample', package_status: 'Verified', total_steps: 4});
		expect((details.package_steps as Body[]).map(step => [step.name__v, step.step_type__v, step.type__v, step.step_name__v])).toEqual([
			['00010', 'Component', 'Object', 'bicycle_store__c'],
			['00020', 'Component', 'Workflow', 'bicycle_review__c'],
			['00030', 'Data', 'Object', 'Bicycle Store'],
			['00040', 'Data', 'Object', 'product__v'],
		]);
		expect(details.package_steps[3].step_label__v).toBe('DSET-00003-product__v');
	});

	it('a package Vault cannot read is validated as Error with the reason, and refused by the import', async () => {
		await start();
		const {sessionId} = await login();
		for (const [bytes, reason] of [
			[Buffer.from('not a zip at all'), /not a zip archive/],
			[zip({...component('00010', 'Object', 'claim__c')}), /no vaultpackage\.xml/],
			[zip({'vaultpackage.xml': manifest('PKG-0002', {namespace: 'https://example.com/'})}), /namespace/],
		] as const) {
			const details = (await validate(sessionId, bytes)).responseDetails as Body;
			expect(details).toMatchObject({package_status: 'Error', package_steps: []});
			expect(details.package_error).toMatch(reason);
			const imported = await callJson(sessionId, 'PUT', '/services/package', form(bytes));
			expect(imported.responseStatus).toBe('FAILURE');
			expect(imported.errors[0].type).toBe('INVALID_DATA');
		}

		expect(state()).toMatchObject({jobsCreated: 0, packages: 0});
	});
});

describe('import, deploy and their results', () => {
	it('the import job: documented fields, resolvable hrefs, the signed-in user, Import Package as its title', async () => {
		await start({timing: {vaultJobMs: 150}});
		const {sessionId, userId} = await login();
		const created = await callJson(sessionId, 'PUT', '/services/package', form(claims()));
		// The url is a path on the Vault's host, and the emulator answers it.
		const byUrl = await callJson(sessionId, 'GET', new URL(created.url as string, emulator!.origin).href);
		expect(byUrl.data).toMatchObject({id: created.job_id, status: 'QUEUED', method: 'PUT', created_by: userId});
		expect(byUrl.data.run_start_date).toBeUndefined();
		const job = await finished(sessionId, created.job_id as number);
		expect(job).toMatchObject({status: 'SUCCESS', created_by: userId, created_date: expect.any(String), run_start_date: expect.any(String), run_end_date: expect.any(String)});
		expect(Date.parse(job.run_end_date as string)).toBeGreaterThanOrEqual(Date.parse(job.run_start_date as string));
		const self = (job.links as Body[]).find(link => link.rel === 'self')!;
		expect((await callJson(sessionId, 'GET', new URL(self.href as string, emulator!.origin).href)).data.id).toBe(created.job_id);
		const history = await callJson(sessionId, 'GET', '/services/jobs/histories');
		expect(history.jobs[0]).toMatchObject({job_id: created.job_id, title: 'Import Package', created_by: userId, status: 'SUCCESS'});
	});

	it('import results: steps with ids, components and dependencies; the validation log in the attachment form, downloadable', async () => {
		await start();
		const {sessionId} = await login();
		const {results} = await importPackage(sessionId, claims());
		const vaultPackage = results.vaultPackage as Body;
		expect(vaultPackage).toMatchObject({id: expect.stringMatching(/^0PI/), name: 'PKG-0001', package_status: 'imported__v'});
		expect(vaultPackage.package_steps[0]).toMatchObject({id: expect.stringMatching(/^0IS/), step_type__v: 'Component', type__v: 'Object', deployment_status__v: 'verified__v', package_components: [{component_name__v: 'claim__c', component_type__v: 'Object'}]});
		const [log] = vaultPackage.log as Body[];
		expect(log!.url).toMatch(new RegExp(`/vobjects/vault_package__v/${vaultPackage.id}/attachments/\\d+/versions/1/file$`));
		const download = await call(sessionId, 'GET', log!.url as string);
		expect(download).toMatchObject({status: 200, type: expect.stringContaining('text/plain')});
		expect(download.text).toContain('Step 00010 Object claim__c: Verified');
		// A second import of the same name is renamed, as Vault does.
		expect((await importPackage(sessionId, claims())).results.vaultPackage.name).toBe('PKG-0001-2');
	});

	it('deploy results: status, counts, per-step kind and type, component and data rows, both logs', async () => {
		await start();
		const {sessionId, userId} = await login();
		const bytes = claims('PKG-0020', dataStep('00030', 'DSET-00002-product__v.CSV'));
		const {results: imported} = await importPackage(sessionId, bytes);
		const {created, job, results} = await deploy(sessionId, imported.vaultPackage.id);
		expect(job).toMatchObject({method: 'POST', created_by: userId});
		expect(results.responseDetails).toMatchObject({total_steps: 3, deployed: 3, deployed_with_warnings: 0, deployed_with_failures: 0, deployed_with_error: 0, failed: 0, skipped: 0, package_status__v: 'deployed__v'});
		const steps = results.package_steps as Body[];
		expect(steps.map(step => [step.step_type__v, step.type__v, step.deployment_status__v])).toEqual([
			['Component', 'Object', 'deployed__v'],
			['Component', 'Doctype', 'deployed__v'],
			['Data', 'Object', 'deployed__v'],
		]);
		expect(steps[0]).toMatchObject({id: expect.stringMatching(/^0IS/), package_data: [], package_code: [], package_components: [{name__v: 'Object.claim__c', component_type__v: 'Object'}]});
		expect(steps[2]).toMatchObject({package_components: [], package_data: [{object__v: 'product__v', record_count__sys: '3', record_migration_mode__sys: false, data_action__v: 'Create'}]});
		expect(steps[2]).not.toHaveProperty('dependencies');
		const logs = results.responseDetails.deployment_log as Body[];
		expect(logs.map(log => log.filename)).toEqual(['PKG-0020-Validation.log', 'PKG-0020-Deployment.log']);
		for (const log of logs) {
			expect(log.url).toMatch(/\/vobjects\/vault_package__v\/0PI\w+\/attachments\/\d+\/versions\/1\/file$/);
			expect(log.created_date__v).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
			expect((await call(sessionId, 'GET', log.url as string)).status).toBe(200);
		}

		const [data] = results.responseDetails.data_deployment_log as Body[];
		expect(data!.filename).toMatch(new RegExp(`^${created.job_id}_PKG-0020_\\d{4}-\\d{2}-\\d{2}_\\d{2}_\\d{2}_\\d{2}_Success_Failure_logs\\.zip$`));
		expect(data!.url).toContain('/services/package/actions/deploy/data_results/');
		const response = await fetch(data!.url as string, {headers: {authorization: sessionId}});
		expect(response.status).toBe(200);
		expect(Object.keys(unzipSync(new Uint8Array(await response.arrayBuffer()))).sort()).toEqual(['failure.csv', 'success.csv']);
		expect(state().logDownloads).toBe(3);
		// Deployed once: a second deploy is refused.
		expect((await callJson(sessionId, 'POST', `/vobject/vault_package__v/${imported.vaultPackage.id}/actions/deploy`, new URLSearchParams())).errors[0].type).toBe('OPERATION_IN_PROGRESS');
	});

	it('a package without data steps has no data_deployment_log', async () => {
		await start();
		const {sessionId} = await login();
		const {results: imported} = await importPackage(sessionId, claims());
		const {results} = await deploy(sessionId, imported.vaultPackage.id);
		expect(results.responseDetails).not.toHaveProperty('data_deployment_log');
	});

	it.each([
		['vault-deploy-warnings', 'deployed_with_warnings__v', {deployed: 1, deployed_with_warnings: 1}],
		['vault-deploy-failures', 'deployed_with_failures__v', {deployed: 1, deployed_with_failures: 1}],
	])('%s: the first step and the package end %s', async (scenario, status, counts) => {
		await start({scenarios: [scenario]});
		const {sessionId} = await login();
		const {results: imported} = await importPackage(sessionId, claims());
		const {results} = await deploy(sessionId, imported.vaultPackage.id);
		expect(results.responseDetails).toMatchObject({package_status__v: status, total_steps: 2, ...counts});
		expect(results.package_steps[0].deployment_status__v).toBe(status);
	});

	it('Validate Inbound Package re-checks an imported package: real package_id, step ids, total_component_steps_blocked', async () => {
		await start();
		const {sessionId} = await login();
		const {results} = await importPackage(sessionId, claims());
		const body = await callJson(sessionId, 'POST', `/services/vobject/vault_package__v/${results.vaultPackage.id}/actions/validate`);
		expect(body.responseDetails).toMatchObject({package_id: results.vaultPackage.id, package_name: 'PKG-0001', package_status: 'Verified', total_component_steps_blocked: 0});
		expect(body.responseDetails).not.toHaveProperty('total_steps_blocked');
		expect(body.responseDetails.package_steps[0].id).toBe(results.vaultPackage.package_steps[0].id);
		expect((await callJson(sessionId, 'POST', '/services/vobject/vault_package__v/0PI000000999999/actions/validate')).errors[0].type).toBe('INSUFFICIENT_ACCESS');
	});
});

describe('documented answers on demand (scenarios)', () => {
	it('vault-validate-error: package_status Error with a package_error text', async () => {
		await start({scenarios: ['vault-validate-error']});
		const {sessionId} = await login();
		const details = (await validate(sessionId, claims())).responseDetails as Body;
		expect(details.package_status).toBe('Error');
		expect(details.package_error).toMatch(/^Package validation failed: .+/);
	});

	it('vault-insufficient-access: the import call is an HTTP 200 FAILURE, and nothing is created', async () => {
		await start({scenarios: ['vault-insufficient-access']});
		const {sessionId} = await login();
		const answer = await call(sessionId, 'PUT', '/services/package', form(claims()));
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({responseStatus: 'FAILURE', errors: [{type: 'INSUFFICIENT_ACCESS', message: expect.stringContaining('sufficient privileges')}]});
		expect(state()).toMatchObject({uploads: 0, packages: 0, jobsCreated: 0, refused: 1});
		expect((await callJson(sessionId, 'GET', '/services/jobs/monitors')).jobs).toEqual([]);
	});

	it('vault-upload-503-page: a proxy\'s 503 HTML page for the upload; nothing reaches Vault', async () => {
		await start({scenarios: ['vault-upload-503-page']});
		const {sessionId} = await login();
		for (const [method, route] of [['PUT', '/services/package'], ['POST', '/services/package/actions/validate']] as const) {
			const answer = await call(sessionId, method, route, form(claims()));
			expect(answer.status).toBe(503);
			expect(answer.type).toContain('text/html');
			expect(answer.text).toContain('503 Service Temporarily Unavailable');
		}

		expect(state()).toMatchObject({uploads: 0, validations: 0, packages: 0, jobsCreated: 0});
		const history = await callJson(sessionId, 'GET', `/services/jobs/histories?start_date=${new Date(Date.now() - 60_000).toISOString().slice(0, 19)}Z`);
		expect(history.jobs).toEqual([]);
	});

	it('vault-warnings: the import results answer WARNING with warnings[{type, message}]', async () => {
		await start({scenarios: ['vault-warnings']});
		const {sessionId} = await login();
		const {results} = await importPackage(sessionId, claims());
		expect(results.responseStatus).toBe('WARNING');
		expect(results.warnings).toEqual([{type: expect.any(String), message: expect.stringContaining('00010')}]);
		expect(results.vaultPackage.package_status).toBe('imported__v');
	});

	it('vault-deploy-no-status: deploy results with neither package_status__v nor counts', async () => {
		await start({scenarios: ['vault-deploy-no-status']});
		const {sessionId} = await login();
		const {results: imported} = await importPackage(sessionId, claims());
		const {results} = await deploy(sessionId, imported.vaultPackage.id);
		expect(Object.keys(results.responseDetails as Body)).toEqual(['deployment_log']);
		expect(results.package_steps).toHaveLength(2);
	});

	it('vault-log-error: a log download is an HTTP 200 FAILURE envelope, not the file', async () => {
		await start({scenarios: ['vault-log-error']});
		const {sessionId} = await login();
		const {results: imported} = await importPackage(sessionId, claims('PKG-0030', dataStep('00030', 'DSET-00002-product__v.csv')));
		const {results} = await deploy(sessionId, imported.vaultPackage.id);
		for (const log of [...(results.responseDetails.deployment_log as Body[]), ...(results.responseDetails.data_deployment_log as Body[])]) {
			const answer = await call(sessionId, 'GET', log.url as string);
			expect(answer).toMatchObject({status: 200, type: expect.stringContaining('application/json')});
			expect(JSON.parse(answer.text)).toMatchObject({responseStatus: 'FAILURE', errors: [{type: 'INSUFFICIENT_ACCESS'}]});
		}

		expect(state().logDownloads).toBe(0);
	});

	it('vault-job-fails: ERRORS_ENCOUNTERED and no artifacts link', async () => {
		await start({scenarios: ['vault-job-fails']});
		const {sessionId} = await login();
		const created = await callJson(sessionId, 'PUT', '/services/package', form(claims()));
		const job = await finished(sessionId, created.job_id as number);
		expect(job.status).toBe('ERRORS_ENCOUNTERED');
		expect((job.links as Body[]).map(link => link.rel)).toEqual(['self']);
	});

	it('vault-session-expiry: the first status poll ends the session', async () => {
		await start({scenarios: ['vault-session-expiry']});
		const {sessionId} = await login();
		const created = await callJson(sessionId, 'PUT', '/services/package', form(claims()));
		expect((await callJson(sessionId, 'GET', `/services/jobs/${created.job_id}`)).responseStatus).toBe('SUCCESS');
		expect((await callJson(sessionId, 'GET', `/services/jobs/${created.job_id}`)).errors[0].type).toBe('INVALID_SESSION_ID');
	});

	it('vault-dns-fallback: the session is for another Vault', async () => {
		await start({scenarios: ['vault-dns-fallback']});
		const auth = await login();
		expect((auth as Body).vaultId).toBe(1777);
	});
});

describe('job histories and monitors', () => {
	it('as documented: fields, newest first, paging with next_page/previous_page that resolve', async () => {
		await start({timing: {vaultJobMs: 30}});
		const {sessionId, userId} = await login();
		const ids: number[] = [];
		for (const name of ['PKG-A', 'PKG-B', 'PKG-C']) {
			const created = await callJson(sessionId, 'PUT', '/services/package', form(claims(name)));
			ids.push(created.job_id as number);
			await finished(sessionId, created.job_id as number);
		}

		const first = await callJson(sessionId, 'GET', '/services/jobs/histories?limit=2');
		expect(first).toMatchObject({responseStatus: 'SUCCESS', responseMessage: 'OK', url: `/vault/api/${version}/services/jobs/histories?limit=2&offset=0`});
		// Vault's own jobs are in the history too, older than ours and not by this user.
		expect(first.responseDetails).toEqual({total: 5, limit: 2, offset: 0, next_page: `/vault/api/${version}/services/jobs/histories?limit=2&offset=2`});
		expect(first.jobs.map((job: Body) => job.job_id)).toEqual([ids[2], ids[1]]);
		expect(Object.keys(first.jobs[0] as Body)).toEqual(['job_id', 'title', 'status', 'created_by', 'created_date', 'modified_by', 'modified_date', 'run_start_date', 'run_end_date']);
		expect(first.jobs[0]).toMatchObject({title: 'Import Package', status: 'SUCCESS', created_by: userId, modified_by: userId});
		const second = await callJson(sessionId, 'GET', new URL(first.responseDetails.next_page as string, emulator!.origin).href);
		expect(second.responseDetails).toMatchObject({offset: 2, previous_page: `/vault/api/${version}/services/jobs/histories?limit=2&offset=0`, next_page: expect.any(String)});
		expect(second.jobs.map((job: Body) => job.job_id)).toEqual([ids[0], 361_402]);
		const last = await callJson(sessionId, 'GET', new URL(second.responseDetails.next_page as string, emulator!.origin).href);
		expect(last.jobs).toEqual([expect.objectContaining({job_id: 361_401, title: 'Synchronize Portal Assets', created_by: 1})]);
		expect(last.responseDetails).not.toHaveProperty('next_page');
	});

	it('monitors list queued and running jobs, with when they start, and no run_end_date', async () => {
		await start({timing: {vaultJobMs: 3000}});
		const {sessionId, userId} = await login();
		const created = await callJson(sessionId, 'PUT', '/services/package', form(claims()));
		const monitors = await callJson(sessionId, 'GET', '/services/jobs/monitors');
		expect(monitors.jobs).toEqual([
			{job_id: created.job_id, title: 'Import Package', status: 'QUEUED', created_by: userId, created_date: expect.any(String), modified_by: userId, modified_date: expect.any(String), run_start_date: expect.any(String)},
		]);
		expect((await callJson(sessionId, 'GET', '/services/jobs/monitors?status=running')).jobs).toEqual([]);
		expect((await callJson(sessionId, 'GET', '/services/jobs/monitors?status=queued')).jobs).toHaveLength(1);
		expect((await callJson(sessionId, 'GET', '/services/jobs/histories')).jobs.map((job: Body) => job.job_id)).not.toContain(created.job_id);
	});

	it('start_date and end_date filter on when the job was created, to the second', async () => {
		await start({timing: {vaultJobMs: 20}});
		const {sessionId} = await login();
		const early = await callJson(sessionId, 'PUT', '/services/package', form(claims('PKG-EARLY')));
		await finished(sessionId, early.job_id as number);
		// Wait for the next whole second: that second is the boundary.
		await sleep(1000 - (Date.now() % 1000) + 20);
		const boundary = new Date(Math.floor(Date.now() / 1000) * 1000);
		const late = await callJson(sessionId, 'PUT', '/services/package', form(claims('PKG-LATE')));
		await finished(sessionId, late.job_id as number);
		const stamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
		const from = await callJson(sessionId, 'GET', `/services/jobs/histories?start_date=${stamp(boundary)}`);
		expect(from.jobs.map((job: Body) => job.job_id)).toEqual([late.job_id]);
		expect(from.url).toBe(`/vault/api/${version}/services/jobs/histories?start_date=${encodeURIComponent(stamp(boundary))}&limit=50&offset=0`);
		const until = await callJson(sessionId, 'GET', `/services/jobs/histories?end_date=${stamp(boundary)}`);
		expect(until.jobs.map((job: Body) => job.job_id)).toEqual([early.job_id, 361_402, 361_401]);
		const errors = await callJson(sessionId, 'GET', '/services/jobs/histories?status=errors_encountered');
		expect(errors.jobs).toEqual([]);
	});

	it.each([
		['start_date=2026-01-15', 'start_date'],
		['start_date=2026-01-15T07:00:00.000Z', 'start_date'],
		['end_date=yesterday', 'end_date'],
		['limit=0', 'limit'],
		['limit=201', 'limit'],
		['offset=-1', 'offset'],
		['status=running', 'status'],
	])('refuses %s with INVALID_DATA naming the parameter', async (query, parameter) => {
		await start();
		const {sessionId} = await login();
		const body = await callJson(sessionId, 'GET', `/services/jobs/histories?${query}`);
		expect(body).toMatchObject({responseStatus: 'FAILURE', errors: [{type: 'INVALID_DATA', message: expect.stringContaining(`for parameter [${parameter}]`)}]});
	});

	it('the deploy job is listed as Deploy Package', async () => {
		await start();
		const {sessionId} = await login();
		const {results} = await importPackage(sessionId, claims());
		const {created} = await deploy(sessionId, results.vaultPackage.id);
		const history = await callJson(sessionId, 'GET', '/services/jobs/histories?limit=1');
		expect(history.jobs[0]).toMatchObject({job_id: created.job_id, title: 'Deploy Package'});
	});
});
