/**
 * The real services behind the wizard: the profile store, the engine and the vendors. The App
 * only sees the WizardServices interface, so its tests can drive it without a network.
 *
 * got, the engine and the vendor clients are a third of the start-up work and of the idle memory,
 * and no part of the first screen (issue 6): the asynchronous services import them on first use,
 * so creating the services costs only the store and history the profile screen reads.
 */
import {timeoutSignal} from '../engine/timeout-signal.js';
import fs from 'node:fs';
import path from 'node:path';
import {headlessCommand} from '../commands/headless-command.js';
import {createHistoryRecorder} from '../commands/record-history.js';
import {interruptedRuns, type HistoryStore} from '../config/history.js';
import type {ProfileStore} from '../config/profiles.js';
import {resolveSecret} from '../config/secrets.js';
import {checkServiceUrl} from '../http/url-policy.js';
import {expandHome} from '../packages/expand-home.js';
import type {VendorId} from '../vendors/vendor-id.js';
import type {WizardServices} from './services.js';

const vendor = async (id: VendorId) => (await import('../vendors/registry.js')).getVendor(id);
const aepPackages = async () => import('../vendors/aep/list-packages.js');

export type ServiceDeps = {
	store: ProfileStore;
	history: HistoryStore;
	env: Record<string, string | undefined>;
	cwd: string;
	/** Folders searched for packages after the current one (e.g. the demo's copies of fixtures). */
	packageFolders: string[];
	/** Stops a connection test when the wizard exits. */
	signal: AbortSignal;
	/** Overrides the vendor's poll interval (the demo's emulator allows faster polls). */
	pollIntervalMs?: number;
};

