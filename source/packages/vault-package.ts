/**
 * What the Vault vendor's `inspectPackage` returns, for a `.vpk` file or a package folder: the local
 * inspection (vpk.ts), warnings for checksum problems and for what a folder's zip leaves out (the
 * sha256 of a .vpk file is computed by its upload: sent-digest.ts). A folder is zipped to a temp
 * .vpk first (vpk-folder.ts): `path` is then that temp file (what the flow uploads),
 * `summary.folder` the folder, and `dispose` removes the temp file: the engine calls it once the
 * run is over, on every path.
 */
import fs from 'node:fs/promises';
import type {PackageInfo} from '../vendors/vendor.js';
import {usageError} from '../errors.js';
import {formatBytes} from './local-file.js';
import {identityOf, rememberSha256} from './sent-digest.js';
import {warmUpSha256} from './background-sha256.js';
import {inspectVpk, vpkValidateMaxBytes, type VpkInspection} from './vpk.js';
import {zipVaultFolder} from './vpk-folder.js';

/** What the preview shows (source/steps/vault-package-preview.tsx reads `summary`). */
const summaryOf = (inspection: VpkInspection) => ({
	manifest: inspection.manifest,
	steps: inspection.steps,
	hasJavaSdk: inspection.hasJavaSdk,
	webSdk: inspection.webSdk,
	ignoredEntries: inspection.ignoredEntries,
});

/** Vault's replace_all removes the target's custom code the package does not carry: with none, all of it. */
const codeWarnings = (inspection: VpkInspection) =>
	inspection.manifest.javaSdkDeploymentOption === 'replace_all' && !inspection.hasJavaSdk
		? [
				'The Java SDK deployment option is replace_all and the package holds no Java SDK code: deploying it removes all custom Java SDK code from the target Vault.',
			]
		: [];

const listed = (names: string[], shown = 8) =>
	names.length > shown ? `${names.slice(0, shown).join(', ')} and ${names.length - shown} more` : names.join(', ');

export const inspectVaultPackage = async (ref: string, {signal}: {signal?: AbortSignal} = {}): Promise<PackageInfo> => {
	const stat = await fs.stat(ref).catch(() => undefined);
	if (!stat?.isDirectory()) {
		const inspection = await inspectVpk(ref);
		warmUpSha256(inspection.bytes);
		return {
			path: ref,
			bytes: inspection.bytes,
			// No sha256 here: the upload computes it as it sends the file (sent-digest.ts).
			summary: summaryOf(inspection),
			warnings: [...inspection.checksumProblems.map(problem => `Checksum: ${problem}`), ...codeWarnings(inspection)],
		};
	}

	const packed = await zipVaultFolder(ref, {signal});
	try {
		// The zip pass hashed what it wrote: the upload of the temp file need not hash it again.
		rememberSha256(packed.file, identityOf(await fs.stat(packed.file)), packed.sha256);
		const inspection = await inspectVpk(packed.file, {
			label: ref,
			hint: 'Fix the package folder (vaultpackage.xml at its top, components/NNNNN/… beside it), or import a .vpk exported from Vault.',
		});
		const warnings = [...inspection.checksumProblems.map(problem => `Checksum: ${problem}`), ...codeWarnings(inspection)];
		if (packed.javaFromMaven)
			warnings.push("Java SDK code taken from src/main/java (a Maven project), zipped as javasdk/src/main/java as Veeva's Maven plugin does.");
		if (packed.leftOut.length > 0) warnings.push(`Not part of a Vault package, left out of the zip: ${listed(packed.leftOut)}.`);
		if (packed.skipped.length > 0) warnings.push(`Not regular files, left out of the zip: ${listed(packed.skipped)}.`);
		return {
			path: packed.file,
			bytes: packed.bytes,
			sha256: packed.sha256,
			summary: {
				...summaryOf(inspection),
				folder: {path: ref, files: packed.files, leftOut: packed.leftOut, skipped: packed.skipped, javaFromMaven: packed.javaFromMaven},
			},
			warnings,
			dispose: packed.dispose,
		};
	} catch (error) {
		packed.dispose();
		throw error;
	}
};

/**
 * Vault's Validate Package takes at most 2 GB (vendor-apis.md 1.5 step A, 1.6): a larger package
 * is refused here, before anything is sent (exit 2). Import itself takes up to 4 GB.
 */
export const checkValidatePackageSize = (pkg: Pick<PackageInfo, 'path' | 'bytes' | 'summary'>): void => {
	if ((pkg.bytes ?? 0) <= vpkValidateMaxBytes) return;
	const folder = (pkg.summary?.folder as {path?: string} | undefined)?.path;
	throw usageError(
		`${folder ? `${folder} zips to` : `${pkg.path ?? 'The package'} is`} ${formatBytes(pkg.bytes ?? 0)}, over the ` +
			`${formatBytes(vpkValidateMaxBytes)} Vault's Validate Package accepts; nothing was sent.`,
		'Import it without --validate-only (an import takes up to 4 GB and deploys nothing until you say so), or split the package.',
	);
};
