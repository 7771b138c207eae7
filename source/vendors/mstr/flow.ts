/**
 * The MicroStrategy import, step by step (vendor-apis.md 2.4):
 * login -> holder -> upload -> definition (poll ready) -> [actions] -> import (poll) -> undo saved
 * -> cleanup (import process, holder, logout) on every path.
 */
import {timeoutSignal} from '../../engine/timeout-signal.js';
import os from 'node:os';
import path from 'node:path';
import {PackportError, usageError} from '../../errors.js';
import {mayHaveArrived, pollUntil, retryLog} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {stripControl} from '../../http/redact.js';
import type {CleanupReport, Outcome, PackageInfo, VendorContext, VendorFlow} from '../vendor.js';
import {effectiveAction, countActions, hasActionChanges} from './actions.js';
import {createMstrClient, mstrCodeNumber, sameStatus, type HolderStatus, type ImportStatus} from './client.js';
import {mstrTypeName} from './object-types.js';
import type {MstrChoices, MstrObject, MstrReview, MstrSettings} from './types.js';
import {checkDefaultUndoFolder, defaultUndoPath} from './undo-path.js';
import {counted} from '../../output/words.js';

const keepAliveEveryMs = 60_000;
const cleanupTimeoutMs = 30_000;
/** One cleanup call's share of the budget: a third of it, and never longer than --request-timeout. */
const slice = (budget: AbortSignal, requestTimeoutMs = Number.POSITIVE_INFINITY) =>
	AbortSignal.any([budget, timeoutSignal(Math.min(cleanupTimeoutMs / 3, requestTimeoutMs))]);
