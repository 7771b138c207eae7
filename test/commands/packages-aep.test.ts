/** `packport packages …` for Adobe: the built CLI against the emulator over real HTTP, good input and bad. */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {aepDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {makePackages} from '../../source/emulator/aep/data.js';
import {makeTempDir, runCli, waitFor} from '../helpers/cli.js';

let emulator: RunningEmulator;
let configDir: string;
const org = makePackages();
const release = org.find(pkg => pkg.name === 'Acme Release 12')!;
const [schema, mixin, dataset] = release.artifactsList;
const ref = (artifact: {type: string; id: string}) => `${artifact.type}:${artifact.id}`;

const setUp = async (scenarios: string[] = [], aepJobMs = 100) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {aepJobMs}});
	configDir = makeTempDir();
	const added = await runCli(
		[
			...['profiles', 'add', 'adobe', '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId],
			...['--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', '--target-sandbox', 'prod', '--client-secret-stdin'],
		],
		{env: {PACKPORT_CONFIG_DIR: configDir}, input: aepDemoCredentials.clientSecret},
	);
	expect(added.code, added.stderr).toBe(0);
};

const packages = async (...args: string[]) => {
	const result = await runCli(['packages', ...args, '--profile', 'adobe'], {env: {PACKPORT_CONFIG_DIR: configDir}});
	return {...result, json: args.includes('--json') && result.stdout ? JSON.parse(result.stdout) : undefined};
};

/** The exim calls the emulator answered (the IMS token aside). */
const eximCalls = () => emulator.inspect().calls.filter(call => call.path.startsWith('/aep/'));

afterEach(async () => emulator?.close());

