/**
 * `packport promote` for Adobe, the first half: the package named by --package (an id or an exact
 * name in the source profile's sandbox) is published if it is a draft, or used as it is once
 * published; a .json definition file is first created as a draft package there. Adobe keeps the
 * package on its side: the import half takes its id, as `packport import --package ID` does.
 */
import path from 'node:path';
import type {PromoteSource} from '../../engine/promote.js';
import {usageError} from '../../errors.js';
import {stripControl} from '../../http/redact.js';
import {readPackageFile} from './package-input.js';
import {createPackageFromFile, publishPackage} from './packages-client.js';

/** Adobe's own default between status polls (index.ts), when no --poll-interval is given. */
const defaultPollMs = 5000;
const isFile = (ref: string) => /\.json$/i.test(ref);

export const aepPromoteSource: PromoteSource = {
	check(ref, {cwd}) {
		if (isFile(ref)) {
			const file = path.resolve(cwd, ref);
			// Bad JSON, an artifact without a type or an unknown type: exit 2 before Adobe is asked anything.
			readPackageFile(file);
			return file;
		}

		const name = ref.trim();
		if (!name || stripControl(name) !== name) {
			throw usageError(`--package "${stripControl(ref)}" is not a package id or name.`, 'Pass the id or exact name of a package in the source sandbox, or a .json definition.');
		}
		return name;
	},
	describe: ref => (isFile(ref) ? `create a package from ${path.basename(ref)} and publish it` : `publish package ${ref} (if it is a draft)`),
	async run(ctx, ref) {
		const pollIntervalMs = ctx.pollIntervalMs ?? defaultPollMs;
		let created: string | undefined;
		const warnings: string[] = [];
		if (isFile(ref)) {
			ctx.onEvent({type: 'step', name: 'create', label: `Creating a package from ${path.basename(ref)}…`, status: 'running'});
			const changed = await createPackageFromFile(ctx.profile, ctx.secret, ref, {signal: ctx.signal});
			created = changed.package.id;
			warnings.push(...changed.warnings);
			ctx.onEvent({type: 'step', name: 'create', label: `Package "${changed.package.name}" created (${changed.package.id})`, status: 'done'});
		}

		const published = await publishPackage(ctx.profile, ctx.secret, created ?? ref, {signal: ctx.signal, onEvent: ctx.onEvent, pollIntervalMs});
		return {
			packageRef: published.id,
			exported: {
				id: published.id,
				name: published.name,
				status: published.status,
				packageType: published.packageType,
				version: published.version,
				sourceSandbox: published.sourceSandbox,
				artifacts: published.artifacts.length,
				created: created !== undefined,
				...(warnings.length > 0 ? {warnings} : {}),
			},
			file: null,
		};
	},
};
