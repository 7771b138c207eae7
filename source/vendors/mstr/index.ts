import {checkLocalPackage} from '../../packages/local-file.js';
import {warmUpSha256} from '../../packages/background-sha256.js';
import type {Vendor} from '../vendor.js';
import {createRedactor} from '../../http/redact.js';
import {createMstrClient} from './client.js';
import {createMstrFlow} from './flow.js';

export const mstrVendor: Vendor = {
	id: 'mstr',
	defaultPollSeconds: 2,
	// The import process lives in the session that created it (vendor-apis.md 2.4).
	sessionBoundJob: jobId =>
		`MicroStrategy keeps import ${jobId} only in this session, which packport ends now (the cleanup below says whether the import process was deleted). Check the target project before importing again.`,
	async inspectPackage(ref) {
		// MicroStrategy documents no size limit for package uploads; the server has the last word.
		const file = await checkLocalPackage(ref, {extension: '.mmp', maxBytes: Number.POSITIVE_INFINITY, what: 'MicroStrategy package'});
		// No sha256 here: the upload computes it as it sends the file (packages/sent-digest.ts).
		warmUpSha256(file.bytes);
		return {path: file.path, bytes: file.bytes, warnings: []};
	},
	async testConnection(profile, secret, signal) {
		const redactor = createRedactor();
		redactor.add(secret);
		const client = createMstrClient({profile, redactor, signal, retryLimit: 1});
		await client.login(secret);
		await client.logout(signal).catch(() => undefined);
	},
	open: (ctx, pkg) => createMstrFlow(ctx, pkg),
};
