import {usageError} from '../../errors.js';
import {createRedactor} from '../../http/redact.js';
import type {Vendor} from '../vendor.js';
import {createAepClient, profileSandboxes} from './client.js';
import {createAepFlow} from './flow.js';

export const aepVendor: Vendor = {
	id: 'aep',
	defaultPollSeconds: 5,
	async testConnection(profile, secret, signal) {
		const redactor = createRedactor();
		redactor.add(secret);
		await createAepClient({profile, redactor, signal, secret, sandboxes: profileSandboxes(profile)}).fetchToken();
	},
	async inspectPackage(ref) {
		// The package lives in the org, not on disk: an id or an exact name, looked up once signed in.
		const value = ref.trim();
		if (!value) throw usageError('No package given.', 'Pass --package with a package id or its exact name.');
		return /^[0-9a-f]{32}$/i.test(value) ? {id: value, warnings: []} : {name: value, warnings: []};
	},
	open: (ctx, pkg) => createAepFlow(ctx, pkg),
};
