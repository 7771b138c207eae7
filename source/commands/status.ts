/**
 * `packport status --profile P --job ID [--watch]`: one look at a job, or re-attach and wait for its
 * end. This is the command an interrupted, detached or killed import prints. When the job ends, its
 * history entry gets its outcome, so the next start stops offering it.
 */
import {timeoutSignal} from '../engine/timeout-signal.js';
import {PackportError, isPackportError, usageError} from '../errors.js';
import {resolveSecret, secretEnvChoices, secretFromStdin, secretNoun, secretStdinFlag, withSecretSource} from '../config/secrets.js';
import type {JobWatcher} from '../vendors/job-watch.js';
import {getVendor} from '../vendors/registry.js';
import type {CommandContext} from './context.js';
import {commandFailure} from './failure-result.js';
import {loadProfile} from './load-profile.js';
import {parseMinutes, parseSeconds} from './parse-flags.js';

export type StatusFlags = {
	profile?: string;
	job?: string;
	json: boolean;
	watch: boolean;
	pollInterval?: string;
	timeout?: string;
	passwordStdin: boolean;
	clientSecretStdin: boolean;
};

const watchers = async (vendor: 'vault' | 'aep'): Promise<JobWatcher> =>
	vendor === 'vault' ? (await import('../vendors/vault/watch.js')).watchVaultJob : (await import('../vendors/aep/watch.js')).watchAepJob;

export const runStatusCommand = async (context: CommandContext, flags: StatusFlags): Promise<number> => {
	try {
		return await watchStatus(context, flags);
	} catch (error) {
		// Usage errors (no --profile, an unknown profile, a bad job id) under --json still print one
		// object, as import does; cli.tsx then writes the Error and Hint lines.
		if (flags.json && isPackportError(error)) {
			const vendor = knownVendor(context, flags.profile);
			context.io.write(
				`${JSON.stringify(commandFailure(error, {vendor, profile: flags.profile ?? null, jobId: flags.job ?? null, status: error.kind === 'usage' ? 'invalid' : 'failed'}), null, 2)}\n`,
			);
		}

		throw error;
	}
};

/** The profile's vendor for the failure object, when the config can tell. */
const knownVendor = ({store}: CommandContext, name: string | undefined) => {
	try {
		return (name ? store.get(name)?.vendor : undefined) ?? null;
	} catch {
		return null;
	}
};

const watchStatus = async ({io, store, history}: CommandContext, flags: StatusFlags): Promise<number> => {
	if (!flags.profile) throw usageError('--profile is required.', 'E.g. `packport status --profile prod --job ID`.');
	if (!flags.job) throw usageError('--job is required.', 'Find job ids with `packport history`.');
	const profile = loadProfile(store, flags.profile);
	const jobId = flags.job.trim();
	const known = history.list().find(entry => entry.jobId === jobId && entry.profile === profile.name);
	const print = (body: Record<string, unknown>, human: string) =>
		io.write(flags.json ? `${JSON.stringify({vendor: profile.vendor, profile: profile.name, jobId, ...body}, null, 2)}\n` : human);
	if (profile.vendor === 'mstr') {
		// The import process lives in the server session that created it (vendor-apis.md 2.4): a new
		// session cannot see it, so the honest answer is "unknown" plus where to look.
		const message = `MicroStrategy keeps import ${jobId} only inside the session that started it; packport can't query it from a new session.`;
		const hint = 'Check the objects in the target project (or the Intelligence Server log) to see whether the import finished.';
		print(
			{ok: false, exitCode: 5, status: known?.outcome ?? 'unknown', error: {code: 'unknown-outcome', message, hint}},
			`${message}\nLast known outcome: ${known?.outcome ?? 'unknown'}.\nHint: ${hint}\n`,
		);
		return 5;
	}

	if (!/^[\w.:@-]{1,128}$/.test(jobId))
		throw usageError(`--job ${jobId} is not a job id.`, 'Copy the id from `packport history` or from the line the import printed.');
	const pollSeconds = parseSeconds(flags.pollInterval);
	const stdinSecret = flags.passwordStdin || flags.clientSecretStdin ? secretFromStdin(await io.readStdin()) : undefined;
	const secret = resolveSecret(profile, {env: io.env, stdinSecret, store: store.secrets});
	if (!secret) {
		throw usageError(
			`No ${secretNoun(profile)} for profile '${profile.name}'.`,
			`Set ${secretEnvChoices(profile)} or pass ${secretStdinFlag(profile.vendor)}.`,
		);
	}

	const watch = await watchers(profile.vendor);
	// --watch waits as an import does: up to --timeout (default 60 min), then says the job goes on.
	const minutes = parseMinutes(flags.timeout, 60);
	const deadline = timeoutSignal(minutes * 60_000);
	const signal = AbortSignal.any([io.signal, deadline]);
	let last = '';
	try {
		const report = await watch({
			profile,
			secret: secret.secret,
			jobId,
			watch: flags.watch,
			pollIntervalMs: (pollSeconds ?? getVendor(profile.vendor).defaultPollSeconds) * 1000,
			signal,
			onStatus(status) {
				if (status === last || flags.json) return;
				last = status;
				io.writeError(`Job ${jobId}: ${status}\n`);
			},
			// "Can't reach …; retrying (n of 8) in N s." goes to stderr even with --json, as the
			// status lines' channel: stdout keeps the one JSON object.
			onNotice(message) {
				io.writeError(`${message}\n`);
			},
		});
		if (report.exitCode !== 5 && known && (known.phase === 'started' || known.exitCode === 5)) {
			history.append({...known, phase: 'finished', at: new Date().toISOString(), outcome: report.status, exitCode: report.exitCode});
		}

		const hint = report.exitCode === 5 && !flags.watch ? `Wait for its end with: packport status --profile ${profile.name} --job ${jobId} --watch` : undefined;
		print(
			{ok: report.exitCode === 0, exitCode: report.exitCode, status: report.status, summary: report.summary, details: report.details, error: null},
			`${report.summary}\n${hint ? `Hint: ${hint}\n` : ''}`,
		);
		return report.exitCode;
	} catch (error) {
		const failure = signal.aborted
			? new PackportError(
					'unknown-outcome',
					`Stopped watching job ${jobId}${deadline.aborted && !io.signal.aborted ? ` after ${minutes} min (--timeout)` : ''}; it goes on on the server.`,
					{hint: `Look again with: packport status --profile ${profile.name} --job ${jobId} --watch`},
				)
			: isPackportError(error)
				? withSecretSource(error, profile, secret.words)
				: new PackportError('server', `packport hit an internal error: ${error instanceof Error ? error.message : String(error)}`);
		if (flags.json)
			print({ok: false, exitCode: failure.exitCode, status: 'unknown', error: {code: failure.kind, message: failure.message, hint: failure.hint ?? null}}, '');
		io.writeError(`Error: ${failure.message}\n${failure.hint ? `Hint: ${failure.hint}\n` : ''}`);
		return failure.exitCode;
	}
};
