import {startEmulator} from '../emulator/index.js';
import {usageError} from '../errors.js';
import type {CommandContext} from './context.js';

/** `packport emulate`: serves the vendor APIs on loopback until Ctrl-C. */
export const runEmulateCommand = async ({io}: CommandContext, flags: {port?: string; scenario: string[]}): Promise<number> => {
	const port = flags.port === undefined ? 0 : Number(flags.port);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw usageError(`--port ${flags.port} is not a port number.`, 'Use 0 (any free port) to 65535.');
	let emulator;
	try {
		emulator = await startEmulator({port, scenarios: flags.scenario, log: line => io.writeError(`${line}\n`)});
	} catch (error) {
		throw usageError(error instanceof Error ? error.message : String(error), 'See `packport emulate --help` for the scenarios.');
	}

	io.write(`${JSON.stringify({port: emulator.port, urls: emulator.urls, scenarios: flags.scenario})}\n`);
	await new Promise<void>(resolve => {
		if (io.signal.aborted) resolve();
		io.signal.addEventListener('abort', () => resolve(), {once: true});
	});
	await emulator.close();
	return 0;
};
