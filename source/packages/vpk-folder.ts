/**
 * A Vault package kept as a folder (`vaultpackage.xml` + `components/` + `javasdk/` + `websdk/`, as
 * in source control and in Veeva's vsdk samples) zipped on the fly into a temp `.vpk`, the way
 * Veeva's tools pack one: the manifest at the root, then the package's folders by relative path.
 * The user's folder is only read, never changed (Veeva's toolbox rewrites checksums when packing;
 * packport reports mismatches instead).
 *
 * A Maven project's src/main/java (Veeva's vsdk samples keep vaultpackage.xml beside pom.xml) goes
 * in as javasdk/src/main/java when there is no javasdk/, its .java files only, as Veeva's Maven
 * plugin packs it.
 *
 * Left out: anything else at the top (README.md, pom.xml, target/…, named in a warning),
 * macOS leftovers (`__MACOSX`, `.DS_Store`, `._*`), hidden files and folders (`.git`, `.gitkeep`),
 * `node_modules`, and symbolic links (never followed: a link could point anywhere on this machine).
 *
 * The temp file lives in a private folder under the OS temp dir and goes with `dispose()`; anything
 * still there when the process exits (Ctrl-C included) is removed then.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Zip, ZipDeflate} from 'fflate';
import {usageError} from '../errors.js';
import {formatBytes} from './local-file.js';
import {vpkLimits, vpkMaxBytes} from './vpk.js';

export const vaultManifestName = 'vaultpackage.xml';
/** The folders a package holds beside its manifest (vendor-apis.md 1.6). */
export const packageFolders = ['components', 'javasdk', 'websdk'] as const;

export type PackedFolder = {
	/** The temp .vpk, named after the folder. */
	file: string;
	folder: string;
	bytes: number;
	sha256: string;
	/** Files zipped, the manifest included. */
	files: number;
	/** Top-level names that are not part of a package, left out (folders end in `/`). */
	leftOut: string[];
	/** Symbolic links and other non-files, left out. */
	skipped: string[];
	/** True when the Java SDK code came from a Maven project's src/main/java (zipped as javasdk/src/main/java). */
	javaFromMaven: boolean;
	/** Removes the temp .vpk and its folder; safe to call more than once. */
	dispose: () => void;
};

type FolderFile = {name: string; absolute: string; size: number; mtime: Date};

const pieceBytes = 1024 * 1024;
const maxDepth = 64;
/** Without zip64 (packages never need it) one entry stays below 4 GiB. */
const maxEntryBytes = 0xff_ff_ff_ff;

/** Names never zipped and never mentioned: macOS leftovers, hidden files, installed dependencies. */
const unmentioned = (name: string) => name.startsWith('.') || name === '__MACOSX' || name === 'node_modules';

/** True when `folder` is a folder holding a `vaultpackage.xml` (a regular file). */
export const isVaultPackageFolder = async (folder: string): Promise<boolean> => {
	const [folderStat, manifest] = await Promise.all([
		fsp.stat(folder).catch(() => undefined),
		fsp.lstat(path.join(folder, vaultManifestName)).catch(() => undefined),
	]);
	return Boolean(folderStat?.isDirectory() && manifest?.isFile());
};

// Temp files not disposed yet: removed when the process exits, whatever the path to the exit.
const pending = new Map<string, () => void>();
let exitHooked = false;
const removeAllPending = () => {
	for (const remove of [...pending.values()]) remove();
};

/**
 * Zips a package folder to a temp .vpk. Throws a usage error (exit 2) for a folder without
 * `vaultpackage.xml`, one too large or with too many files, or one that cannot be read; nothing is
 * left behind when it throws.
 */
