/** `packport [--demo] [--profile NAME]`: the wizard. */
import path from 'node:path';
import {App} from '../app.js';
import type {ImportResult} from '../engine/result.js';
import {usageError} from '../errors.js';
import {createHistoryStore, interruptedRuns} from '../history.js';
import {resolveSecret} from '../secrets.js';
import type {ServiceDeps} from '../wizard/create-services.js';
import type {WizardServices} from '../wizard/services.js';
import type {CommandContext} from './context.js';
import {headlessCommand} from './headless-command.js';

export type RenderApp = (element: React.ReactElement) => Promise<void>;

/**
 * got, the engine and the vendor clients are a third of the start-up work and of the idle memory,
 * and no part of the first screen (issue 6): they load on the first call that needs them. Until
 * then the profile screen's own calls are answered from the store and history; the other
 * synchronous calls only come after an asynchronous one has loaded them.
 */
const deferServices = (deps: ServiceDeps) => {
	let loaded: WizardServices | undefined;
	let loading: Promise<WizardServices> | undefined;
	const load = async () => {
		loading ??= import('../wizard/create-services.js').then(module => (loaded = module.createWizardServices(deps)));
		return loading;
	};

	const ready = () => {
		if (!loaded) throw new Error('The wizard called a service before its modules loaded.');
		return loaded;
	};

	// `store.secrets` opens the keychain (a native module and a D-Bus probe): only when a secret is needed.
	const secretOptions = () => ({env: deps.env, store: deps.store.secrets});
	const services: WizardServices = {
		listProfiles: () => (loaded ? loaded.listProfiles() : deps.store.list()),
		interruptedRuns: () =>
			loaded ? loaded.interruptedRuns() : interruptedRuns(deps.history.list()).map(entry => ({profile: entry.profile, jobId: entry.jobId ?? '', package: entry.package, at: entry.at})),
		hasSecret: profile => (loaded ? loaded.hasSecret(profile) : resolveSecret(profile, secretOptions()) !== undefined),
		resolveSecret: profile => (loaded ? loaded.resolveSecret(profile) : resolveSecret(profile, secretOptions())?.secret),
		testConnection: async (...args) => (await load()).testConnection(...args),
		saveProfile: (...args) => ready().saveProfile(...args),
		findPackages: async (...args) => (await load()).findPackages(...args),
		inspectPackage: async (...args) => (await load()).inspectPackage(...args),
		runImport: async (...args) => (await load()).runImport(...args),
		listServerPackages: async (...args) => (await load()).listServerPackages(...args),
		dependencyTree: async (...args) => (await load()).dependencyTree(...args),
		saveSubstitutions: (...args) => ready().saveSubstitutions(...args),
		headlessCommand,
	};
	return services;
};

export const runWizardCommand = async (context: CommandContext, flags: {demo: boolean; profile?: string}, render: RenderApp): Promise<number> => {
	const {io} = context;
	if (!io.stdinIsTty || !io.stdoutIsTty) {
		throw usageError('The wizard needs a terminal.', 'For scripts and CI use `packport import --profile NAME --package PATH --yes`.');
	}

	const demo = flags.demo ? await (await import('./demo.js')).startDemo(io.installDir) : undefined;
	try {
		const store = demo?.store ?? context.store;
		if (flags.profile && !store.get(flags.profile)) {
			throw usageError(`No profile named '${flags.profile}'.`, 'Run `packport profiles list`, or start `packport` without --profile to pick one.');
		}

		const controller = new AbortController();
		const services = deferServices({
			store,
			history: demo ? createHistoryStore(store.configDir) : context.history,
			env: demo ? {} : io.env,
			cwd: io.cwd,
			packageFolders: demo ? [demo.packagesDir] : ['mstr', 'vault'].flatMap(vendor => [path.join(io.cwd, 'fixtures', vendor), path.join(io.installDir, 'fixtures', vendor)]),
			pollIntervalMs: demo?.pollIntervalMs,
			signal: controller.signal,
		});
		let result: ImportResult | undefined;
		await render(<App services={services} initialProfile={flags.profile} demo={Boolean(demo)} onExit={value => (result = value)} terminateSignal={io.signal} />);
		controller.abort();
		return result?.exitCode ?? 0;
	} finally {
		await demo?.close();
	}
};
