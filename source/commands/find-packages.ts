import fs from 'node:fs/promises';
import path from 'node:path';
import type {VendorId} from '../vendors/vendor-id.js';

export type PackageCandidate = {
	path: string;
	bytes: number;
	modifiedAt: string;
	/** An undo package from history: importing it rolls that run back (no undo package of its own). */
	rollbackOf?: string;
	/** How the list names it, when the file name is not enough. */
	label?: string;
	/** Vault: an inbound package imported earlier, to deploy now (no file to upload). */
	deployPackageId?: string;
	/** Where that deploy's logs go. */
	logDir?: string;
};

const extensions: Partial<Record<VendorId, string>> = {mstr: '.mmp', vault: '.vpk'};

/**
 * Package files the wizard offers: those in the current folder, then the sample packages in
 * fixtures/ (of the current folder and of the install). Undo packages are listed too: importing
 * one is how a MicroStrategy import is rolled back.
 */
export const findPackages = async (vendor: VendorId, folders: string[], cwd: string): Promise<PackageCandidate[]> => {
	const extension = extensions[vendor];
	if (!extension) return [];
	const seen = new Set<string>();
	const found: PackageCandidate[] = [];
	for (const folder of folders) {
		let names: string[];
		try {
			names = await fs.readdir(folder);
		} catch {
			continue;
		}

		for (const name of names.sort()) {
			if (path.extname(name).toLowerCase() !== extension) continue;
			const absolute = path.resolve(folder, name);
			if (seen.has(absolute)) continue;
			seen.add(absolute);
			const stat = await fs.stat(absolute).catch(() => undefined);
			if (!stat?.isFile()) continue;
			const relative = path.relative(cwd, absolute);
			found.push({path: relative.startsWith('..') ? absolute : relative, bytes: stat.size, modifiedAt: stat.mtime.toISOString()});
		}
	}

	return found;
};