describe('packport packages (Adobe, emulator)', () => {
	it('create → add → remove → update → publish → import into the target → delete, each read back', async () => {
		await setUp();
		const created = await packages('create', '--name', 'Spring release', '--description', 'First cut', '--artifact', ref(dataset!), '--yes', '--json');
		expect(created.code, created.stderr).toBe(0);
		expect(created.json.package).toMatchObject({name: 'Spring release', status: 'DRAFT', packageType: 'PARTIAL', artifacts: [{id: dataset!.id, type: 'CATALOG_DATASET'}]});
		const id = created.json.package.id as string;

		const added = await packages('add', 'Spring release', '--artifact', ref(schema!), '--artifact', ref(mixin!), '--yes', '--json');
		expect(added.json.package.artifacts.map((artifact: {id: string}) => artifact.id)).toEqual([dataset!.id, schema!.id, mixin!.id]);
		const removed = await packages('remove', id, '--artifact', ref(dataset!), '--yes', '--json');
		expect(removed.code).toBe(0);
		expect(removed.json.package.artifacts).toHaveLength(2);

		const updated = await packages('update', id, '--name', 'Spring release 2027', '--expiry', '2027-06-30', '--yes', '--json');
		expect(updated.code, updated.stderr).toBe(0);
		expect(updated.json.package).toMatchObject({name: 'Spring release 2027', description: 'First cut', expiry: Date.parse('2027-06-30T23:59:59Z')});

		const drafts = await packages('list', '--status', 'DRAFT', '--json');
		expect(drafts.json.packages.map((pkg: {name: string}) => pkg.name)).toEqual(['Spring release 2027', 'Acme Release 03']);

		const published = await packages('publish', 'Spring release 2027', '--yes', '--poll-interval', '0.05');
		expect(published.code, published.stderr).toBe(0);
		expect(published.stderr).toContain('✔ Publish started');
		expect(published.stdout).toMatch(/^Package published: Spring release 2027 \([0-9a-f]{32}\), expires \d{4}-\d{2}-\d{2}\.\n$/);
		const shown = await packages('show', id);
		expect(shown.stdout).toContain('Status       PUBLISHED');
		expect(shown.stdout).toMatch(/Dependents\n {2}REGISTRY_SCHEMA "Schema 12.1"/);

		// What packport made on the source, imported into the target as any published package.
		const imported = await runCli(['import', '--profile', 'adobe', '--package', id, '--yes', '--json', '--poll-interval', '0.05'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(imported.code, imported.stderr).toBe(0);
		expect(JSON.parse(imported.stdout)).toMatchObject({status: 'imported', details: {packageName: 'Spring release 2027', targetSandbox: 'prod'}});

		const gone = await packages('delete', id, '--yes');
		expect(gone.code).toBe(0);
		expect(gone.stdout).toBe(`Package deleted: Spring release 2027 (${id}). Adobe: Package ${id} deleted\n`);
		expect((await packages('show', id)).code).toBe(2);
	});

	it('create --full publishes what the sandbox holds; create --from a `show --json` file copies a package', async () => {
		await setUp();
		const full = await packages('create', '--name', 'Whole dev', '--full', '--yes', '--json');
		expect(full.json.package).toMatchObject({packageType: 'FULL', artifacts: []});
		expect((await packages('publish', 'Whole dev', '--yes', '--poll-interval', '0.05')).code).toBe(0);
		expect((await packages('show', 'Whole dev', '--json')).json.package.artifacts.length).toBeGreaterThan(50);

		const file = path.join(makeTempDir(), 'release.json');
		fs.writeFileSync(file, (await packages('show', release.id, '--json')).stdout);
		const copy = await packages('create', '--from', file, '--name', 'Release 12 again', '--yes', '--json');
		expect(copy.code, copy.stderr).toBe(0);
		expect(copy.json.package.artifacts.map((artifact: {id: string}) => artifact.id)).toEqual(release.artifactsList.map(artifact => artifact.id));
	});

	it('aep-publish-fails: exit 1 with the reason from the export job, nothing imported', async () => {
		await setUp(['aep-publish-fails']);
		const draft = org.find(pkg => pkg.name === 'Acme Release 03')!;
		const {code, json, stderr} = await packages('publish', draft.id, '--yes', '--json', '--poll-interval', '0.05');
		expect(code).toBe(1);
		expect(json).toMatchObject({ok: false, exitCode: 1, error: {code: 'PUBLISH_FAILED'}});
		const first = draft.artifactsList[0]!;
		expect(json.error.message).toContain(`PUBLISH_FAILED: ${first.type} "${first.title}"`);
		expect(json.error.message).toContain('400 INVALID_REQUEST_PARAMS');
		expect(stderr).toMatch(/^Error: Adobe could not publish package "Acme Release 03"/m);
		expect((emulator.inspect().aep as Record<string, number>).submits).toBe(0);
		expect((await packages('show', draft.id, '--json')).json.package.status).toBe('PUBLISH_FAILED');
	});

	it('--timeout passing while Adobe still publishes: exit 5, says the publish goes on', async () => {
		await setUp([], 60_000);
		const {code, stderr} = await packages('publish', 'Acme Release 03', '--yes', '--timeout', '0.02', '--poll-interval', '0.05');
		expect(code).toBe(5);
		expect(stderr).toMatch(/\nError: --timeout passed after 1 s; the publish goes on on the server\.\nHint: Look again with: packport packages show --profile adobe 'Acme Release 03'\n$/);
	});

	it('Ctrl-C while Adobe publishes: exit 5, the publish goes on (never "nothing was changed")', async () => {
		await setUp([], 60_000);
		const {code, stderr} = await runCli(['packages', 'publish', 'Acme Release 03', '--profile', 'adobe', '--yes', '--poll-interval', '0.05'], {
			env: {PACKPORT_CONFIG_DIR: configDir},
			onStart(child, output) {
				void waitFor(() => output.stderr().includes('Publish started')).then(() => child.kill('SIGINT'));
			},
		});
		expect(code).toBe(5);
		expect(stderr).toContain('Error: Interrupted; the publish goes on on the server.');
		expect((await packages('show', 'Acme Release 03', '--json')).json.package.status).toBe('PUBLISH_IN_PROGRESS');
	});

	it.each([
		[['create', '--name', 'x', '--artifact', 'SEGMENT:abc', '--yes'], /^Error: --artifact SEGMENT:abc: "SEGMENT" is not an Adobe artifact type\.\nHint: Did you mean PROFILE_SEGMENT\?/],
		[['create', '--name', 'x', '--artifact', 'JOURNEY', '--yes'], /^Error: --artifact JOURNEY is not TYPE:ID\./],
		[['create', '--name', 'x', '--yes'], /^Error: packport packages create needs what to put in the package\./],
		[['create', '--name', 'x', '--full', '--artifact', ref(dataset!), '--yes'], /^Error: --artifact and --full exclude each other\./],
		[['create', '--name', 'x', '--artifact', ref(dataset!)], /^Error: stdin is not a terminal, so packport cannot ask for confirmation\.\nHint: Pass --yes to create/],
		[['create', '--name', 'x', '--artifact', ref(dataset!), '--expiry', 'tomorrow', '--yes'], /^Error: --expiry tomorrow is not a date\./],
		[['create', '--from', '/nonexistent/p.json', '--yes'], /^Error: Can't read \/nonexistent\/p\.json: no such file\./],
		[['delete', 'Acme Release 03'], /^Error: stdin is not a terminal/],
		[['update', 'Acme Release 03', '--yes'], /^Error: Nothing to update\./],
		[['list', '--status', 'LIVE'], /^Error: --status LIVE is not a package status\./],
		[['show'], /^Error: packport packages show needs a package id or exact name\./],
		[['publsh', 'x'], /^Error: Unknown packages command "publsh"\.\nHint: Did you mean `packport packages publish`\?/],
		[['list', '--full'], /^Error: --full is not an option of `packport packages list`\./],
		[['publish', 'Acme Release 03', '--package', 'x', '--yes'], /^Error: --package is not an option of `packport packages publish`\./],
		[['show', 'Acme Release 03', '--no-progress'], /^Error: --no-progress is not an option of `packport packages show`\./],
	])('bad input %j: exit 2, one Error/Hint, nothing sent', async (args, message) => {
		await setUp();
		const {code, stderr, stdout} = await packages(...(args as string[]));
		expect(code).toBe(2);
		expect(stderr).toMatch(message as RegExp);
		expect(stderr).not.toMatch(/\n\s+at /);
		expect(stdout).toBe('');
		expect(eximCalls()).toEqual([]);
	});

	it('bad input found once the package is read: a published package, a FULL one, a name two packages have; nothing changed', async () => {
		await setUp();
		const published = await packages('add', release.id, '--artifact', ref(dataset!), '--yes', '--json');
		expect(published.code).toBe(2);
		expect(published.json.error).toEqual({
			code: 'usage',
			message: 'Package "Acme Release 12" is PUBLISHED; a published package cannot be changed.',
			hint: expect.stringContaining('packages create --from'),
		});
		const twice = await packages('show', 'acme');
		expect(twice.code).toBe(2);
		expect(twice.stderr).toMatch(/^Error: 2 packages are named "acme": [0-9a-f]{32} \(PUBLISHED, 2 artifacts\); [0-9a-f]{32} \(PUBLISHED, 1 artifact\)\.\nHint: Name the package by its id\./);
		expect((await packages('create', '--name', 'Everything', '--full', '--yes')).code).toBe(0);
		const full = await packages('add', 'Everything', '--artifact', ref(dataset!), '--yes');
		expect(full.code).toBe(2);
		expect(full.stderr).toContain('Package "Everything" is FULL; Adobe adds artifacts to only PARTIAL packages.');
		expect(eximCalls().filter(call => call.path.endsWith('/packages') && call.method === 'PUT')).toEqual([]);
	});

	it("what Adobe refuses is exit 1 with its detail: an artifact the sandbox does not hold, a name another package has", async () => {
		await setUp();
		const missing = await packages('create', '--name', 'Ghost', '--artifact', 'JOURNEY:00000000-0000-0000-0000-000000000000', '--yes');
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/^Error: Adobe Experience Platform refused creating the package: 400 BadRequestError JOURNEY 00000000-0000-0000-0000-000000000000 was not found in sandbox dev/);
		const draft = org.find(pkg => pkg.name === 'Acme Release 03')!;
		const clash = await packages('update', draft.id, '--name', 'Loyalty Journeys', '--yes');
		expect(clash.code).toBe(1);
		expect(clash.stderr).toContain('A package named Loyalty Journeys already exists');
	});

	it('a Vault or MicroStrategy profile is refused before anything is sent', async () => {
		await setUp();
		const added = await runCli(['profiles', 'add', 'vlt', '--vendor', 'vault', '--url', emulator.urls.vault, '--username', 'someone'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(added.code, added.stderr).toBe(0);
		const {code, stderr} = await runCli(['packages', 'list', '--profile', 'vlt'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: Profile 'vlt' is not an Adobe profile/);
		expect(emulator.inspect().calls).toEqual([]);
	});
});
