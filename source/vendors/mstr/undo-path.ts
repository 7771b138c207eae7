/**
 * Where the undo package goes: next to the package as NAME.undo.mmp, or --undo-out. An existing
 * file is never overwritten: the default name gains a counter when taken (NAME.undo-2.mmp, decided
 * when the file is written, so two runs never pick the same one), an explicit --undo-out that exists
 * — even as a dangling link — is refused before anything is sent, and so is a folder that cannot
 * be written: the undo package is the only rollback, and it is learnt too late after the import.
 */
import path from 'node:path';
import {usageError} from '../../errors.js';
import {checkWritableFolder, pathExists as exists} from '../../packages/download-to-file.js';


export const checkUndoOut = (undoOut: string): void => {
	if (exists(undoOut)) {
		throw usageError(`${undoOut} already exists; packport never overwrites an undo package.`, 'Choose another --undo-out path or move the old file.');
	}

	const directory = path.dirname(path.resolve(undoOut));
	const problem = checkWritableFolder(directory);
	if (problem)
		throw usageError(
			`The folder of --undo-out (${directory}) ${problem}, so the undo package could not be saved there.`,
			problem === 'does not exist' ? 'Create it or choose another path.' : 'Choose another --undo-out path, or --no-undo to import without one.',
		);
};

/** The default: beside the package. Its folder must be writable, checked before anything is sent. */
export const checkDefaultUndoFolder = (packagePath: string): void => {
	const directory = path.dirname(path.resolve(packagePath));
	const problem = checkWritableFolder(directory);
	if (problem)
		throw usageError(
			`The undo package would go beside the package, but ${directory} ${problem}.`,
			'Pass --undo-out PATH to save it elsewhere, or --no-undo to import without one.',
		);
};

export const defaultUndoPath = (packagePath: string): string => {
	const directory = path.dirname(packagePath);
	const base = path.basename(packagePath, path.extname(packagePath));
	return path.join(directory, `${base}.undo.mmp`);
};
