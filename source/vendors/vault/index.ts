import {inspectVaultPackage} from '../../packages/vault-package.js';
import {createRedactor} from '../../http/redact.js';
import type {Vendor} from '../vendor.js';
import {createVaultClient} from './client.js';
import {createVaultFlow} from './flow.js';

export const vaultVendor: Vendor = {
	id: 'vault',
	// Vault allows one job-status call per job every 10 s (vendor-apis.md 1.4).
	defaultPollSeconds: 10,
	async testConnection(profile, secret, signal) {
		const redactor = createRedactor();
		redactor.add(secret);
		const client = createVaultClient({profile, redactor, signal, password: secret});
		await client.login();
		await client.logout(signal);
	},
	// A .vpk, or a package folder zipped on the fly (the temp file goes with pkg.dispose()).
	inspectPackage: async ref => inspectVaultPackage(ref),
	open: (ctx, pkg) => createVaultFlow(ctx, pkg),
};
