/**
 * The source half of a Vault promote (issue 16): Export Package on the source Vault
 * (`POST /services/package`, form `packageName` = the outbound package's name__v) starts a job;
 * the job is polled as the import's are (one status call per job per window, API_LIMIT_EXCEEDED
 * slows the poller down); when it ends SUCCESS, its `artifacts` link is the .vpk, downloaded to a
 * temp folder of its own and read by the same local inspection `packport import` uses. A refusal,
 * a failed job, a missing link or a file that does not read is a server error (exit 1) and
 * nothing is left on disk; the session is ended on every path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Profile} from '../../config/profile-types.js';
import {PackportError, usageError} from '../../errors.js';
import type {OnEvent} from '../../engine/events.js';
import {pollUntil, retryLog} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {timeoutSignal} from '../../engine/timeout-signal.js';
import {createRedactor, serverText as text, type Redactor} from '../../http/redact.js';
import {inspectVpk, type VpkManifest} from '../../packages/vpk.js';
import {createVaultClient} from './client.js';
import {safeFileName} from './flow.js';
import {classifyJob} from './status.js';

type Raw = Record<string, unknown>;

export type VaultExportOptions = {
	/** The source Vault's profile. */
	profile: Profile;
	/** Its password. */
	secret: string;
	/** The outbound package's name__v (PKG-0001), as Export Package takes it. */
	packageName: string;
	signal: AbortSignal;
	onEvent: OnEvent;
	/** --request-timeout (the client's default when undefined). */
	requestTimeoutMs?: number;
	/** Floor between job status polls. */
	pollIntervalMs: number;
	/** The run's redactor, so the source password stays out of every message; a new one otherwise. */
	redactor?: Redactor;
};

export type VaultExportDetails = {
	packageName: string;
	jobId: string;
	/** The job's final status word, as Vault sent it (SUCCESS). */
	jobStatus: string;
	/** The link the file came from (the job's `artifacts`). */
	link: string;
	bytes: number;
	manifest: VpkManifest;
	steps: number;
	/** What Vault said when the session ended, or why it did not. */
	signedOut: string | null;
};

export type VaultExport = {
	/** The .vpk, alone in a temp folder of its own: the caller removes `path.dirname(file)`. */
	file: string;
	jobId: string;
	details: VaultExportDetails;
};

/** `SUCCESS` and the like: classifyJob's "finished" is a success only for these. */
const succeeded = (status: string) => status.toUpperCase() === 'SUCCESS';

const artifactsOf = (job: Raw): string | undefined => {
	const link = (Array.isArray(job.links) ? (job.links as Raw[]) : []).find(each => text(each.rel) === 'artifacts');
	return typeof link?.href === 'string' && link.href ? link.href : undefined;
};

/**
 * Exports `packageName` from the source Vault of `profile` and downloads it. Resolves with the
 * .vpk (in its own temp folder) once it inspects as a Vault package; rejects with a
 * PackportError, having removed whatever it downloaded.
 */
