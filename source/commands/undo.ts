/**
 * `packport undo --profile P [--run ID]`: MicroStrategy's rollback. The undo package an import saved
 * is imported like any package — reviewed, confirmed — with `generateUndo=false` (undoing the undo
 * is not offered). Without --run, the profile's latest import that saved one; --run takes the id
 * (or its first 8 characters) from `packport history` or the summary.
 */
import fs from 'node:fs';
import {isPackportError, usageError} from '../errors.js';
import {stripControl} from '../http/redact.js';
import type {CommandContext} from './context.js';
import {reportEarlyFailure, runImportCommand, type ImportFlags} from './import.js';
import {loadProfile} from './load-profile.js';

export type UndoFlags = ImportFlags & {run?: string};

export const findUndoRun = ({store, history}: Pick<CommandContext, 'store' | 'history'>, profileName: string, run: string | undefined) => {
	const profile = loadProfile(store, profileName);
	if (profile.vendor !== 'mstr')
		throw usageError(
			`Profile '${profile.name}' is not a MicroStrategy profile; only MicroStrategy imports have undo packages.`,
			'Pick the MicroStrategy profile the import ran with.',
		);
	const saved = history
		.list()
		.filter(entry => entry.profile === profile.name && entry.vendor === 'mstr' && entry.phase === 'finished' && entry.undoPackage)
		.filter(entry => !run || entry.runId.startsWith(run.trim()));
	const entry = saved.at(-1);
	if (!entry) {
		throw usageError(
			run
				? `No import of profile '${profile.name}' with run id ${stripControl(run)} saved an undo package.`
				: `No import of profile '${profile.name}' saved an undo package yet.`,
			'`packport history` lists the imports and their undo packages.',
		);
	}

	if (!fs.existsSync(entry.undoPackage!)) {
		throw usageError(
			`The undo package of run ${entry.runId.slice(0, 8)} (${stripControl(entry.undoPackage!)}) is no longer there.`,
			'Restore the file, or pick another run with --run.',
		);
	}

	return entry;
};

export const runUndoCommand = async (context: CommandContext, flags: UndoFlags): Promise<number> => {
	if (!flags.profile)
		return reportEarlyFailure(context, flags, usageError('--profile is required.', 'E.g. `packport undo --profile prod` rolls back its latest import.'));
	let entry;
	try {
		entry = findUndoRun(context, flags.profile, flags.run);
	} catch (error) {
		if (!isPackportError(error)) throw error;
		return reportEarlyFailure(context, flags, error);
	}

	context.io.writeError(
		`Rolling back run ${entry.runId.slice(0, 8)} (${stripControl(entry.package ?? '')}, ${entry.at.slice(0, 16).replace('T', ' ')}) with ${stripControl(entry.undoPackage!)}.\n`,
	);
	return runImportCommand(context, {...flags, package: entry.undoPackage!, undo: false, undoOut: undefined}, {rollbackOf: entry.runId});
};
