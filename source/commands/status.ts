import {usageError} from '../errors.js';
import type {CommandContext} from './context.js';
import {loadProfile} from './load-profile.js';

export const runStatusCommand = async ({io, store, history}: CommandContext, flags: {profile?: string; job?: string; json: boolean}): Promise<number> => {
	if (!flags.profile) throw usageError('--profile is required.', 'E.g. `packport status --profile prod --job ID`.');
	if (!flags.job) throw usageError('--job is required.', 'Find job ids with `packport history`.');
	const profile = loadProfile(store, flags.profile);
	const known = history.list().find(entry => entry.jobId === flags.job && entry.profile === profile.name);
	if (profile.vendor === 'mstr') {
		// The import process lives in the server session that created it (vendor-apis.md 2.4): a new
		// session cannot see it, so the honest answer is "unknown" plus where to look.
		const message = `MicroStrategy keeps import ${flags.job} only inside the session that started it; packport can't query it from a new session.`;
		const hint = 'Check the objects in the target project (or the Intelligence Server log) to see whether the import finished.';
		if (flags.json) io.write(`${JSON.stringify({ok: false, exitCode: 5, vendor: 'mstr', profile: profile.name, jobId: flags.job, status: known?.outcome ?? 'unknown', error: {code: 'unknown-outcome', message, hint}}, null, 2)}\n`);
		else io.write(`${message}\nLast known outcome: ${known?.outcome ?? 'unknown'}.\nHint: ${hint}\n`);
		return 5;
	}

	throw usageError(`Status for ${profile.vendor} jobs is not available in this version of packport yet.`, 'Re-attaching to Vault and Adobe jobs comes with the reliability work; `packport history` lists the job ids.');
};