export const exportVaultPackage = async (options: VaultExportOptions): Promise<VaultExport> => {
	const {profile, secret, signal, onEvent, requestTimeoutMs, pollIntervalMs} = options;
	const packageName = options.packageName.trim();
	if (!packageName) throw usageError('Name the outbound package to export (its name in the source Vault, e.g. PKG-0001).');
	const redactor = options.redactor ?? createRedactor();
	redactor.add(secret);
	const client = createVaultClient({profile, redactor, signal, password: secret, requestTimeoutMs});
	const step = createStepRunner(onEvent, signal);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-export-'));
	let result: VaultExport | undefined;
	try {
		await step('export-login', `Signing in to ${profile.name}…`, () => `Signed in to ${profile.name} as ${profile.username ?? 'user'}`, client.login);
		const created = await step('export', `Exporting ${packageName}…`, () => `Export of ${packageName} started`, async () => client.exportPackage(packageName));
		const jobId = text(created.job_id ?? created.jobId);
		if (!jobId) {
			throw new PackportError('server', `Vault accepted the export of ${packageName} but named no job.`, {
				vendor: 'vault',
				hint: 'Check Admin > Deployment > Outbound Packages in the source Vault.',
			});
		}

		onEvent({type: 'progress', step: 'export-job', serverStatus: 'queued', jobId});
		// A job that ended other than SUCCESS is shown failed, not "exported".
		const exportedLabel = (data: Raw) => (succeeded(text(data.status)) ? `${packageName} exported` : `Export job ended ${text(data.status) || 'without a status'}`);
		const job = await step('export-job', 'Waiting for the export job…', exportedLabel, async () =>
			pollUntil({
				fetch: async () => ((await client.job(jobId, {once: true})).data ?? {}) as Raw,
				isDone: data => classifyJob(text(data.status)) !== 'running',
				intervalMs: pollIntervalMs,
				signal,
				...retryLog(onEvent),
				onPoll: (data, nextPollAt) => onEvent({type: 'progress', step: 'export-job', serverStatus: text(data.status).toLowerCase(), jobId, nextPollAt}),
			}),
			data => !succeeded(text(data.status)),
		);
		const jobStatus = text(job.status);
		if (!succeeded(jobStatus)) {
			throw new PackportError('server', `Vault's export job ${jobId} of ${packageName} ended ${jobStatus || 'without a status'}; nothing was exported.`, {
				vendor: 'vault',
				vendorCode: jobStatus || undefined,
				hint: `Open ${packageName} in the source Vault (Admin > Deployment > Outbound Packages): Vault emails the export's outcome to you.`,
			});
		}

		const link = artifactsOf(job);
		if (!link) {
			throw new PackportError('server', `Vault's export job ${jobId} of ${packageName} ended ${jobStatus} but linked no file to download.`, {
				vendor: 'vault',
				hint: 'Vault emails a download link for the .vpk: download it and run packport import with it.',
			});
		}

		const destination = path.join(folder, `${safeFileName(packageName)}.vpk`);
		const file = await step('export-download', 'Downloading the package…', () => 'Package downloaded', async () => client.downloadFile(link, destination, 'the exported package'));
		const inspection = await step('export-inspect', 'Reading the package…', value => `Package read: ${value.manifest.name}, ${value.steps.length} steps`, async () =>
			inspectVpk(file, {label: `The package Vault exported (${packageName})`}).catch((error: unknown) => {
				// Vault made this file, not the user: a package that does not read is the server's failure.
				if (error instanceof PackportError && error.kind === 'usage') {
					throw new PackportError('server', error.message, {vendor: 'vault', hint: 'Export the package again; if it still does not read, ask Veeva support.'});
				}

				throw error;
			}),
		);
		result = {file, jobId, details: {packageName, jobId, jobStatus, link, bytes: inspection.bytes, manifest: inspection.manifest, steps: inspection.steps.length, signedOut: null}};
		return result;
	} finally {
		if (!result) fs.rmSync(folder, {recursive: true, force: true});
		if (client.loggedIn) {
			// Its own short budget: an interrupted run still ends the session it opened.
			const {done, left} = await client.logout(timeoutSignal(15_000));
			if (result) result.details.signedOut = done ?? left ?? null;
			if (left) onEvent({type: 'log', level: 'warn', message: left});
		}
	}
};

export type OutboundPackage = {id: string; name: string};

/**
 * The source Vault's outbound packages (what Export Package takes by name), read with VQL as the
 * reference's Retrieve Object Records shows: `SELECT id, name__v FROM outbound_package__v`. Signs
 * in and out on its own; for the wizard's "what to take" list.
 */
export const listVaultOutboundPackages = async ({
	profile,
	secret,
	signal,
	requestTimeoutMs,
	redactor = createRedactor(),
}: Pick<VaultExportOptions, 'profile' | 'secret' | 'signal' | 'requestTimeoutMs' | 'redactor'>): Promise<OutboundPackage[]> => {
	redactor.add(secret);
	const client = createVaultClient({profile, redactor, signal, password: secret, requestTimeoutMs});
	try {
		await client.login();
		const rows = await client.query('SELECT id, name__v FROM outbound_package__v');
		return rows.map(row => ({id: text(row.id), name: text(row.name__v)})).filter(row => row.name !== '');
	} finally {
		if (client.loggedIn) await client.logout(timeoutSignal(15_000));
	}
};
