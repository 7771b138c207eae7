import type {OnEvent} from './events.js';

/**
 * Runs one named step of a vendor flow and reports it: "running" first, then "done" (or "failed",
 * when `failed(value)` says the result is a failure), or "failed"/"stopped" when it throws.
 */
export const createStepRunner =
	(onEvent: OnEvent, signal: AbortSignal) =>
	async <T>(name: string, running: string, done: (value: T) => string, run: () => Promise<T>, failed: (value: T) => boolean = () => false): Promise<T> => {
		const started = Date.now();
		onEvent({type: 'step', name, label: running, status: 'running'});
		try {
			const value = await run();
			onEvent({type: 'step', name, label: done(value), status: failed(value) ? 'failed' : 'done', ms: Date.now() - started});
			return value;
		} catch (error) {
			onEvent({type: 'step', name, label: running.replace(/…$/, signal.aborted ? ' stopped' : ' failed'), status: 'failed', ms: Date.now() - started});
			throw error;
		}
	};
