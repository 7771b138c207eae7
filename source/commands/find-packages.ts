import fs from 'node:fs/promises';
import path from 'node:path';
import {isVaultPackageFolder} from '../packages/vpk-folder.js';
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
	/** A Vault package kept as a folder (it holds vaultpackage.xml): zipped on the fly when picked. */
	folder?: boolean;
};

const extensions: Partial<Record<VendorId, string>> = {mstr: '.mmp', vault: '.vpk'};

/**
 * Package files the wizard offers: those in the current folder, then the sample packages in
 * fixtures/ (of the current folder and of the install). Undo packages are listed too: importing
 * one is how a MicroStrategy import is rolled back. For Vault, package folders too (a folder that
 * holds vaultpackage.xml, the folder searched included): `bytes` is then what its files add up to.
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

		const shown = (absolute: string) => {
			const relative = path.relative(cwd, absolute);
			return relative.startsWith('..') ? absolute : relative || '.';
		};

		if (vendor === 'vault') {
			const absolute = path.resolve(folder);
			if (!seen.has(absolute) && (await isVaultPackageFolder(absolute))) {
				seen.add(absolute);
				found.push(await folderCandidate(absolute, shown(absolute)));
			}
		}

		for (const name of names.sort()) {
			const absolute = path.resolve(folder, name);
			if (seen.has(absolute)) continue;
			if (path.extname(name).toLowerCase() !== extension) {
				if (vendor === 'vault' && !name.startsWith('.') && (await isVaultPackageFolder(absolute))) {
					seen.add(absolute);
					found.push(await folderCandidate(absolute, shown(absolute)));
				}

				continue;
			}

			seen.add(absolute);
			const stat = await fs.stat(absolute).catch(() => undefined);
			if (!stat?.isFile()) continue;
			found.push({path: shown(absolute), bytes: stat.size, modifiedAt: stat.mtime.toISOString()});
		}
	}

	return found;
};

/** A package folder's size and date: its manifest's and its package folders' files, up to 2,000 of them (a listing stays quick). */
const folderCandidate = async (absolute: string, shown: string): Promise<PackageCandidate> => {
	const manifest = await fs.stat(path.join(absolute, 'vaultpackage.xml'));
	let bytes = manifest.size;
	let modified = manifest.mtimeMs;
	let budget = 2000;
	const add = async (folder: string): Promise<void> => {
		const entries = await fs.readdir(folder, {withFileTypes: true}).catch(() => []);
		for (const entry of entries) {
			if (budget-- <= 0) return;
			if (entry.name.startsWith('.') || entry.name === '__MACOSX' || entry.name === 'node_modules') continue;
			const child = path.join(folder, entry.name);
			if (entry.isDirectory()) await add(child);
			else if (entry.isFile()) {
				const stat = await fs.stat(child).catch(() => undefined);
				bytes += stat?.size ?? 0;
				modified = Math.max(modified, stat?.mtimeMs ?? 0);
			}
		}
	};

	for (const name of ['components', 'javasdk', 'websdk']) await add(path.join(absolute, name));
	return {path: shown, bytes, modifiedAt: new Date(modified).toISOString(), folder: true};
};