const isTimeout = (error: unknown) =>
	error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || /aborted due to timeout/.test(error.message));
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
const localReason = (error: unknown) =>
	({ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is used up', EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'permission denied'})[
		errnoOf(error) ?? ''
	] ??
	errnoOf(error) ??
	'write failed';
/** How long the undo flag may trail `imported` (mstrio's TIMEOUT = 60). */
const undoWaitMs = 60_000;

/** What the server holds after an action change it did not (fully) make, for the wizard to show. */
export class ActionsNotAppliedError extends PackportError {
	constructor(
		message: string,
		readonly review: MstrReview,
	) {
		super('server', message, {
			vendor: 'mstr',
			vendorCode: 'ACTIONS_NOT_APPLIED',
			hint: "Import with the server's actions (drop --action/--default-action), or set the actions when the package is built on the source.",
		});
	}
}

/** The engine hands every vendor the shared union; this flow only ever sees its own shapes. */
const own = <T extends {vendor: string}>(value: T): Extract<T, {vendor: 'mstr'}> => {
	if (value.vendor !== 'mstr') throw new Error(`MicroStrategy flow given ${value.vendor} data`);
	return value as Extract<T, {vendor: 'mstr'}>;
};

const isFailure = (status: string) => status.toLowerCase().includes('fail');
const text = (value: unknown) => (typeof value === 'string' ? stripControl(value) : undefined);

/** With no default in the package either, MicroStrategy (and mstrio) use use_existing. */
const fallbackAction = 'use_existing';

const toObject = (raw: Record<string, unknown>, settings: MstrSettings): MstrObject => {
	const type = typeof raw.type === 'number' ? raw.type : Number(raw.type ?? 0);
	const owner = raw.owner as {id?: unknown} | undefined;
	// A row without an action (a dependent) follows the package's default action (mstrio).
	const own = text(raw.action)?.trim().toLowerCase();
	return {
		id: String(raw.id ?? ''),
		name: text(raw.name) ?? String(raw.id ?? ''),
		type,
		typeName: mstrTypeName(type),
		version: text(raw.version),
		action: own || (text(settings.defaultAction)?.toLowerCase() ?? fallbackAction),
		...(own ? {} : {inherited: true}),
		dateCreated: text(raw.dateCreated),
		dateModified: text(raw.dateModified),
		includeDependents: typeof raw.includeDependents === 'boolean' ? raw.includeDependents : undefined,
		level: text(raw.level),
		ownerId: text(owner?.id),
	};
};

const toReview = (holder: HolderStatus): MstrReview => {
	const content = Array.isArray(holder.content) ? (holder.content as Array<Record<string, unknown>>) : [];
	const settings = (typeof holder.settings === 'object' && holder.settings !== null ? holder.settings : {}) as MstrSettings;
	return {
		vendor: 'mstr',
		holderId: holder.id,
		status: holder.status.toLowerCase(),
		packageType: text(holder.type),
		settings,
		objects: content.map(raw => toObject(raw, settings)),
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
	let undoLate = false;
	const warnings: string[] = [];

	const step = createStepRunner(onEvent, signal);

	const waitForHolderReady = async (id: string) =>
		pollUntil({
			fetch: async () => client.getHolder(id, false, {once: true}),
			isDone: holder => sameStatus(holder.status, 'ready') || isFailure(holder.status),
			// Holders become ready in moments; no need to wait a whole job-poll interval.
			intervalMs: Math.min(ctx.pollIntervalMs, 250),
			signal,
			...retryLog(onEvent),
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

	/**
	 * Sends only what the user changed (rows whose action changes, and the default action if it
	 * changes), never fields the package did not carry, then reads the definition back: a change the
	 * server answered but did not make (MicroStrategy documents the PUT for empty holders only) stops
	 * the run before the import, naming the objects. The review becomes what the server holds.
	 */
	const applyActions = async (choices: MstrChoices) => {
		const current = review!;
		const newDefault = choices.defaultAction !== undefined && choices.defaultAction !== current.settings.defaultAction ? choices.defaultAction : undefined;
		const changed = current.objects.filter(object => {
			const wanted = effectiveAction(object, choices);
			if (wanted === object.action) return false;
			// A row without an action of its own follows the new default: the settings carry it.
			return !(object.inherited && newDefault !== undefined && wanted === newDefault && choices.actions[object.id] === undefined);
		});
		const body = {
			...(current.packageType ? {type: current.packageType} : {}),
			...(newDefault ? {settings: {defaultAction: newDefault}} : {}),
			content: changed.map(object => ({id: object.id, type: object.type, action: effectiveAction(object, choices)})),
		};
		try {
			await client.updateHolder(holderId!, body);
		} catch (error) {
			if (error instanceof PackportError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 401) {
				const said = error.message.replace(/^MicroStrategy refused changing the object actions: \d{3} ?(?:\S+ )?/, '');
				throw new PackportError(
					'server',
					`MicroStrategy refused to change the actions of the uploaded package (${error.vendorCode ?? error.status}${said ? `: ${said}` : ''}); nothing was imported.`,
					{
						vendor: 'mstr',
						vendorCode: 'ACTIONS_REFUSED',
						status: error.status,
						requestId: error.requestId,
						hint: "Import with the package's own actions (drop --action/--default-action), or set the actions when the package is built on the source.",
					},
				);
			}

			throw error;
		}

		const server = await readDefinition();
		const held = new Map(server.objects.map(object => [object.id, object]));
		const missed = current.objects.flatMap(object => {
			const wanted = effectiveAction(object, choices);
			const has = held.get(object.id);
			if (!has) return [`${object.name} (${object.id}): no longer in the package`];
			return has.action === wanted ? [] : [`${object.name} (${object.id}): asked ${wanted}, the server keeps ${has.action}`];
		});
		review = server;
		if (missed.length > 0) {
			// What stands is the server's: the result reports its actions, not the ones asked for.
			chosen = {...choices, defaultAction: undefined, actions: {}};
			throw new ActionsNotAppliedError(
				`MicroStrategy answered the action change but did not make it for ${counted(missed.length, 'object')}: ` +
					`${missed.slice(0, 10).join('; ')}${missed.length > 10 ? `; ${missed.length - 10} more` : ''}. Nothing was imported.`,
				server,
			);
		}
	};

	const pollImport = async (id: string): Promise<ImportStatus> => {
		let lastKeepAlive = Date.now();
		return pollUntil({
			async fetch() {
				if (Date.now() - lastKeepAlive > keepAliveEveryMs) {
					lastKeepAlive = Date.now();
					await client.keepAlive().catch(() => undefined);
				}

				return client.getImport(id, {once: true});
			},
			isDone: status => sameStatus(status.status, 'imported') || isFailure(status.status),
			intervalMs: ctx.pollIntervalMs,
			signal,
			...retryLog(onEvent),
			onPoll(status, nextPollAt) {
				lastImport = status;
				onEvent({type: 'progress', step: 'import', percent: Number(status.progress ?? 0), serverStatus: status.status.toLowerCase(), jobId: id, nextPollAt});
			},
		});
	};

	/**
	 * After `imported`, the undo flag can trail behind (mstrio waits up to 60 s): wait for it on that
	 * budget, within the run's deadline, before anything is cleaned up.
	 */
	const waitForUndo = async (status: ImportStatus): Promise<ImportStatus> => {
		if (status.undoPackageCreated === true) return status;
		const budgetMs = Math.max(0, Math.min(undoWaitMs, ctx.deadline - Date.now()));
		const waited = AbortSignal.any([signal, timeoutSignal(budgetMs)]);
		try {
			return await pollUntil({
				fetch: async () => client.getImport(importId!, {once: true}),
				isDone: current => current.undoPackageCreated === true,
				intervalMs: Math.min(ctx.pollIntervalMs, 1000),
				signal: waited,
			});
		} catch (error) {
			if (signal.aborted || !waited.aborted) throw error;
			undoLate = true;
			return lastImport ?? status;
		}
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

	const sessionLost = (error: unknown) => error instanceof PackportError && (error.status === 401 || mstrCodeNumber(error.vendorCode) === 9);

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
			await step(
				'login',
				'Signing in…',
				() => (profile.loginMode === 4096 ? 'Signed in with the API token' : `Signed in as ${profile.username ?? 'user'}`),
				async () => client.login(ctx.secret),
			);
			await step(
				'holder',
				'Creating the package holder…',
				() => 'Package holder created',
				async () => {
					holderId = (await client.createHolder()).id;
				},
			);
			await step(
				'upload',
				'Uploading the package…',
				() => 'Package uploaded',
				async () =>
					client.uploadBinary(holderId!, pkg.path!, (transferred, total) =>
						onEvent({type: 'progress', step: 'upload', transferred, total: total || pkg.bytes}),
					),
			);
			review = await step('definition', 'Reading the package definition…', r => `Definition loaded: ${counted(r.objects.length, 'object')}`, readDefinition);
			return review;
		},
		choicesFromOptions(given) {
			const current = own(given);
			const known = new Set(current.objects.map(object => object.id));
			// Found only now, after the upload: say so, and that nothing was imported.
			const uploaded = 'The package was uploaded only to read its definition; the holder is deleted and nothing was imported.';
			for (const id of Object.keys(options.actions ?? {})) {
				if (!known.has(id))
					throw usageError(
						`--action names object ${id}, which is not in the package. ${uploaded}`,
						'Run the wizard or `packport import` without --action to see the object ids.',
					);
			}

			const choices: MstrChoices = {
				vendor: 'mstr',
				defaultAction: options.defaultAction,
				actions: {...options.actions},
				generateUndo: options.generateUndo ?? true,
			};
			// delete is irreversible for every object it touches: headless, only as the command line says it.
			const deleting = current.objects.filter(
				object => effectiveAction(object, choices) === 'delete' && choices.actions[object.id] !== 'delete' && choices.defaultAction !== 'delete',
			);
			if (deleting.length > 0 && !options.allowDelete) {
				const names = deleting
					.slice(0, 5)
					.map(object => `${object.name} (${object.id})`)
					.join(', ');
				throw usageError(
					`The package itself deletes ${counted(deleting.length, 'object')} in the target: ${names}${deleting.length > 5 ? ', …' : ''}. ${uploaded}`,
					`Confirm with --allow-delete (or --action ID=delete for each), or give them another action with --action ID=ACTION.`,
				);
			}

			return choices;
		},
		async apply(given) {
			const choices = own(given);
			chosen = choices;
			if (!hasActionChanges(review!, choices)) return;
			await step(
				'actions',
				'Changing object actions…',
				() => 'Object actions changed',
				async () => applyActions(choices),
			);
		},
		reviewAfterRefusal(error) {
			// A refused action change, or one answered and not made, leaves the package as the server
			// holds it: shown again read-only, the import can go on with the server's actions.
			const code = error instanceof PackportError ? error.vendorCode : undefined;
			if ((code !== 'ACTIONS_REFUSED' && code !== 'ACTIONS_NOT_APPLIED') || !review) return undefined;
			const held = error instanceof ActionsNotAppliedError ? error.review : review;
			const serverActions = (choices: MstrChoices): MstrChoices => ({...choices, defaultAction: undefined, actions: {}});
			return {
				review: {...held, notice: `${(error as Error).message} Continue with the server's actions, or cancel.`, actionsLocked: true},
				choices: serverActions(chosen ?? {vendor: 'mstr', actions: {}, generateUndo: options.generateUndo ?? true}),
				settle: given => serverActions(own(given)),
			};
		},
		async execute(given): Promise<Outcome> {
			let choices = own(given);
			warnings.length = 0;
			const counts = countActions(review!, choices);
			// MicroStrategy makes no undo package when objects are kept both ways; its docs advise
			// generateUndo=false. Said before the import; --undo-out insists on asking anyway.
			if (choices.generateUndo && counts.keep_both && !options.undoOut) {
				choices = {...choices, generateUndo: false};
				const note = `${counted(counts.keep_both, 'object')} ${counts.keep_both === 1 ? 'uses' : 'use'} keep_both: MicroStrategy cannot make an undo ` +
					`package for such an import, so it runs without one (pass --undo-out to ask anyway).`;
				warnings.push(note);
				onEvent({type: 'log', level: 'warn', message: note});
			}

			chosen = choices;
			// The session may have lapsed while the user reviewed: learn it now, while nothing is imported.
			await client.keepAlive().catch((error: unknown) => {
				if (sessionLost(error))
					throw new PackportError('auth', 'The MicroStrategy session expired before the import started; nothing was imported.', {
						vendor: 'mstr',
						hint: 'Run the import again; review and confirm within the session timeout.',
					});
			});

			let final = await step(
				'import',
				'Importing…',
				s => (isFailure(s.status) ? 'Import failed' : 'Package imported'),
				async () => {
					submitted = true;
					const created = await client.createImport(holderId!, choices.generateUndo).catch((error: unknown) => {
						// A 401 on the import call is a refusal: nothing was imported (not "unknown").
						if (sessionLost(error)) {
							submitted = false;
							throw new PackportError(
								'auth',
								`The MicroStrategy session was refused at the import call (${(error as PackportError).vendorCode ?? 401}); nothing was imported.`,
								{vendor: 'mstr', hint: 'Run the import again.'},
							);
						}

						// A MicroStrategy error body (a code, the objects named) is the server's answer: it refused,
						// nothing to wonder about. MicroStrategy cannot list a session's imports, so a lost answer
						// cannot be resolved by looking; sending it again could import twice.
						if (!mayHaveArrived(error) || (error.vendorCode && /^ERR/i.test(error.vendorCode))) {
							if (error instanceof PackportError && error.kind === 'server') submitted = false;
							throw error instanceof PackportError && error.kind === 'server'
								? new PackportError(
										'server',
										`${error.message.replace(/^MicroStrategy refused starting the import: /, 'MicroStrategy refused the import: ')}`,
										{
											vendor: 'mstr',
											status: error.status,
											vendorCode: error.vendorCode,
											requestId: error.requestId,
											hint: 'Nothing was imported. Fix the objects named above in the package (or the target project) and import again.',
										},
									)
								: error;
						}
						throw new PackportError(
							'unknown-outcome',
							`${error.message} The import call may have started an import that packport cannot see (MicroStrategy has no list of a session's imports); it was not sent again.`,
							{
								vendor: 'mstr',
								hint: 'Check the target project in MicroStrategy before importing again.',
							},
						);
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
				},
				s => isFailure(s.status),
			);
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
						// Only point "above" when the server's reason names something there.
						hint: `Nothing to roll back was produced; check ${reason ? 'the objects the reason above names' : 'the job in the target project'}, fix the package, and import again.`,
					}),
				};
			}

			let undoPackage: string | undefined;
			if (choices.generateUndo) {
				// keep_both imports get no undo package: no point waiting a minute for one that will not come.
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
						warnings.push(
							`The import succeeded, but the undo package was not saved (${why}). Import process ${importId} and its session were left on the ` +
								`server so it is not destroyed; they end when the session expires.`,
						);
					}
				} else {
					const why = counts.keep_both
						? `${counted(counts.keep_both, 'object')} ${counts.keep_both === 1 ? 'uses' : 'use'} keep_both, for which MicroStrategy makes no undo package`
						: undoLate
							? `MicroStrategy had not made it ${Math.round(undoWaitMs / 1000)} s after the import ended`
							: 'MicroStrategy did not make one (the server may be set not to)';
					warnings.push(`No undo package: ${why}. This import cannot be rolled back with packport.`);
				}
			}

			// Asked for an undo package and got none: imported, but not reversible — CI should notice.
			// Not where it was asked for, or not at all: the import is done, but CI should look.
			return {status, exitCode: choices.generateUndo && (!undoPackage || undoMoved) ? 4 : 0, undoPackage, details: this.details(), warnings};
		},
		async cleanup(): Promise<CleanupReport> {
			const report: CleanupReport = {done: [], left: []};
			const cleanupSignal = ctx.cleanupSignal(cleanupTimeoutMs);
			// Once the server cannot be reached at all, the other calls are not tried (each would spend
			// its retries on a server that is gone); they are reported as left, with the same reason.
			let unreachable: string | undefined;
			const attempt = async (what: string, run: () => Promise<void>) => {
				if (unreachable) {
					report.left.push(`${what.replace(/ deleted$/, '')} not deleted: ${unreachable}`);
					return;
				}

				try {
					await run();
					report.done.push(what);
				} catch (error) {
					if (error instanceof PackportError && error.kind === 'connect') unreachable = 'the server cannot be reached';
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
			try {
				if (unreachable) throw new Error(unreachable);
				await client.logout(slice(cleanupSignal, ctx.requestTimeoutMs));
				report.done.push('Signed out');
			} catch (error) {
				// Only what MicroStrategy confirmed is reported done: a 401 says the session is already gone.
				if (sessionLost(error)) report.done.push('Signed out (the session had already ended)');
				else
					report.left.push(
						`Not signed out of MicroStrategy (${isTimeout(error) ? 'no answer in time' : error instanceof Error ? error.message : String(error)}); the session ends when it times out`,
					);
			}
			onEvent({
				type: 'step',
				name: 'cleanup',
				label: report.left.length ? 'Cleanup incomplete' : 'Server cleaned up',
				status: report.left.length ? 'failed' : 'done',
				ms: Date.now() - started,
			});
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
				actions: {
					defaultAction: choices.defaultAction ?? current?.settings.defaultAction ?? null,
					overrides: choices.actions,
					generateUndo: choices.generateUndo,
					counts: current ? countActions(current, choices) : {},
				},
				progress: lastImport?.progress ?? null,
			};
		},
	};
};
