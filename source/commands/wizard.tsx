/** `packport [--demo] [--profile NAME]`: the wizard. */
import {App} from '../app.js';
import type {ImportResult} from '../engine/result.js';
import {usageError} from '../errors.js';
import {createHistoryStore} from '../config/history.js';
import {createWizardServices} from '../wizard/create-services.js';
import type {CommandContext} from './context.js';

export type RenderApp = (element: React.ReactElement) => Promise<void>;

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
		const services = createWizardServices({
			store,
			history: demo ? createHistoryStore(store.configDir) : context.history,
			env: demo ? {} : io.env,
			cwd: io.cwd,
			// Outside the demo, the user's packages only: the install's fixtures are the tests' (some broken on purpose).
			packageFolders: demo ? [demo.packagesDir] : [],
			pollIntervalMs: demo?.pollIntervalMs,
			signal: controller.signal,
		});
		let result: ImportResult | undefined;
		let leftWith: number | undefined;
		await render(<App services={services} initialProfile={flags.profile} demo={Boolean(demo)} onExit={(value, code) => {
			result = value;
			leftWith = code;
		}} terminateSignal={io.signal} />);
		controller.abort();
		return result?.exitCode ?? leftWith ?? 0;
	} finally {
		await demo?.close();
	}
};
