/**
 * The source half of a MicroStrategy promote (create-a-migration-package.md, vendor-apis.md 2.4):
 * sign in -> an empty holder on the source project -> PUT its content and settings (objects with
 * their actions: the documented use of that PUT) -> poll until READY -> read the definition back
 * (the server must hold the actions asked for) -> download the binary to a temp `.mmp` -> delete
 * the holder -> sign out. Cleanup runs on every path and reports only what the server confirmed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Profile} from '../../config/profile-types.js';
import type {OnEvent} from '../../engine/events.js';
import {pollUntil, retryLog} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {timeoutSignal} from '../../engine/timeout-signal.js';
import {PackportError, usageError} from '../../errors.js';
import {createRedactor, stripControl, type Redactor} from '../../http/redact.js';
import {counted} from '../../output/words.js';
import type {CleanupReport} from '../vendor.js';
import {createMstrClient, mstrCodeNumber, sameStatus, type HolderStatus} from './client.js';
import {putBodyOf, type MstrBuildDefinition, type MstrBuildObject} from './export-definition.js';
import {mstrTypeName} from './object-types.js';
import {isMstrAction, type MstrSettings} from './types.js';

export type BuildMstrPackageOptions = {
	/** The source profile: its project is where the package is built (none for a configuration package). */
	profile: Profile;
	secret: string;
	definition: MstrBuildDefinition;
	signal: AbortSignal;
	onEvent: OnEvent;
	/** --request-timeout: how long one call may wait for an answer. */
	requestTimeoutMs?: number;
	/** Floor between holder status reads (default 250 ms: holders are ready in moments). */
	pollIntervalMs?: number;
	/** The run's redactor, so the source's token stays out of every message; a new one otherwise. */
	redactor?: Redactor;
	/** The cleanup's signal (its own budget; the engine cuts it short when the user insists). */
	cleanupSignal?: (budgetMs: number) => AbortSignal;
};

export type MstrBuildDetails = {
	holderId: string;
	projectId: string | null;
	packageType: string;
	/** As the server holds them after the PUT. */
	settings: MstrSettings;
	objects: Array<{id: string; name: string; type: number; typeName: string; action: string}>;
	bytes: number;
	cleanup: CleanupReport;
};

export type MstrBuildResult = {
	/** The downloaded package, in a temp folder of its own. */
	file: string;
	/** What the server built: the objects it holds, each with its own action (none: follows the default). */
	definition: MstrBuildDefinition;
	details: MstrBuildDetails;
	/** Removes the temp folder and the file in it; safe to call twice. */
	dispose: () => void;
};

const cleanupTimeoutMs = 30_000;
const isFailure = (status: string) => status.toLowerCase().includes('fail');
const text = (value: unknown) => (typeof value === 'string' ? stripControl(value) : undefined);
const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || /aborted due to timeout/.test(error.message));
const sessionLost = (error: unknown) => error instanceof PackportError && (error.status === 401 || mstrCodeNumber(error.vendorCode) === 9);

/** What the source's cleanup did when the build failed: `sourceCleanupOf(error)`. */
const cleanupKey = Symbol('mstr source cleanup');
export const sourceCleanupOf = (error: unknown): CleanupReport | undefined =>
	typeof error === 'object' && error !== null ? (error as {[cleanupKey]?: CleanupReport})[cleanupKey] : undefined;

/** The rows the server holds, as a definition: a row without an action keeps none. */
const heldDefinition = (holder: HolderStatus, packageType: MstrBuildDefinition['packageType']): MstrBuildDefinition => {
	const settings = (typeof holder.settings === 'object' && holder.settings !== null ? holder.settings : {}) as MstrSettings;
	const content = (Array.isArray(holder.content) ? holder.content : []) as Array<Record<string, unknown>>;
	return {
		packageType,
		settings,
		objects: content.map((row): MstrBuildObject => {
			const action = text(row.action)?.trim().toLowerCase();
			return {
				id: String(row.id ?? '').toUpperCase(),
				name: text(row.name) ?? String(row.id ?? ''),
				type: typeof row.type === 'number' ? row.type : Number(row.type ?? 0),
				...(isMstrAction(action) ? {action} : {}),
				...(typeof row.includeDependents === 'boolean' ? {includeDependents: row.includeDependents} : {}),
			};
		}),
	};
};

