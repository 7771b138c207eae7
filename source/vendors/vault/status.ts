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

export type DeployOutcome = 'deployed' | 'warnings' | 'failed';

export const classifyDeploy = (details: Record<string, unknown>): DeployOutcome => {
	const status = String(details.package_status__v ?? '').toLowerCase();
	const count = (key: string) => Number(details[key] ?? 0);
	if (/error|fail/.test(status) || count('failed') > 0 || count('deployed_with_failures') > 0 || count('deployed_with_error') > 0) return 'failed';
	if (/warning/.test(status) || count('deployed_with_warnings') > 0) return 'warnings';
	return status === 'deployed__v' || status === '' ? 'deployed' : 'warnings';
};
