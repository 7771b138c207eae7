/** `packport import` for Adobe Experience Platform: the built CLI against the emulator over real HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {aepDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {makePackages} from '../../source/emulator/aep/data.js';
import {makeTempDir, runCli} from '../helpers/cli.js';

let emulator: RunningEmulator;
let configDir: string;
let work: string;
const packages = makePackages();
const release = packages.find(pkg => pkg.name === 'Acme Release 12')!;

const setUp = async (scenarios: string[] = []) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {aepJobMs: 150}});
	configDir = makeTempDir();
	work = makeTempDir();
	const added = await runCli(
		['profiles', 'add', 'adobe', '--vendor', 'aep', '--url', emulator.urls.aep, '--ims-url', emulator.urls.ims, '--client-id', aepDemoCredentials.clientId, '--org-id', aepDemoCredentials.orgId, '--sandbox', 'dev', '--client-secret-stdin'],
		{env: {PACKPORT_CONFIG_DIR: configDir}, input: aepDemoCredentials.clientSecret},
	);
	expect(added.code, added.stderr).toBe(0);
};

const run = async (ref: string, ...extra: string[]) => {
	const result = await runCli(['import', '--profile', 'adobe', '--package', ref, '--target-sandbox', 'prod', '--yes', '--json', '--poll-interval', '0.05', ...extra], {env: {PACKPORT_CONFIG_DIR: configDir}});
	return {...result, json: result.stdout ? JSON.parse(result.stdout) : undefined};
};

const aep = () => (emulator.inspect() as {aep: Record<string, number>}).aep;

afterEach(async () => emulator?.close());

describe('packport import (Adobe)', () => {
	it('imports with a substitutions file: exit 0, the job found without a jobId, the same alternatives map', async () => {
		await setUp();
		const [first, , third] = release.artifactsList;
		const alternatives = {
			[first!.id]: {id: `${first!.id}-target-1`, type: first!.type},
			[third!.id]: {id: `${third!.id.replace(/@\d+$/, '')}-target-1`, type: third!.type},
		};
		const file = path.join(work, 'subs.json');
		fs.writeFileSync(file, JSON.stringify(alternatives));
		const {code, json, stderr} = await run(release.id, '--substitutions', file);
		expect(code, stderr).toBe(0);
		expect(json).toMatchObject({ok: true, vendor: 'aep', status: 'imported', details: {targetSandbox: 'prod', alternatives}});
		expect(json.jobId).toMatch(/^[0-9a-f]{32}$/);
		expect(json.steps.map((step: {name: string}) => step.name)).toContain('find-job');
		expect(json.details.tasks).toMatchObject({reused: 2, failed: 0});
		expect(json.details.replacementMap[first!.id]).toBe(`${first!.id}-target-1`);
		expect(aep()).toMatchObject({submits: 1, jobsCreated: 1});
	});

	it('finds a package on the second page by its exact name', async () => {
		await setUp();
		const {code, json} = await run('Loyalty Journeys');
		expect(code).toBe(0);
		expect(json.details.packageName).toBe('Loyalty Journeys');
	});

	it('--substitute SRC=TARGET takes the type from the conflict', async () => {
		await setUp();
		const source = release.artifactsList[0]!;
		const {code, json} = await run(release.id, '--substitute', `${source.id}=${source.id}-target-2`);
		expect(code).toBe(0);
		expect(json.details.alternatives).toEqual({[source.id]: {id: `${source.id}-target-2`, type: source.type}});
	});

	it('a preflight refusal stops before the submit, with the missing permissions', async () => {
		await setUp(['aep-preflight-denied']);
		const {code, json} = await run(release.id);
		expect(code).toBe(3);
		expect(json.error.code).toBe('PREFLIGHT_DENIED');
		expect(json.error.message).toContain('ProfileConfig: write');
		expect(aep().submits).toBe(0);
	});

	it('a failed job exits 1 with the job id', async () => {
		await setUp(['aep-job-fails']);
		const {code, json} = await run(release.id);
		expect(code).toBe(1);
		expect(json.jobId).toMatch(/^[0-9a-f]{32}$/);
		expect(json.error.message).toContain('FAILED');
	});

	it('a job with a failed task exits 4', async () => {
		await setUp(['aep-task-fails']);
		const {code, json} = await run(release.id);
		expect(code).toBe(4);
		expect(json.details.tasks.failed).toBe(1);
	});

	it('submits with PUT when POST is refused, once', async () => {
		await setUp(['aep-put-only']);
		const {code} = await run(release.id);
		expect(code).toBe(0);
		expect(aep().submits).toBe(1);
	});

	it('fetches a new token once when the gateway says 401013', async () => {
		await setUp(['aep-token-expiry']);
		const {code, json} = await run(release.id);
		expect(code).toBe(0);
		expect(json.details.tokens).toBe(2);
	});

	it.each([
		['Acme Release 03', 'is DRAFT'],
		['Acme Release 05', 'PUBLISH_IN_PROGRESS'],
		['Acme Release 07', 'expired'],
		['No Such Package', 'No package named'],
	])('refuses %s with exit 2 and no submit', async (ref, message) => {
		await setUp();
		const {code, json} = await run(ref);
		expect(code).toBe(2);
		expect(json.error.message).toContain(message);
		expect(aep().submits).toBe(0);
	});

	it('a name no package has: the human summary says it could not be used, not that a server refused it', async () => {
		await setUp();
		const result = await runCli(['import', '--profile', 'adobe', '--package', 'No Such Package', '--target-sandbox', 'prod', '--yes'], {env: {PACKPORT_CONFIG_DIR: configDir}});
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('✖ Nothing imported: No Such Package could not be used (the error says why); no import was asked of the server.\n');
		expect(result.stderr).toContain('Error: No package named or with id "No Such Package" in the org.');
	});

	it('a substitutions file that is not JSON exits 2 before any request', async () => {
		await setUp();
		const file = path.join(work, 'subs.json');
		fs.writeFileSync(file, '{not json');
		const {code, json} = await run(release.id, '--substitutions', file);
		expect(code).toBe(2);
		expect(json.error.message).toContain('is not JSON');
		expect(aep().tokens).toBe(0);
	});

	it('a substitution for an artifact that is not in conflict exits 2, nothing submitted', async () => {
		await setUp();
		const file = path.join(work, 'subs.json');
		fs.writeFileSync(file, JSON.stringify({'https://ns.adobe.com/acme/schemas/unknown': {id: 'x', type: 'REGISTRY_SCHEMA'}}));
		const {code, json} = await run(release.id, '--substitutions', file);
		expect(code).toBe(2);
		expect(json.error.message).toContain('not a conflicting artifact');
		expect(aep().submits).toBe(0);
	});
});
