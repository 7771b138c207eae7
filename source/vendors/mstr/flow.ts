/**
 * The MicroStrategy import, step by step (vendor-apis.md 2.4):
 * login -> holder -> upload -> definition (poll ready) -> [actions] -> import (poll) -> undo saved
 * -> cleanup (import process, holder, logout) on every path.
 */
import {timeoutSignal} from '../../engine/timeout-signal.js';
import os from 'node:os';
import path from 'node:path';
import {PackportError, usageError} from '../../errors.js';
import {mayHaveArrived, pollUntil} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {stripControl} from '../../redact.js';
import type {CleanupReport, Outcome, PackageInfo, VendorContext, VendorFlow} from '../vendor.js';
import {effectiveAction, countActions, hasActionChanges} from './actions.js';
import {createMstrClient, mstrCodeNumber, sameStatus, type HolderStatus, type ImportStatus} from './client.js';
import {mstrTypeName} from './object-types.js';
import type {MstrChoices, MstrObject, MstrReview, MstrSettings} from './types.js';
import {checkDefaultUndoFolder, defaultUndoPath} from './undo-path.js';

const keepAliveEveryMs = 60_000;
const cleanupTimeoutMs = 30_000;
/** One cleanup call's share of the budget: a third of it, and never longer than --request-timeout. */
const slice = (budget: AbortSignal, requestTimeoutMs = Number.POSITIVE_INFINITY) => AbortSignal.any([budget, timeoutSignal(Math.min(cleanupTimeoutMs / 3, requestTimeoutMs))]);
const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || /aborted due to timeout/.test(error.message));
/** A failure to write a local file (as opposed to the server failing to send it). */
const localCodes = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'ENOENT', 'EDQUOT', 'EIO', 'EISDIR']);
const errnoOf = (error: unknown): string | undefined => {
	for (let current: unknown = error; current; current = (current as {cause?: unknown}).cause) {
		const code = (current as NodeJS.ErrnoException).code;
		if (code && localCodes.has(code)) return code;
	}

	return /\b(ENOSPC|EROFS|EACCES|EPERM|ENOTDIR|ENOENT|EDQUOT|EIO|EISDIR)\b/.exec(error instanceof Error ? error.message : '')?.[1];
};
const isLocalWriteError = (error: unknown) => errnoOf(error) !== undefined;
const localReason = (error: unknown) => ({ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is used up', EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'permission denied'})[errnoOf(error) ?? ''] ?? errnoOf(error) ?? 'write failed';
/** mstrio polls a second time for undoPackageCreated after the import ends; we allow a few. */
const undoPollsAfterImport = 5;

/** The engine hands every vendor the shared union; this flow only ever sees its own shapes. */
const own = <T extends {vendor: string}>(value: T): Extract<T, {vendor: 'mstr'}> => {
	if (value.vendor !== 'mstr') throw new Error(`MicroStrategy flow given ${value.vendor} data`);
	return value as Extract<T, {vendor: 'mstr'}>;
};

const isFailure = (status: string) => status.toLowerCase().includes('fail');
const text = (value: unknown) => (typeof value === 'string' ? stripControl(value) : undefined);

const toObject = (raw: Record<string, unknown>): MstrObject => {
	const type = typeof raw.type === 'number' ? raw.type : Number(raw.type ?? 0);
	const owner = raw.owner as {id?: unknown} | undefined;
	return {
		id: String(raw.id ?? ''),
		name: text(raw.name) ?? String(raw.id ?? ''),
		type,
		typeName: mstrTypeName(type),
		version: text(raw.version),
		action: text(raw.action)?.toLowerCase() ?? 'replace',
		dateCreated: text(raw.dateCreated),
		dateModified: text(raw.dateModified),
		includeDependents: typeof raw.includeDependents === 'boolean' ? raw.includeDependents : undefined,
		level: text(raw.level),
		ownerId: text(owner?.id),
	};
};

const toReview = (holder: HolderStatus): MstrReview => {
	const content = Array.isArray(holder.content) ? (holder.content as Array<Record<string, unknown>>) : [];
	return {
		vendor: 'mstr',
		holderId: holder.id,
		status: holder.status.toLowerCase(),
		packageType: text(holder.type),
		settings: (typeof holder.settings === 'object' && holder.settings !== null ? holder.settings : {}) as MstrSettings,
		objects: content.map(raw => toObject(raw)),
	};
};

export const createMstrFlow = (ctx: VendorContext, pkg: PackageInfo): VendorFlow => {
	const {profile, onEvent, signal} = ctx;
	const client = createMstrClient({profile, redactor: ctx.redactor, signal, requestTimeoutMs: ctx.requestTimeoutMs});
	const options = ctx.options.mstr ?? {};
	let holderId: string | undefined;
	let importId: string | undefined;
	let submitted = false;
	let review: MstrReview | undefined;
	let chosen: MstrChoices | undefined;
	let lastImport: ImportStatus | undefined;
	let keepForUndo = false;
	let undoMoved = false;
	const warnings: string[] = [];

	const step = createStepRunner(onEvent, signal);

	const waitForHolderReady = async (id: string) =>
		pollUntil({
			fetch: async () => client.getHolder(id, false),
			isDone: holder => sameStatus(holder.status, 'ready') || isFailure(holder.status),
			// Holders become ready in moments; no need to wait a whole job-poll interval.
			intervalMs: Math.min(ctx.pollIntervalMs, 250),
			signal,
		});

	const readDefinition = async (): Promise<MstrReview> => {
		const id = holderId!;
		const ready = await waitForHolderReady(id);
		if (isFailure(ready.status)) {
			throw new PackportError('server', `MicroStrategy could not read ${pkg.path ?? 'the package'} (holder status "${ready.status}").`, {
				vendor: 'mstr',
				hint: 'Check that the .mmp was exported for this version and project type, then export it again.',
			});
		}

		return toReview(await client.getHolder(id, true));
	};

	const applyActions = async (choices: MstrChoices) => {
		const current = review!;
		const body = {
			type: current.packageType ?? (profile.projectId ? 'project' : 'configuration'),
			settings: {...current.settings, defaultAction: choices.defaultAction ?? current.settings.defaultAction},
			content: current.objects.map(object => ({
				id: object.id,
				name: object.name,
				type: object.type,
				action: effectiveAction(object, choices),
				includeDependents: object.includeDependents ?? true,
			})),
		};
		try {
			await client.updateHolder(holderId!, body);
		} catch (error) {
			if (error instanceof PackportError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 401) {
				throw new PackportError('server', `MicroStrategy refused to change the actions of the uploaded package (${error.vendorCode ?? error.status}).`, {
					vendor: 'mstr',
					vendorCode: 'ACTIONS_REFUSED',
					status: error.status,
					requestId: error.requestId,
					hint: 'Import with the package\'s own actions (drop --action/--default-action), or set the actions on the source side and export again.',
				});
			}

			throw error;
		}

		review = await readDefinition();
	};

	const pollImport = async (id: string): Promise<ImportStatus> => {
		let lastKeepAlive = Date.now();
		return pollUntil({
			async fetch() {
				if (Date.now() - lastKeepAlive > keepAliveEveryMs) {
					lastKeepAlive = Date.now();
					await client.keepAlive().catch(() => undefined);
				}

				return client.getImport(id);
			},
			isDone: status => sameStatus(status.status, 'imported') || isFailure(status.status),
			intervalMs: ctx.pollIntervalMs,
			signal,
			onPoll(status, nextPollAt) {
				lastImport = status;
				onEvent({type: 'progress', step: 'import', percent: Number(status.progress ?? 0), serverStatus: status.status.toLowerCase(), jobId: id, nextPollAt});
			},
		});
	};

	/** After `imported`, the undo flag can trail behind; poll briefly before giving up on it. */
	const waitForUndo = async (status: ImportStatus): Promise<ImportStatus> => {
		let current = status;
		for (let attempt = 0; attempt < undoPollsAfterImport && current.undoPackageCreated !== true; attempt++) {
			await new Promise(resolve => setTimeout(resolve, Math.min(ctx.pollIntervalMs, 1000)));
			current = await client.getImport(importId!);
		}

		return current;
	};

	/**
	 * Saves the undo package beside the package (or --undo-out). Its folder was checked writable
	 * before the upload; should the disk still refuse (full, gone read-only), it goes to the system's
	 * temp folder instead and the warning says so. It can be stopped (Ctrl-C, --timeout) like any
	 * other wait: then, or when both places fail, the import process and the session are kept so
	 * the undo package is not destroyed by packport's own cleanup.
	 */
	const saveUndo = async (): Promise<string> => {
		const destination = options.undoOut ?? defaultUndoPath(pkg.path ?? 'package.mmp');
		const downloadSignal = AbortSignal.any([signal, timeoutSignal(10 * 60_000)]);
		try {
			return await client.downloadUndo(importId!, destination, downloadSignal);
		} catch (error) {
			if (!isLocalWriteError(error) || signal.aborted) throw error;
			const fallback = path.join(os.tmpdir(), path.basename(destination));
			const saved = await client.downloadUndo(importId!, fallback, downloadSignal);
			warnings.push(`The undo package could not be written to ${destination} (${localReason(error)}); it was saved to ${saved} instead.`);
			undoMoved = true;
			return saved;
		}
	};

	const sessionLost = (error: unknown) =>
		error instanceof PackportError && (error.status === 401 || mstrCodeNumber(error.vendorCode) === 9);

	return {
		get jobId() {
			return importId;
		},
		get submitted() {
			return submitted;
		},
		async prepare() {
			// The undo package is the only rollback: its folder must take a file before anything is sent.
			if ((options.generateUndo ?? true) && !options.undoOut && pkg.path) checkDefaultUndoFolder(pkg.path);
			await step('login', 'Signing in…', () => `Signed in as ${profile.username ?? 'user'}`, async () => client.login(ctx.secret));
			await step('holder', 'Creating the package holder…', () => 'Package holder created', async () => {
				holderId = (await client.createHolder()).id;
			});
			await step('upload', 'Uploading the package…', () => 'Package uploaded', async () =>
				client.uploadBinary(holderId!, pkg.path!, (transferred, total) =>
					onEvent({type: 'progress', step: 'upload', transferred, total: total || pkg.bytes}),
				),
			);
			review = await step('definition', 'Reading the package definition…', r => `Definition loaded: ${r.objects.length} objects`, readDefinition);
			return review;
		},
		choicesFromOptions(given) {
			const current = own(given);
			const known = new Set(current.objects.map(object => object.id));
			for (const id of Object.keys(options.actions ?? {})) {
				if (!known.has(id)) throw usageError(`--action names object ${id}, which is not in the package.`, 'Run the wizard or `packport import` without --action to see the object ids.');
			}

			return {vendor: 'mstr', defaultAction: options.defaultAction, actions: {...options.actions}, generateUndo: options.generateUndo ?? true};
		},
		async apply(given) {
			const choices = own(given);
			chosen = choices;
			if (!hasActionChanges(review!, choices)) return;
			await step('actions', 'Changing object actions…', () => 'Object actions changed', async () => applyActions(choices));
		},
		async execute(given): Promise<Outcome> {
			const choices = own(given);
			chosen = choices;
			warnings.length = 0;
			const counts = countActions(review!, choices);
			if (choices.generateUndo && counts.keep_both) {
				warnings.push('keep_both is among the actions: the server may not produce an undo package, so this import may not be reversible.');
			}

			let final = await step('import', 'Importing…', s => (isFailure(s.status) ? 'Import failed' : 'Package imported'), async () => {
				submitted = true;
				const created = await client.createImport(holderId!, choices.generateUndo).catch((error: unknown) => {
					// MicroStrategy cannot list a session's imports, so a lost answer cannot be resolved by
					// looking; sending it again could import twice. Ending the session removes the process.
					if (!mayHaveArrived(error)) throw error;
					throw new PackportError('unknown-outcome', `${error.message} The import call may have started an import that packport cannot see (MicroStrategy has no list of a session's imports); it was not sent again.`, {
						vendor: 'mstr',
						hint: 'Check the target project in MicroStrategy before importing again.',
					});
				});
				importId = created.id;
				onEvent({type: 'progress', step: 'import', percent: Number(created.progress ?? 0), serverStatus: created.status.toLowerCase(), jobId: importId});
				try {
					return isFailure(created.status) || sameStatus(created.status, 'imported') ? created : await pollImport(importId);
				} catch (error) {
					if (sessionLost(error)) {
						throw new PackportError('unknown-outcome', `The MicroStrategy session ended while import ${importId} was running; its outcome is unknown.`, {
							vendor: 'mstr',
							hint: 'Check the target project in MicroStrategy before importing again; the undo package could not be fetched.',
						});
					}

					throw error;
				}
			}, s => isFailure(s.status));
			lastImport = final;
			const status = final.status.toLowerCase();
			if (isFailure(status)) {
				const reason = text(final.message) ?? text((final as Record<string, unknown>).error);
				return {
					status,
					exitCode: 1,
					details: this.details(),
					warnings,
					error: new PackportError('server', `MicroStrategy reports the import failed${reason ? `: ${reason}` : '.'}`, {
						vendor: 'mstr',
						hint: 'Nothing to roll back was produced; check the objects named above in the target project, fix the package, and import again.',
					}),
				};
			}

			let undoPackage: string | undefined;
			if (choices.generateUndo) {
				// keep_both imports get no undo package; do not wait for one that will not come.
				if (!counts.keep_both) final = await waitForUndo(final);
				lastImport = final;
				if (final.undoPackageCreated === true) {
					try {
						undoPackage = await step('undo', 'Saving the undo package…', p => `Undo package saved to ${p}`, saveUndo);
					} catch (error) {
						// The import is done; only the undo package is missing. It stays on the server with the
						// import process and the session, which cleanup leaves alone.
						keepForUndo = true;
						const why = signal.aborted ? 'interrupted' : error instanceof Error ? error.message : String(error);
						warnings.push(`The import succeeded, but the undo package was not saved (${why}). Import process ${importId} and its session were left on the server so it is not destroyed; they end when the session expires.`);
					}
				} else {
					warnings.push('The server produced no undo package for this import (keep_both or server policy): it cannot be rolled back with packport.');
				}
			}

			// Asked for an undo package and got none: imported, but not reversible — CI should notice.
			// Not where it was asked for, or not at all: the import is done, but CI should look.
			return {status, exitCode: choices.generateUndo && (!undoPackage || undoMoved) ? 4 : 0, undoPackage, details: this.details(), warnings};
		},
		async cleanup(): Promise<CleanupReport> {
			const report: CleanupReport = {done: [], left: []};
			const cleanupSignal = ctx.cleanupSignal(cleanupTimeoutMs);
			const attempt = async (what: string, run: () => Promise<void>) => {
				try {
					await run();
					report.done.push(what);
				} catch (error) {
					if (error instanceof PackportError && error.status === 404) report.done.push(`${what} (already gone)`);
					else if (sessionLost(error)) report.done.push(`${what} (went with the expired session)`);
					else if (isTimeout(error)) report.left.push(`${what.replace(/ deleted$/, '')} not deleted: no answer in time`);
					else report.left.push(`${what.replace(/ deleted$/, '')} not deleted: ${error instanceof Error ? error.message : String(error)}`);
				}
			};

			if (!client.loggedIn) return report;
			if (keepForUndo) {
				report.left.push(`Import process ${importId} kept with its undo package (not saved); the MicroStrategy session was not ended`);
				return report;
			}

			onEvent({type: 'step', name: 'cleanup', label: 'Cleaning up…', status: 'running'});
			const started = Date.now();
			// Each call has its own share of the budget: one hanging DELETE must not cost the sign-out.
			if (importId) await attempt('Import process deleted', async () => client.deleteImport(importId!, slice(cleanupSignal, ctx.requestTimeoutMs)));
			if (holderId) await attempt('Package holder deleted', async () => client.deleteHolder(holderId!, slice(cleanupSignal, ctx.requestTimeoutMs)));
			await attempt('Signed out', async () => client.logout(slice(cleanupSignal, ctx.requestTimeoutMs)));
			onEvent({type: 'step', name: 'cleanup', label: report.left.length ? 'Cleanup incomplete' : 'Server cleaned up', status: report.left.length ? 'failed' : 'done', ms: Date.now() - started});
			return report;
		},
		details() {
			const current = review;
			const choices = chosen ?? {vendor: 'mstr' as const, actions: {}, generateUndo: options.generateUndo ?? true, defaultAction: options.defaultAction};
			return {
				holderId: holderId ?? null,
				importId: importId ?? null,
				packageType: current?.packageType ?? null,
				settings: current?.settings ?? null,
				objects: (current?.objects ?? []).map(object => ({
					id: object.id,
					name: object.name,
					type: object.type,
					typeName: object.typeName,
					action: effectiveAction(object, choices),
				})),
				actions: {defaultAction: choices.defaultAction ?? current?.settings.defaultAction ?? null, overrides: choices.actions, generateUndo: choices.generateUndo, counts: current ? countActions(current, choices) : {}},
				progress: lastImport?.progress ?? null,
			};
		},
	};
};
