/** Vault's open status sets, classified once (vendor-apis.md 1.5 steps C, D, H). */
const jobRunning = new Set(['scheduled', 'queued', 'queueing', 'running']);
const jobFinished = new Set(['success', 'errors_encountered', 'completed']);

export type JobState = 'running' | 'finished' | 'failed';

/** Unknown words keep polling until the deadline: Vault adds statuses between versions. */
export const classifyJob = (status: string): JobState => {
	const word = status.toLowerCase();
	if (jobFinished.has(word)) return 'finished';
	if (jobRunning.has(word)) return 'running';
	if (/fail|cancel|timeout|inactivity|missed/.test(word)) return 'failed';
	return 'running';
};

/** Veeva's toolbox deploys only from these (vendor-apis.md 1.5 step D). */
export const isDeployable = (packageStatus: string): boolean => ['imported__v', 'verified__v', 'verified'].includes(packageStatus.toLowerCase());

export const isBlockedStatus = (status: string): boolean => /block/i.test(status);

export type DeployOutcome = 'deployed' | 'warnings' | 'failed' | 'unknown';

const countKeys = ['total_steps', 'deployed', 'deployed_with_warnings', 'deployed_with_failures', 'deployed_with_error', 'failed', 'skipped'];

/** Fails closed: results with neither a status nor any count say nothing, and are not success. */
export const classifyDeploy = (details: Record<string, unknown>): DeployOutcome => {
	const status = String(details.package_status__v ?? '').toLowerCase();
	const count = (key: string) => Number(details[key] ?? 0);
	if (!status && !countKeys.some(key => typeof details[key] === 'number' || (typeof details[key] === 'string' && details[key] !== ''))) return 'unknown';
	if (/error|fail/.test(status) || count('failed') > 0 || count('deployed_with_failures') > 0 || count('deployed_with_error') > 0) return 'failed';
	if (/warning/.test(status) || count('deployed_with_warnings') > 0) return 'warnings';
	if (status === 'deployed__v' || status === 'deployed') return 'deployed';
	// A status packport does not know: deployed as far as the counts go, but said.
	return status ? 'warnings' : count('deployed') > 0 && count('deployed') === count('total_steps') ? 'deployed' : 'unknown';
};