export const zipVaultFolder = async (
	folder: string,
	{
		signal,
		maxBytes = vpkMaxBytes,
		maxEntries = vpkLimits.entries,
		label = folder,
	}: {signal?: AbortSignal; maxBytes?: number; maxEntries?: number; label?: string} = {},
): Promise<PackedFolder> => {
	const unreadable = (what: string) => usageError(`Can't read ${what}.`, 'Check the folder and its permissions.');
	const manifestPath = path.join(folder, vaultManifestName);
	const manifest = await fsp.lstat(manifestPath).catch(() => undefined);
	if (!manifest) {
		throw usageError(
			`${label} is a folder without ${vaultManifestName}, so it is not a Vault package.`,
			`A package folder holds ${vaultManifestName} at its top, beside components/ (and javasdk/, websdk/). Point --package at that folder, or at a .vpk file.`,
		);
	}

	if (manifest.isSymbolicLink())
		throw usageError(`${label}/${vaultManifestName} is a symbolic link; packport zips only regular files.`, `Replace the link by the file itself.`);
	if (!manifest.isFile())
		throw usageError(`${label}/${vaultManifestName} is not a regular file.`, `A package folder holds ${vaultManifestName} as a file at its top.`);

	const files: FolderFile[] = [{name: vaultManifestName, absolute: manifestPath, size: manifest.size, mtime: manifest.mtime}];
	const leftOut: string[] = [];
	const skipped: string[] = [];
	const tooMany = () =>
		usageError(
			`${label} holds more than ${maxEntries.toLocaleString('en-US')} files to zip, more than a Vault package holds.`,
			'Check it is the package folder itself (vaultpackage.xml, components/, javasdk/, websdk/), without build output.',
		);
	/** `relative` is the path in the folder, `zipName` the path in the zip (they differ for src/main/java). */
	const walk = async (absolute: string, relative: string, zipName: string, depth: number, onlyJava = false): Promise<void> => {
		if (depth > maxDepth)
			throw usageError(`${label} nests folders more than ${maxDepth} deep under ${relative.split('/')[0]}/.`, 'Check for a folder that contains itself.');
		const entries = await fsp.readdir(absolute, {withFileTypes: true}).catch(() => {
			throw unreadable(path.join(label, relative));
		});
		for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
			if (unmentioned(entry.name)) continue;
			const name = `${relative}/${entry.name}`;
			const entryPath = path.join(absolute, entry.name);
			if (entry.isDirectory()) await walk(entryPath, name, `${zipName}/${entry.name}`, depth + 1, onlyJava);
			else if (entry.isFile()) {
				if (onlyJava && !entry.name.endsWith('.java')) continue;
				const stat = await fsp.stat(entryPath).catch(() => {
					throw unreadable(path.join(label, name));
				});
				if (stat.size > maxEntryBytes)
					throw usageError(
						`${path.join(label, name)} is ${formatBytes(stat.size)}, more than one file of a Vault package can be.`,
						'Split the data into smaller files.',
					);
				files.push({name: `${zipName}/${entry.name}`, absolute: entryPath, size: stat.size, mtime: stat.mtime});
				if (files.length > maxEntries) throw tooMany();
			} else skipped.push(entry.isSymbolicLink() ? `${name} (symbolic link)` : name);
		}
	};

	const top = await fsp.readdir(folder, {withFileTypes: true}).catch(() => {
		throw unreadable(label);
	});
	// A Maven project (Veeva's vsdk samples: vaultpackage.xml beside pom.xml and src/main/java, no
	// javasdk/): its .java files go in as javasdk/src/main/java/…, as Veeva's Maven plugin packs them.
	const mavenJava = path.join(folder, 'src', 'main', 'java');
	const javaFromMaven = !top.some(entry => entry.name === 'javasdk') && Boolean((await fsp.lstat(mavenJava).catch(() => undefined))?.isDirectory());
	for (const entry of top.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
		if (entry.name === vaultManifestName || unmentioned(entry.name)) continue;
		if ((packageFolders as readonly string[]).includes(entry.name)) {
			if (entry.isDirectory()) await walk(path.join(folder, entry.name), entry.name, entry.name, 1);
			else skipped.push(entry.isSymbolicLink() ? `${entry.name} (symbolic link)` : entry.name);
		} else if (entry.name === 'src' && javaFromMaven) await walk(mavenJava, 'src/main/java', 'javasdk/src/main/java', 3, true);
		else leftOut.push(entry.isDirectory() ? `${entry.name}/` : entry.name);
	}

	if (signal?.aborted) throw signal.reason;
	const directory = await fsp.mkdtemp(path.join(os.tmpdir(), 'packport-vpk-'));
	const file = path.join(
		directory,
		`${
			path
				.basename(path.resolve(folder))
				.replaceAll(/[^\w.-]+/g, '-')
				.replace(/^[.-]+/, '') || 'package'
		}.vpk`,
	);
	let disposed = false;
	const dispose = () => {
		if (disposed) return;
		disposed = true;
		pending.delete(file);
		fs.rmSync(file, {force: true});
		try {
			// Only if empty: whatever else was saved there (a log) stays, and the summary said where.
			fs.rmdirSync(directory);
		} catch {}
	};

	pending.set(file, dispose);
	if (!exitHooked) {
		exitHooked = true;
		process.once('exit', removeAllPending);
	}

	const hash = createHash('sha256');
	let bytes = 0;
	let failure: unknown;
	const descriptor = fs.openSync(file, 'wx', 0o600);
	try {
		const zip = new Zip((error, chunk) => {
			if (error) {
				failure ??= error;
				return;
			}

			bytes += chunk.length;
			if (bytes > maxBytes) {
				failure ??= usageError(`${label} zips to more than the ${formatBytes(maxBytes)} Vault accepts.`, 'Split the package into smaller ones.');
				return;
			}

			fs.writeSync(descriptor, chunk);
			hash.update(chunk);
		});
		const piece = Buffer.allocUnsafe(pieceBytes);
		for (const entry of files) {
			// Level 1: twice as fast as 6 on data files, and within a few percent of its size.
			const stream = new ZipDeflate(entry.name, {level: 1});
			// Zip times run from 1980 to 2107.
			stream.mtime = new Date(Math.min(Math.max(entry.mtime.getTime(), Date.UTC(1980, 0, 2)), Date.UTC(2099, 11, 31)));
			zip.add(stream);
			const handle = await fsp.open(entry.absolute, 'r').catch(() => {
				throw unreadable(path.join(label, entry.name));
			});
			try {
				for (;;) {
					if (signal?.aborted) throw signal.reason;
					// eslint-disable-next-line no-await-in-loop -- one piece at a time keeps memory flat
					const {bytesRead} = await handle.read(piece, 0, piece.length, null);
					if (bytesRead === 0) break;
					stream.push(piece.subarray(0, bytesRead));
					if (failure) throw failure;
				}
			} finally {
				await handle.close();
			}

			stream.push(new Uint8Array(0), true);
			if (failure) throw failure;
		}

		zip.end();
		if (failure) throw failure;
	} catch (error) {
		fs.closeSync(descriptor);
		dispose();
		throw error;
	}

	fs.closeSync(descriptor);
	return {file, folder, bytes, sha256: hash.digest('hex'), files: files.length, leftOut, skipped, javaFromMaven, dispose};
};
