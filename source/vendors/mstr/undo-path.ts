/**
 * Where the undo package goes: next to the package as NAME.undo.mmp, or --undo-out. An existing
 * file is never overwritten: the default path gains a counter (NAME.undo-2.mmp), an explicit
 * --undo-out that exists is refused before anything is sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import {usageError} from '../../errors.js';

export const checkUndoOut = (undoOut: string): void => {
	if (fs.existsSync(undoOut)) {
		throw usageError(`${undoOut} already exists; packport never overwrites an undo package.`, 'Choose another --undo-out path or move the old file.');
	}

	const directory = path.dirname(path.resolve(undoOut));
	if (!fs.existsSync(directory)) throw usageError(`The folder of --undo-out (${directory}) does not exist.`, 'Create it or choose another path.');
};

export const defaultUndoPath = (packagePath: string): string => {
	const directory = path.dirname(packagePath);
	const base = path.basename(packagePath, path.extname(packagePath));
	for (let counter = 1; ; counter++) {
		const candidate = path.join(directory, counter === 1 ? `${base}.undo.mmp` : `${base}.undo-${counter}.mmp`);
		if (!fs.existsSync(candidate)) return candidate;
	}
};