const effective = (object: MstrBuildObject, settings: MstrSettings) => object.action ?? settings.defaultAction?.toLowerCase() ?? 'use_existing';

/** Builds the package on the source project and downloads it; see the file comment for the steps. */
export const buildMstrPackage = async (options: BuildMstrPackageOptions): Promise<MstrBuildResult> => {
	const {profile, definition, signal, onEvent} = options;
	const isConfiguration = definition.packageType === 'configuration';
	// The page's rules: project and project security packages need the project; a configuration package must not name one.
	if (!isConfiguration && !profile.projectId) {
		throw usageError(
			`Profile '${profile.name}' names no project, and a ${definition.packageType.replace('_', ' ')} package is built in one.`,
			`Set the source project: packport profiles edit ${profile.name} --project-id ID.`,
		);
	}

	const redactor = options.redactor ?? createRedactor();
	redactor.add(options.secret);
	const scoped: Profile = isConfiguration ? {...profile, projectId: undefined} : profile;
	const client = createMstrClient({profile: scoped, redactor, signal, requestTimeoutMs: options.requestTimeoutMs});
	const step = createStepRunner(onEvent, signal);
	let holderId: string | undefined;
	let folder: string | undefined;
	const dispose = () => {
		if (folder) fs.rmSync(folder, {recursive: true, force: true});
	};

	const cleanup = async (): Promise<CleanupReport> => {
		const report: CleanupReport = {done: [], left: []};
		if (!client.loggedIn) return report;
		const budget = options.cleanupSignal?.(cleanupTimeoutMs) ?? timeoutSignal(cleanupTimeoutMs);
		// Each call gets a third of the budget (and no more than --request-timeout): a hanging DELETE must not cost the sign-out.
		const slice = () => AbortSignal.any([budget, timeoutSignal(Math.min(cleanupTimeoutMs / 3, options.requestTimeoutMs ?? Number.POSITIVE_INFINITY))]);
		const started = Date.now();
		onEvent({type: 'step', name: 'source-cleanup', label: 'Cleaning up the source…', status: 'running'});
		let unreachable = false;
		if (holderId) {
			try {
				await client.deleteHolder(holderId, slice());
				report.done.push('Source package holder deleted');
			} catch (error) {
				if (error instanceof PackportError && error.kind === 'connect') unreachable = true;
				if (error instanceof PackportError && error.status === 404) report.done.push('Source package holder deleted (already gone)');
				else if (sessionLost(error)) report.done.push('Source package holder deleted (went with the expired session)');
				else report.left.push(`Source package holder not deleted: ${isTimeout(error) ? 'no answer in time' : error instanceof Error ? error.message : String(error)}`);
			}
		}

		try {
			if (unreachable) throw new Error('the server cannot be reached');
			await client.logout(slice());
			report.done.push('Signed out of the source');
		} catch (error) {
			if (sessionLost(error)) report.done.push('Signed out of the source (the session had already ended)');
			else
				report.left.push(
					`Not signed out of the source (${isTimeout(error) ? 'no answer in time' : error instanceof Error ? error.message : String(error)}); the session ends when it times out`,
				);
		}

		const failed = report.left.length > 0;
		onEvent({type: 'step', name: 'source-cleanup', label: failed ? 'Source cleanup incomplete' : 'Source cleaned up', status: failed ? 'failed' : 'done', ms: Date.now() - started});
		return report;
	};

	try {
		await step(
			'source-login',
			'Signing in to the source…',
			() => (profile.loginMode === 4096 ? 'Signed in to the source with the API token' : `Signed in to the source as ${profile.username ?? 'user'}`),
			async () => client.login(options.secret),
		);
		await step(
			'source-holder',
			'Creating an empty package holder on the source…',
			() => 'Empty package holder created',
			async () => {
				const created = await client.createHolder().catch((error: unknown) => {
					if (error instanceof PackportError && error.vendorCode === 'NO_PACKAGE_API') {
						throw new PackportError('server', error.message.replace('importing packages over REST', 'building packages over REST'), {
							vendor: 'mstr',
							status: error.status,
							vendorCode: error.vendorCode,
							requestId: error.requestId,
							hint: `Build the package in Workstation or Object Manager and import the .mmp with packport import.`,
						});
					}

					throw error;
				});
				holderId = created.id;
			},
		);
		await step(
			'source-content',
			'Setting the package content and actions…',
			() => `Content set: ${counted(definition.objects.length, 'object')}`,
			async () => client.defineHolder(holderId!, putBodyOf(definition)),
		);
		const ready = await step(
			'source-build',
			'Building the package…',
			holder => (isFailure(holder.status) ? 'Package build failed' : 'Package built'),
			async () =>
				pollUntil({
					fetch: async () => client.getHolder(holderId!, false, {once: true}),
					isDone: holder => sameStatus(holder.status, 'ready') || isFailure(holder.status),
					intervalMs: options.pollIntervalMs ?? 250,
					signal,
					...retryLog(onEvent),
				}),
			holder => isFailure(holder.status),
		);
		if (isFailure(ready.status)) {
			throw new PackportError('server', `MicroStrategy could not build the package on the source (holder status "${text(ready.status)}"); nothing was downloaded.`, {
				vendor: 'mstr',
				hint: 'Check that the objects exist in the source project and that the package type fits them, then try again.',
			});
		}

		// The server's word on what it built: every object asked for, with the action asked for.
		const held = heldDefinition(await client.getHolder(holderId!, true), definition.packageType);
		const byId = new Map(held.objects.map(object => [object.id, object]));
		const missed = definition.objects.flatMap(object => {
			const has = byId.get(object.id);
			if (!has) return [`${object.name} (${object.id}): not in the built package`];
			const wanted = effective(object, definition.settings);
			const got = effective(has, held.settings);
			return wanted === got ? [] : [`${object.name} (${object.id}): asked ${wanted}, the server holds ${got}`];
		});
		if (missed.length > 0) {
			throw new PackportError(
				'server',
				`MicroStrategy built the package, but not as asked for ${counted(missed.length, 'object')}: ${missed.slice(0, 10).join('; ')}` +
					`${missed.length > 10 ? `; ${missed.length - 10} more` : ''}. Nothing was downloaded.`,
				{vendor: 'mstr', vendorCode: 'SOURCE_DEFINITION_DIFFERS', hint: 'Check the object ids and actions of the definition against the source project.'},
			);
		}

		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-mstr-build-'));
		const file = await step(
			'source-download',
			'Downloading the package…',
			saved => `Package downloaded (${fs.statSync(saved).size} bytes)`,
			async () => client.downloadPackage(holderId!, path.join(folder!, 'package.mmp'), signal),
		);
		const report = await cleanup();
		return {
			file,
			definition: held,
			details: {
				holderId: holderId!,
				projectId: scoped.projectId ?? null,
				packageType: definition.packageType,
				settings: held.settings,
				objects: held.objects.map(object => ({
					id: object.id,
					name: object.name,
					type: object.type,
					typeName: mstrTypeName(object.type),
					action: effective(object, held.settings),
				})),
				bytes: fs.statSync(file).size,
				cleanup: report,
			},
			dispose,
		};
	} catch (error) {
		dispose();
		const report = await cleanup().catch(() => ({done: [], left: ['Source cleanup could not run']}));
		try {
			if (typeof error === 'object' && error !== null) Object.defineProperty(error, cleanupKey, {value: report});
		} catch {
			// A frozen error cannot carry the report; the cleanup events said it already.
		}

		throw error;
	}
};