export const createWizardServices = ({store, history, env, cwd, packageFolders, signal, pollIntervalMs}: ServiceDeps): WizardServices => ({
	listProfiles: () => store.list(),
	hasSecret: profile => resolveSecret(profile, {env, store: store.secrets}) !== undefined,
	resolveSecret: profile => resolveSecret(profile, {env, store: store.secrets})?.secret,
	secretSource(profile) {
		const found = resolveSecret(profile, {env, store: store.secrets});
		return found ? {words: found.words, fromEnvironment: found.source === 'env' || found.source === 'profile-env'} : undefined;
	},
	async testConnection(profile, secret) {
		const checked = {...profile, url: checkServiceUrl(profile.url)};
		await (await vendor(profile.vendor)).testConnection(checked, secret, AbortSignal.any([signal, timeoutSignal(60_000)]));
	},
	saveProfile(profile, secret) {
		store.save(profile);
		if (!secret) return undefined;
		store.secrets.set(profile.name, secret);
		return store.takeFallbackWarning();
	},
	interruptedRuns: () =>
		interruptedRuns(history.list()).map(entry => ({
			profile: entry.profile,
			vendor: entry.vendor,
			jobId: entry.jobId ?? '',
			package: entry.package,
			at: entry.at,
		})),
	async findPackages(profile) {
		const found = await (await import('../commands/find-packages.js')).findPackages(profile.vendor, [cwd, ...packageFolders], cwd);
		if (profile.vendor === 'vault') {
			// Deploy later: inbound packages this profile imported and did not deploy, newest first.
			const deployed = new Set(
				history
					.list()
					.filter(entry => entry.profile === profile.name && /^deployed/.test(entry.outcome ?? ''))
					.map(entry => entry.inboundPackageId),
			);
			const waiting = history
				.list()
				.filter(
					entry =>
						entry.profile === profile.name &&
						entry.vendor === 'vault' &&
						entry.phase === 'finished' &&
						entry.inboundPackageId &&
						entry.outcome === 'imported' &&
						!deployed.has(entry.inboundPackageId),
				)
				.slice(-5)
				.reverse()
				.map(entry => ({
					path: entry.inboundPackageId!,
					bytes: 0,
					modifiedAt: entry.at,
					deployPackageId: entry.inboundPackageId!,
					logDir: path.join(path.dirname(entry.package ?? path.join(cwd, 'x')), `${entry.inboundPackageId}-vault-logs`),
					label: `⇡ Deploy ${path.basename(entry.package ?? '?')} (inbound package ${entry.inboundPackageId}, imported ${entry.at.slice(0, 16).replace('T', ' ')})`,
				}));
			return [...waiting, ...found];
		}

		if (profile.vendor !== 'mstr') return found;
		// MicroStrategy's rollback: the undo packages this profile's imports saved, newest first.
		const rollbacks = history
			.list()
			.filter(
				entry =>
					entry.profile === profile.name && entry.vendor === 'mstr' && entry.phase === 'finished' && entry.undoPackage && fs.existsSync(entry.undoPackage),
			)
			.slice(-5)
			.reverse()
			.map(entry => {
				const stat = fs.statSync(entry.undoPackage!);
				return {
					path: entry.undoPackage!,
					bytes: stat.size,
					modifiedAt: stat.mtime.toISOString(),
					rollbackOf: entry.runId,
					label: `↶ Roll back the import of ${path.basename(entry.package ?? '?')} (${entry.at.slice(0, 16).replace('T', ' ')})`,
				};
			});
		const rolled = new Set(rollbacks.map(candidate => path.resolve(candidate.path)));
		return [...rollbacks, ...found.filter(candidate => !rolled.has(path.resolve(candidate.path)))];
	},
	// Paths typed or listed are relative to the folder the wizard was started in.
	inspectPackage: async (profile, file) => (await vendor(profile.vendor)).inspectPackage(path.resolve(cwd, expandHome(file, env))),
	async runImport(plan, options) {
		const recorder = createHistoryRecorder(history, plan.profile, plan.packageRef);
		const {runImport} = await import('../engine/run-import.js');
		const chosen = await vendor(plan.profile.vendor);
		// Deploy later: the package is on the server already; there is no file to inspect.
		const runner = plan.options.vault?.deployPackageId ? {...chosen, inspectPackage: async (ref: string) => ({id: ref, name: ref, warnings: []})} : chosen;
		const result = await runImport(
			runner,
			{pollIntervalMs, ...plan},
			{
				...options,
				onEvent(event) {
					recorder.onEvent(event);
					options.onEvent?.(event);
				},
			},
		);
		return recorder.finish(result);
	},
	listServerPackages: async (profile, secret, start) =>
		(await aepPackages()).listAepPackages({...profile, url: checkServiceUrl(profile.url)}, secret, AbortSignal.any([signal, timeoutSignal(60_000)]), start),
	dependencyTree: async (profile, secret, packageId, artifact) =>
		(await aepPackages()).aepDependencyTree(
			{...profile, url: checkServiceUrl(profile.url)},
			secret,
			packageId,
			artifact,
			AbortSignal.any([signal, timeoutSignal(30_000)]),
		),
	saveSubstitutions(name, alternatives) {
		// Beside the config (the package lives in the org, not on disk), never wherever the wizard was
		// started: the screen and the repeat command give the full path.
		const folder = path.join(store.configDir, 'substitutions');
		fs.mkdirSync(folder, {recursive: true});
		const base = name.replaceAll(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'package';
		for (let counter = 1; ; counter++) {
			const file = path.join(folder, counter === 1 ? `${base}.substitutions.json` : `${base}.substitutions-${counter}.json`);
			if (fs.existsSync(file)) continue;
			fs.writeFileSync(file, `${JSON.stringify(alternatives, null, '\t')}\n`, {flag: 'wx'});
			return file;
		}
	},
	workingFolder: () => cwd,
	async publishServerPackage(profile, secret, id, onStatus) {
		const {publishPackage} = await import('../vendors/aep/packages-client.js');
		// Publishing takes Adobe seconds to minutes: bounded like a run's first half, stopped with the wizard.
		await publishPackage({...profile, url: checkServiceUrl(profile.url)}, secret, id, {
			signal: AbortSignal.any([signal, timeoutSignal(30 * 60_000)]),
			pollIntervalMs,
			onEvent(event) {
				if (event.type === 'progress' && event.serverStatus) onStatus?.(event.serverStatus);
			},
		});
	},
	async promoteSources(target) {
		if (!(await vendor(target.vendor)).promote) return undefined;
		const {fileBase} = await import('../commands/promote.js');
		const prompt = {
			mstr: 'Definition (.json) or .mmp to build on',
			vault: 'Outbound package name on',
			aep: 'Package id or exact name on',
		}[target.vendor];
		return {profiles: store.list().filter(profile => profile.vendor === target.vendor && profile.name !== target.name), prompt, fileBase};
	},
	async checkPromoteRef(target, ref, options) {
		const source = (await vendor(target.vendor)).promote;
		if (!source) throw new Error(`promote is not available for profile '${target.name}'`);
		return source.check(target.vendor === 'mstr' ? expandHome(ref, env) : ref, {cwd, options});
	},
	async promoteChoices(from, secret) {
		// MicroStrategy builds from a local file: the .mmp files the package list finds (a .json typed).
		if (from.vendor === 'mstr') {
			const found = await (await import('../commands/find-packages.js')).findPackages('mstr', [cwd, ...packageFolders], cwd);
			// Absolute: the repeat command must work from any folder.
			return found.map(candidate => path.resolve(cwd, candidate.path));
		}

		if (from.vendor !== 'vault') return undefined;
		const {listVaultOutboundPackages} = await import('../vendors/vault/export.js');
		const found = await listVaultOutboundPackages({profile: {...from, url: checkServiceUrl(from.url)}, secret, signal: AbortSignal.any([signal, timeoutSignal(60_000)])});
		return found.map(item => item.name);
	},
	async promoteDefinition(target, ref) {
		if (target.vendor !== 'mstr') return undefined;
		const {readMstrDefinition} = await import('../vendors/mstr/export-definition.js');
		const {mstrTypeName} = await import('../vendors/mstr/object-types.js');
		const definition = await readMstrDefinition(path.resolve(cwd, expandHome(ref, env)));
		const fallback = definition.settings.defaultAction ?? 'use_existing';
		return {
			vendor: 'mstr',
			holderId: '',
			status: 'definition',
			packageType: definition.packageType,
			settings: definition.settings,
			objects: definition.objects.map(object => ({
				id: object.id,
				name: object.name,
				type: object.type,
				typeName: mstrTypeName(object.type),
				action: object.action ?? fallback,
				...(object.action ? {} : {inherited: true}),
				...(object.includeDependents === undefined ? {} : {includeDependents: object.includeDependents}),
			})),
		};
	},
	async runPromote(plan, options) {
		const {randomUUID} = await import('node:crypto');
		const {runPromote} = await import('../engine/promote.js');
		const {recordSource} = await import('../commands/promote.js');
		const chosen = await vendor(plan.target.profile.vendor);
		// Both halves' lines carry one promote id, as `packport promote` writes them.
		const promote = {runId: randomUUID(), sourceRunId: randomUUID(), from: plan.source.profile.name, to: plan.target.profile.name};
		const linked: HistoryStore = {...history, append: entry => history.append({...entry, promote: {runId: promote.runId, from: promote.from, to: promote.to, half: 'target'}} as typeof entry)};
		const recorder = createHistoryRecorder(linked, plan.target.profile, plan.keep ?? plan.ref);
		const result = await runPromote(chosen, {...plan, target: {pollIntervalMs, ...plan.target}}, {
			...options,
			onSourceDone(source) {
				recordSource(history, plan, promote, source);
				options.onSourceDone?.(source);
			},
			onEvent(event) {
				recorder.onEvent(event);
				options.onEvent?.(event);
			},
		});
		return result.source.error ? result : {...recorder.finish(result), source: result.source};
	},
	headlessCommand,
});
