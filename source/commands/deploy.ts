/**
 * `packport deploy --profile P --package-id ID`: Vault's deploy, later. An import without --deploy
 * leaves an inbound package record (Verified or Blocked); this checks it as it is now (Validate
 * Inbound Package), asks, and deploys it, with the same results, logs and exit codes as
 * `import --deploy`. The id is in the import's JSON (`details.packageId`) and in `packport history`.
 */
import {usageError} from '../errors.js';
import type {CommandContext} from './context.js';
import {reportEarlyFailure, runImportCommand, type ImportFlags} from './import.js';

export type DeployFlags = ImportFlags & {packageId?: string};

export const runDeployCommand = async (context: CommandContext, flags: DeployFlags): Promise<number> => {
	const id = flags.packageId?.trim();
	if (!id || !/^[\w.-]{1,64}$/.test(id)) {
		return reportEarlyFailure(
			context,
			flags,
			usageError(
				id ? `--package-id ${id} is not a Vault package id.` : '--package-id is required.',
				'Use the id an import printed (JSON details.packageId) or `packport history` shows, e.g. 0PI000000000301.',
			),
		);
	}

	const profile = flags.profile ? context.store.get(flags.profile) : undefined;
	if (profile && profile.vendor !== 'vault') {
		return reportEarlyFailure(
			context,
			flags,
			usageError(`Profile '${profile.name}' is not a Vault profile; deploy is Vault's second step.`, 'Pick the Vault profile the package was imported with.'),
		);
	}

	return runImportCommand(context, {...flags, package: id, deploy: true, validateOnly: false}, {deployPackageId: id});
};
