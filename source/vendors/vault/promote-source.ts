/**
 * `packport promote` for Vault, the first half: the outbound package named by --package is
 * exported on the source Vault (export.ts), and the .vpk goes where the run keeps it (a temp file,
 * or --keep). The import half then takes that file as `packport import` takes a .vpk.
 */
import fs from 'node:fs';
import path from 'node:path';
import {placeFile, type PromoteSource} from '../../engine/promote.js';
import {usageError} from '../../errors.js';
import {stripControl} from '../../http/redact.js';
import {exportVaultPackage} from './export.js';

/** Vault's own default between status polls (index.ts), when no --poll-interval is given. */
const defaultPollMs = 10_000;

export const vaultPromoteSource: PromoteSource = {
	fileExtension: '.vpk',
	check(ref) {
		const name = ref.trim();
		if (!name || stripControl(name) !== name || name.length > 255) {
			throw usageError(`--package "${stripControl(ref)}" is not an outbound package name.`, 'Pass the name__v of an outbound package in the source Vault, e.g. --package PKG-0001.');
		}

		if (name.toLowerCase().endsWith('.vpk')) {
			throw usageError(
				`--package ${name} looks like a file; promote exports the package from the source Vault by its outbound package name.`,
				`To import a .vpk you have, run \`packport import --package ${name}\`.`,
			);
		}

		return name;
	},
	describe: ref => `export outbound package ${ref}`,
	async run(ctx, ref) {
		const exported = await exportVaultPackage({
			profile: ctx.profile,
			secret: ctx.secret,
			packageName: ref,
			signal: ctx.signal,
			onEvent: ctx.onEvent,
			requestTimeoutMs: ctx.requestTimeoutMs,
			pollIntervalMs: ctx.pollIntervalMs ?? defaultPollMs,
			redactor: ctx.redactor,
		});
		ctx.onJob(exported.jobId);
		let file: string;
		try {
			file = placeFile(exported.file, ctx.file);
		} finally {
			// export.ts leaves the .vpk alone in a temp folder of its own; the caller removes it.
			fs.rmSync(path.dirname(exported.file), {recursive: true, force: true});
		}

		const {details} = exported;
		return {
			packageRef: file,
			exported: {packageName: details.packageName, jobId: details.jobId, jobStatus: details.jobStatus, bytes: details.bytes, steps: details.steps, signedOut: details.signedOut},
			file,
		};
	},
};
