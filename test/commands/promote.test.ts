/**
 * `packport promote`: the built CLI against the emulator over real HTTP, two profiles of one vendor
 * standing for two environments (for MicroStrategy, two projects). Bad input must stop before either
 * side is asked anything; a first half that fails sends nothing to the target.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {aepDemoCredentials, mstrDemoCredentials, startEmulator, vaultDemoCredentials, type RunningEmulator} from '../../source/emulator/index.js';
import {makePackages} from '../../source/emulator/aep/data.js';
import {readMmpDefinitionFromFile} from '../../source/packages/mmp-format.js';
import {makeTempDir, runCli, waitFor, type CliOptions} from '../helpers/cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/mstr');
const tutorial = 'B7CA92F04B9FAE8D941C3E9B7E0CD754';
const demoProject = 'B19DEDCC11D4E0EFC000EB9495D0F44F';
const yearId = '8D679D5111D3E4981000E787EC6DE8A4';
let emulator: RunningEmulator;
let configDir: string;
let work: string;
/** The child's TMPDIR: what a run leaves in its temp folder is seen here, apart from other tests. */
let temp: string;

const env = () => ({PACKPORT_CONFIG_DIR: configDir, TMPDIR: temp});
const addProfile = async (name: string, vendor: 'mstr' | 'vault', projectId = tutorial) => {
	const fields =
		vendor === 'mstr'
			? ['--url', emulator.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', projectId, '--password-stdin']
			: ['--url', emulator.urls.vault, '--username', vaultDemoCredentials.username, '--password-stdin'];
	const added = await runCli(['profiles', 'add', name, '--vendor', vendor, ...fields], {
		env: env(),
		input: vendor === 'mstr' ? mstrDemoCredentials.password : vaultDemoCredentials.password,
	});
	expect(added.code, added.stderr).toBe(0);
};

/** Every counter of the emulator: a bad promote leaves them all as they were. */
const counters = () => {
	const {calls, ...vendors} = emulator.inspect();
	return {vendors, calls: calls.length};
};

const mstr = () => (emulator.inspect() as {mstr: Record<string, number>}).mstr;
const vault = () => (emulator.inspect() as {vault: Record<string, number>}).vault;
const aep = () => (emulator.inspect() as {aep: Record<string, number>}).aep;
const year = () => path.join(work, 'year.mmp');

const promote = async (...args: string[]) => promoteWith({}, ...args);
const promoteWith = async (options: CliOptions, ...args: string[]) => {
	const run = await runCli(['promote', ...args], {cwd: work, ...options, env: env()});
	return {...run, json: run.stdout.startsWith('{') ? JSON.parse(run.stdout) : undefined};
};

beforeAll(async () => {
	emulator = await startEmulator({port: 0, timing: {mstrImportMs: 100, mstrReadyMs: 20, vaultJobMs: 150, vaultPollLimitMs: 40, aepJobMs: 150}});
	configDir = makeTempDir();
	await addProfile('mstr-dev', 'mstr', tutorial);
	await addProfile('mstr-prod', 'mstr', demoProject);
	await addProfile('vault-dev', 'vault');
	await addProfile('vault-prod', 'vault');
	for (const [name, extra] of [['aep-dev', []], ['aep-prod', ['--target-sandbox', 'prod']]] as const) {
		const added = await runCli(
			[
				...['profiles', 'add', name, '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims],
				...['--client-id', aepDemoCredentials.clientId, '--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', ...extra, '--client-secret-stdin'],
			],
			{env: env(), input: aepDemoCredentials.clientSecret},
		);
		expect(added.code, added.stderr).toBe(0);
	}
});

beforeEach(() => {
	work = makeTempDir();
	temp = makeTempDir();
	fs.copyFileSync(path.join(fixtures, 'year.mmp'), year());
});

afterEach(() => {
	emulator.setScenarios([]);
	// Whatever happened, the run's temp package went with it.
	expect(fs.readdirSync(temp)).toEqual([]);
});

afterAll(async () => emulator?.close());

describe('packport promote: bad input, nothing sent', () => {
	it('profiles of two vendors: exit 2, the sentence names both, nothing sent', async () => {
		const before = counters();
		const {code, stderr, json} = await promote('--from', 'mstr-dev', '--to', 'vault-dev', '--package', 'x.json', '--yes', '--json');
		expect(code).toBe(2);
		expect(stderr).toBe(
			"Error: --from 'mstr-dev' is MicroStrategy and --to 'vault-dev' is Veeva Vault; promote moves a package between two environments of one vendor.\n" +
				'Hint: Pick two profiles of the same vendor.\n',
		);
		expect(json).toMatchObject({ok: false, exitCode: 2, status: 'invalid', profile: 'vault-dev', source: {profile: 'mstr-dev', status: 'invalid', error: {code: 'usage'}}});
		expect(counters()).toEqual(before);
	});

	it('the same profile twice: exit 2, nothing sent', async () => {
		const before = counters();
		const {code, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-dev', '--package', 'x.json', '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: --from and --to are both 'mstr-dev'; promote moves a package from one environment to another\.\nHint: /);
		expect(counters()).toEqual(before);
	});

	it('an unknown profile says which flag named it', async () => {
		const {code, stderr} = await promote('--from', 'nope', '--to', 'mstr-prod', '--package', 'x.json', '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: --from: No profile named 'nope'\.\nHint: Known profiles: /);
	});

	it('--profile is refused, and --from, --to and --package are required', async () => {
		expect((await promote('--profile', 'mstr-dev', '--to', 'mstr-prod', '--package', 'x', '--yes')).stderr).toMatch(/^Error: promote takes --from and --to, not --profile\./);
		expect((await promote('--to', 'mstr-prod', '--package', 'x', '--yes')).stderr).toMatch(/^Error: --from is required/);
		expect((await promote('--from', 'mstr-dev', '--package', 'x', '--yes')).stderr).toMatch(/^Error: --to is required/);
		expect((await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--yes')).stderr).toMatch(/^Error: --package is required/);
	});

	it('an import option of another vendor is refused as import refuses it', async () => {
		const before = counters();
		const {code, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', 'x.json', '--deploy', '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: --deploy is a Veeva Vault option, and profile 'mstr-prod' is MicroStrategy\./);
		expect(counters()).toEqual(before);
	});

	it('without --yes and no terminal on stdin: exit 2, nothing sent', async () => {
		const before = counters();
		const {code, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year());
		expect(code).toBe(2);
		expect(stderr).toBe('Error: stdin is not a terminal, so packport cannot ask for confirmation.\nHint: Pass --yes to promote without confirmation.\n');
		expect(counters()).toEqual(before);
	});

	it('a missing secret names the profile and its side', async () => {
		const bare = makeTempDir();
		const config = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'));
		fs.writeFileSync(path.join(bare, 'config.json'), JSON.stringify(config));
		const run = await runCli(['promote', '--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--yes'], {
			env: {PACKPORT_CONFIG_DIR: bare, PACKPORT_SECRET_STORE: 'file', PACKPORT_PASSWORD_MSTR_DEV: 'x'},
		});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/^Error: No password for profile 'mstr-prod' \(--to\)\.\nHint: Set PACKPORT_PASSWORD_MSTR_PROD /);
	});
});

describe('packport promote for MicroStrategy', () => {
	it('builds on the source project with an action changed there, imports into the target: one JSON with a source section', async () => {
		const before = mstr();
		const {code, json, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--action', `${yearId}=use_existing`, '--yes', '--json', '--poll-interval', '0.05');
		expect(code, stderr).toBe(0);
		expect(json).toMatchObject({ok: true, exitCode: 0, vendor: 'mstr', profile: 'mstr-prod', status: 'imported', error: null});
		expect(json.source).toMatchObject({profile: 'mstr-dev', package: year(), status: 'exported', exitCode: 0, file: null, error: null});
		expect(json.source.exported).toMatchObject({projectId: tutorial, packageType: 'project', cleanup: {left: []}});
		// The action changed on the source is in the package the target reviewed and applied.
		expect(json.source.exported.objects.find((object: {id: string}) => object.id === yearId).action).toBe('use_existing');
		expect(json.details.objects.find((object: {id: string}) => object.id === yearId).action).toBe('use_existing');
		// The temp package is gone, and the JSON names no path to it; the undo package was moved out beside us.
		expect(json.package.path).toBeUndefined();
		expect(json.undoPackage).toBe(path.join(work, 'year.undo.mmp'));
		expect(fs.statSync(json.undoPackage).size).toBeGreaterThan(0);
		expect(mstr().uploads - before.uploads).toBe(1);
		expect(mstr()).toMatchObject({sessions: 0, holders: 0});
		// History holds both halves, tied by one promote id.
		const lines = fs.readFileSync(path.join(configDir, 'history.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line));
		const ours = lines.filter(line => line.promote && line.promote.runId === lines.at(-1).promote.runId);
		expect(ours.at(-1).runId).toBe(json.runId);
		expect(ours.map(line => [line.promote.half, line.phase, line.profile, line.outcome])).toEqual([
			['source', 'finished', 'mstr-dev', 'exported'],
			['target', 'started', 'mstr-prod', null],
			['target', 'finished', 'mstr-prod', 'imported'],
		]);
	});

	it('--keep saves the built package (a new file) and the import uses it', async () => {
		const keep = path.join(work, 'kept', 'year-built.mmp');
		const refused = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--keep', keep, '--yes', '--json', '--no-undo');
		expect(refused.code).toBe(2);
		expect(refused.stderr).toBe(`Error: The folder of --keep (${path.dirname(keep)}) does not exist.\nHint: Create it or choose another path.\n`);
		fs.mkdirSync(path.dirname(keep));
		const {code, json, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--keep', keep, '--yes', '--json', '--no-undo', '--poll-interval', '0.05');
		expect(code, stderr).toBe(0);
		expect(json.source.file).toBe(keep);
		expect(json.package.path).toBe(keep);
		expect((await readMmpDefinitionFromFile(keep))?.content.length).toBe(5);
		// A second run never overwrites it: exit 2 before anything is sent.
		const before = counters();
		const again = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--keep', keep, '--yes', '--no-undo');
		expect(again.code).toBe(2);
		expect(again.stderr).toMatch(/already exists; packport never overwrites a file \(--keep\)/);
		expect(counters()).toEqual(before);
	});

	it('a build that fails on the source: exit 1, source.error in JSON, nothing sent to the target', async () => {
		emulator.setScenarios(['mstr-holder-fails']);
		const before = mstr();
		const {code, json, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--yes', '--json', '--poll-interval', '0.05');
		expect(code).toBe(1);
		expect(json).toMatchObject({ok: false, exitCode: 1, status: 'failed', jobId: null, package: null});
		expect(json.source.error.message).toMatch(/could not build the package on the source .*Nothing was sent to 'mstr-prod'\.$/);
		expect(json.error).toEqual(json.source.error);
		expect(stderr).toMatch(/^Error: MicroStrategy could not build the package on the source/m);
		expect(mstr().uploads).toBe(before.uploads);
		expect(mstr().importsCreated).toBe(before.importsCreated);
		expect(mstr()).toMatchObject({sessions: 0, holders: 0});
	});

	it('a source password refused: exit 3, the hint names where it came from, nothing sent to the target', async () => {
		const before = mstr();
		const run = await runCli(['promote', '--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--yes', '--json'], {
			cwd: work,
			env: {...env(), PACKPORT_PASSWORD_MSTR_DEV: 'wrong'},
		});
		expect(run.code).toBe(3);
		const json = JSON.parse(run.stdout);
		expect(json.source).toMatchObject({profile: 'mstr-dev', status: 'unauthorized', exitCode: 3});
		expect(json.source.error.hint).toContain('PACKPORT_PASSWORD_MSTR_DEV from the environment');
		expect(mstr().uploads).toBe(before.uploads);
		expect(mstr().logins).toBe(before.logins);
	});

	it('an --action for an object the definition does not hold: exit 2, nothing sent', async () => {
		const before = counters();
		const {code, stderr} = await promote('--from', 'mstr-dev', '--to', 'mstr-prod', '--package', year(), '--action', `${'A'.repeat(32)}=replace`, '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^Error: --action names 1 object that year\.mmp does not hold/);
		expect(counters()).toEqual(before);
	});

	it('Ctrl-C or --timeout while the source builds: exit 130, the temp folder removed, nothing sent to the target', async () => {
		// Its own emulator, where a package holder takes a minute to build: only the interruption ends the wait.
		const slow = await startEmulator({port: 0, timing: {mstrReadyMs: 60_000}});
		const mstrOf = () => (slow.inspect() as {mstr: Record<string, number>}).mstr;
		for (const [name, project] of [['slow-dev', tutorial], ['slow-prod', demoProject]] as const) {
			const added = await runCli(['profiles', 'add', name, '--vendor', 'mstr', '--url', slow.urls.mstr, '--username', mstrDemoCredentials.username, '--project-id', project, '--password-stdin'], {
				env: env(),
				input: mstrDemoCredentials.password,
			});
			expect(added.code, added.stderr).toBe(0);
		}

		const run = await promoteWith(
			{
				onStart(child, output) {
					void waitFor(() => output.stderr().includes('Content set')).then(() => child.kill('SIGINT'));
				},
			},
			'--from', 'slow-dev', '--to', 'slow-prod', '--package', year(), '--yes', '--poll-interval', '0.05',
		);
		try {
			expect(run.code).toBe(130);
			expect(run.stdout).toBe("- Interrupted while taking the package from 'slow-dev'; nothing was sent to 'slow-prod'.\n");
			expect(run.stderr).toMatch(/✖ Building the package stopped .*\n✔ Source cleaned up/);
			expect(mstrOf()).toMatchObject({uploads: 0, importsCreated: 0, sessions: 0, holders: 0});
			// --timeout is one deadline for the whole promote: spent in the first half, nothing goes on.
			const late = await promote('--from', 'slow-dev', '--to', 'slow-prod', '--package', year(), '--yes', '--json', '--timeout', '0.01', '--poll-interval', '0.05');
			expect(late.code).toBe(130);
			expect(late.json.source.error.message).toBe("Stopped after 0.01 min (--timeout) while taking the package from 'slow-dev'; nothing was sent to 'slow-prod'.");
			expect(mstrOf()).toMatchObject({uploads: 0, importsCreated: 0, sessions: 0, holders: 0});
		} finally {
			await slow.close();
		}
	});
});

describe('packport promote for Vault', () => {
	it('exports the outbound package on the source and imports it into the target', async () => {
		const before = vault();
		const {code, json, stderr} = await promote('--from', 'vault-dev', '--to', 'vault-prod', '--package', 'PKG-0001', '--yes', '--json', '--poll-interval', '0.05');
		expect(code, stderr).toBe(0);
		expect(json).toMatchObject({ok: true, vendor: 'vault', profile: 'vault-prod', status: 'imported', details: {packageName: 'PKG-0001'}});
		expect(json.source).toMatchObject({profile: 'vault-dev', package: 'PKG-0001', status: 'exported', file: null, exported: {packageName: 'PKG-0001', jobStatus: 'SUCCESS'}});
		expect(json.source.jobIds).toEqual([json.source.exported.jobId]);
		expect(json.jobId).not.toBe(json.source.exported.jobId);
		expect(vault().exports - before.exports).toBe(1);
		expect(vault().uploads - before.uploads).toBe(1);
	});

	it('an export that fails on the source: exit 1, nothing sent to the target', async () => {
		emulator.setScenarios(['vault-export-fails']);
		const before = vault();
		const {code, json} = await promote('--from', 'vault-dev', '--to', 'vault-prod', '--package', 'PKG-0001', '--yes', '--json', '--poll-interval', '0.05');
		expect(code).toBe(1);
		expect(json.source.jobIds).toHaveLength(1);
		expect(json.source.error.message).toMatch(/export job .* ended ERRORS_ENCOUNTERED.*Nothing was sent to 'vault-prod'\.$/);
		expect(vault().uploads).toBe(before.uploads);
		expect(vault().validations).toBe(before.validations);
	});

	it('a .vpk file as --package is refused: promote exports by name', async () => {
		const {code, stderr} = await promote('--from', 'vault-dev', '--to', 'vault-prod', '--package', 'x.vpk', '--yes');
		expect(code).toBe(2);
		expect(stderr).toMatch(/looks like a file; promote exports the package from the source Vault by its outbound package name/);
	});
});

describe('packport promote for Adobe', () => {
	const draft = makePackages().find(pkg => pkg.status === 'DRAFT')!;
	const artifacts = makePackages()[0]!.artifactsList.slice(0, 2).map(({id, type}) => ({id, type}));

	it('publishes a draft on the source, then imports it into the target sandbox', async () => {
		const before = aep();
		const {code, json, stderr} = await promote('--from', 'aep-dev', '--to', 'aep-prod', '--package', draft.name, '--yes', '--json', '--poll-interval', '0.05');
		expect(code, stderr).toBe(0);
		expect(json).toMatchObject({ok: true, vendor: 'aep', profile: 'aep-prod', status: 'imported', details: {targetSandbox: 'prod', packageName: draft.name}});
		expect(json.source).toMatchObject({profile: 'aep-dev', status: 'exported', file: null, exported: {id: draft.id, status: 'PUBLISHED', created: false}});
		expect(json.source.jobIds).toHaveLength(1);
		expect(aep().publishes - before.publishes).toBe(1);
		expect(aep().submits - before.submits).toBe(1);
	});

	it('a publish that fails: exit 1 with the reason, no import attempted', async () => {
		const file = path.join(work, 'package.json');
		fs.writeFileSync(file, JSON.stringify({name: 'Promote fails', artifacts}));
		emulator.setScenarios(['aep-publish-fails']);
		const before = aep();
		const {code, json} = await promote('--from', 'aep-dev', '--to', 'aep-prod', '--package', file, '--yes', '--json', '--poll-interval', '0.05');
		expect(code).toBe(1);
		expect(json.source.error).toMatchObject({code: 'PUBLISH_FAILED'});
		expect(json.source.error.message).toMatch(/PUBLISH_FAILED.*Nothing was sent to 'aep-prod'\.$/);
		expect(aep().creates - before.creates).toBe(1);
		expect(aep()).toMatchObject({submits: before.submits, preflights: before.preflights});
	});

	it('an unknown artifact type in the definition, or --keep: exit 2, nothing sent', async () => {
		const file = path.join(work, 'bad.json');
		fs.writeFileSync(file, JSON.stringify({name: 'Bad', artifacts: [{id: 'x', type: 'NOT_A_TYPE'}]}));
		const before = counters();
		const bad = await promote('--from', 'aep-dev', '--to', 'aep-prod', '--package', file, '--yes');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/^Error: .*NOT_A_TYPE/);
		const keep = await promote('--from', 'aep-dev', '--to', 'aep-prod', '--package', draft.id, '--keep', path.join(work, 'a.zip'), '--yes');
		expect(keep.code).toBe(2);
		expect(keep.stderr).toMatch(/^Error: --keep is for packages that come as a file; Adobe Experience Platform packages stay on the server\./);
		expect(counters()).toEqual(before);
	});
});
