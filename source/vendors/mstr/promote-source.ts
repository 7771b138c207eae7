/**
 * `packport promote` for MicroStrategy, the first half: the package is built on the source project
 * (export.ts) from a definition — a JSON file in the shape of packport's review, or an existing
 * .mmp's — with --default-action and --action applied on top, so the package carries the actions
 * the target then applies. The .mmp goes where the run keeps it (a temp file, or --keep).
 */
import path from 'node:path';
import {placeFile, type PromoteSource} from '../../engine/promote.js';
import type {VendorOptions} from '../vendor.js';
import {buildMstrPackage} from './export.js';
import {readMstrDefinition} from './export-definition.js';

const changesOf = (options: VendorOptions) => ({defaultAction: options.mstr?.defaultAction, actions: options.mstr?.actions});

export const mstrPromoteSource: PromoteSource = {
	fileExtension: '.mmp',
	async check(ref, {cwd, options}) {
		const file = path.resolve(cwd, ref);
		// A definition that does not read, or an --action for an object it does not hold: exit 2, nothing sent.
		await readMstrDefinition(file, changesOf(options));
		return file;
	},
	describe: ref => `build a package from ${path.basename(ref)}`,
	async run(ctx, ref) {
		const definition = await readMstrDefinition(ref, changesOf(ctx.options));
		const built = await buildMstrPackage({
			profile: ctx.profile,
			secret: ctx.secret,
			definition,
			signal: ctx.signal,
			onEvent: ctx.onEvent,
			requestTimeoutMs: ctx.requestTimeoutMs,
			pollIntervalMs: ctx.pollIntervalMs,
			redactor: ctx.redactor,
			cleanupSignal: ctx.cleanupSignal,
		});
		try {
			const file = placeFile(built.file, ctx.file);
			const {details} = built;
			return {
				packageRef: file,
				exported: {
					holderId: details.holderId,
					projectId: details.projectId,
					packageType: details.packageType,
					settings: details.settings,
					objects: details.objects,
					bytes: details.bytes,
					cleanup: details.cleanup,
				},
				file,
			};
		} finally {
			built.dispose();
		}
	},
};
