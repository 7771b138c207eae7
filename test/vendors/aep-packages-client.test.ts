/**
 * The two calls `promote` makes of the Adobe package client (packages-client.ts), in-process
 * against the emulator over real HTTP: publishPackage and createPackageFromFile.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {EngineEvent} from '../../source/engine/events.js';
import {PackportError} from '../../source/errors.js';
import {aepDemoCredentials, startEmulator, type RunningEmulator} from '../../source/emulator/index.js';
import {makePackages} from '../../source/emulator/aep/data.js';
import type {Profile} from '../../source/config/profile-types.js';
import {createPackageFromFile, publishPackage} from '../../source/vendors/aep/packages-client.js';
import {makeTempDir} from '../helpers/cli.js';

let emulator: RunningEmulator;
afterEach(async () => emulator?.close());

const start = async (scenarios: string[] = []) => {
	emulator = await startEmulator({port: 0, scenarios, timing: {aepJobMs: 80}});
	const profile: Profile = {
		name: 'src',
		vendor: 'aep',
		url: emulator.urls.aep,
		imsUrl: emulator.urls.ims,
		clientId: aepDemoCredentials.clientId,
		orgId: aepDemoCredentials.orgId,
		sandbox: 'dev',
		targetSandbox: 'prod',
	};
	return profile;
};

const release = makePackages().find(pkg => pkg.name === 'Acme Release 12')!;

describe('the Adobe package calls promote makes', () => {
	it('createPackageFromFile makes a DRAFT from a file; publishPackage publishes it by name and reports steps', async () => {
		const profile = await start();
		const file = path.join(makeTempDir(), 'definition.json');
		fs.writeFileSync(file, JSON.stringify({name: 'From a file', artifacts: release.artifactsList.slice(0, 2).map(({id, type}) => ({id, type}))}));
		const signal = new AbortController().signal;
		const created = await createPackageFromFile(profile, aepDemoCredentials.clientSecret, file, {signal});
		expect(created.warnings).toEqual([]);
		expect(created.package).toMatchObject({name: 'From a file', status: 'DRAFT', artifacts: release.artifactsList.slice(0, 2).map(({id, type}) => ({id, type}))});

		const events: EngineEvent[] = [];
		const published = await publishPackage(profile, aepDemoCredentials.clientSecret, 'From a file', {signal, onEvent: event => events.push(event), pollIntervalMs: 20});
		expect(published).toMatchObject({id: created.package.id, status: 'PUBLISHED'});
		expect(events.filter(event => event.type === 'step' && event.status !== 'running').map(event => event.type === 'step' && `${event.name} ${event.status}`)).toEqual([
			'publish done',
			'published done',
		]);
	});

	it('publishPackage of a published package returns it with no publish call', async () => {
		const profile = await start();
		const published = await publishPackage(profile, aepDemoCredentials.clientSecret, release.id, {signal: new AbortController().signal});
		expect(published.status).toBe('PUBLISHED');
		expect((emulator.inspect().aep as Record<string, number>).publishes).toBe(0);
	});

	it('publishPackage ending PUBLISH_FAILED throws exit 1 with the reason', async () => {
		const profile = await start(['aep-publish-fails']);
		const error = await publishPackage(profile, aepDemoCredentials.clientSecret, 'Acme Release 03', {signal: new AbortController().signal, pollIntervalMs: 20}).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(PackportError);
		expect(error).toMatchObject({exitCode: 1, vendorCode: 'PUBLISH_FAILED'});
		expect((error as PackportError).message).toContain('400 INVALID_REQUEST_PARAMS');
	});

	it('a bad definition file is a usage error before anything is sent', async () => {
		const profile = await start();
		const file = path.join(makeTempDir(), 'bad.json');
		fs.writeFileSync(file, JSON.stringify({name: 'x', artifacts: [{id: 'a', type: 'WIDGET'}]}));
		const error = await createPackageFromFile(profile, aepDemoCredentials.clientSecret, file, {signal: new AbortController().signal}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({exitCode: 2, message: `${file}, artifact 1: "WIDGET" is not an Adobe artifact type.`});
		expect(emulator.inspect().calls).toEqual([]);
	});
});
