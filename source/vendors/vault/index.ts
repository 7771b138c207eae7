import {inspectVpk} from '../../packages/vpk.js';
import {sha256File} from '../../packages/local-file.js';
import {createRedactor} from '../../redact.js';
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
	async inspectPackage(ref) {
		const inspection = await inspectVpk(ref);
		const warnings = inspection.checksumProblems.map(problem => `Checksum: ${problem}`);
		return {
			path: ref,
			bytes: inspection.bytes,
			sha256: await sha256File(ref),
			summary: {manifest: inspection.manifest, steps: inspection.steps, hasJavaSdk: inspection.hasJavaSdk},
			warnings,
		};
	},
	open: (ctx, pkg) => createVaultFlow(ctx, pkg),
};
