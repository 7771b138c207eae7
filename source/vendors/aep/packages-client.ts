/**
 * Adobe's package authoring (the source half of the packages page, vendor-apis.md 3.4.1): list,
 * look up, create, add and remove artifacts, update metadata, delete, publish and wait. Every call
 * names the profile's source sandbox in x-sandbox-name (client.ts `sandboxFor('package')`).
 *
 * For other commands (promote): `publishPackage` and `createPackageFromFile` below.
 */
import type {OnEvent} from '../../engine/events.js';
import {mayHaveArrived, pollUntil, retryLog} from '../../engine/poll.js';
import {createStepRunner} from '../../engine/step-runner.js';
import {PackportError, usageError} from '../../errors.js';
import {createRedactor, serverText as text} from '../../http/redact.js';
import type {Profile} from '../../config/profile-types.js';
import {counted} from '../../output/words.js';
import {createAepClient, profileSandboxes, type Paged} from './client.js';
import {describeProblems, jobObject, readJob} from './job-outcome.js';
import {artifactLabel} from './labels.js';
import {readPackageFile, type ArtifactRef, type PackageDefinition} from './package-input.js';

type Raw = Record<string, unknown>;
const list = (value: unknown): Raw[] => (Array.isArray(value) ? (value.filter(item => item && typeof item === 'object') as Raw[]) : []);
const looksLikeId = (ref: string) => /^[0-9a-f]{32}$/i.test(ref);
const epoch = (value: unknown): number | null => (Number(value) > 0 ? Number(value) : null);

export type AepPackageInfo = {
	id: string;
	name: string;
	description: string;
	status: string;
	packageType: string;
	version: number | null;
	createdDate: number | null;
	modifiedDate: number | null;
	publishDate: number | null;
	expiry: number | null;
	sourceSandbox: string;
	artifacts: ArtifactRef[];
};

/** A package as Adobe answers it, read tolerantly: every field may be missing, empty strings count as missing. */
export const readPackageInfo = (raw: Raw): AepPackageInfo => {
	const sandbox = raw.sourceSandbox;
	return {
		id: text(raw.id).trim(),
		name: text(raw.name).trim(),
		description: text(raw.description).trim(),
		status: text(raw.status).trim().toUpperCase(),
		packageType: text(raw.packageType).trim().toUpperCase(),
		version: typeof raw.version === 'number' ? raw.version : null,
		createdDate: epoch(raw.createdDate),
		modifiedDate: epoch(raw.modifiedDate),
		publishDate: epoch(raw.publishDate),
		expiry: epoch(raw.expiry),
		sourceSandbox: typeof sandbox === 'string' ? text(sandbox) : text((sandbox as Raw | undefined)?.name),
		artifacts: list(raw.artifactsList).map(item => ({id: text(item.id), type: text(item.type), ...(text(item.title).trim() ? {title: text(item.title).trim()} : {})})),
	};
};

export type TreeNode = {id: string; title: string; type: string; children: TreeNode[]};
const toNode = (raw: Raw): TreeNode => ({
	id: text(raw.id),
	title: text(raw.title) || text(raw.id),
	type: text(raw.type),
	children: list(raw.children).map(child => toNode(child)),
});

/** A change Adobe answered for: the package as it says it is now, and what it did not confirm. */
export type Changed = {package: AepPackageInfo; warnings: string[]};

const sameArtifact = (a: ArtifactRef) => (b: ArtifactRef) => a.id === b.id && a.type.toUpperCase() === b.type.toUpperCase();
const isoOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export type PackagesClientOptions = {profile: Profile; secret: string; signal: AbortSignal; requestTimeoutMs?: number};

export const createPackagesClient = ({profile, secret, signal, requestTimeoutMs}: PackagesClientOptions) => {
	const redactor = createRedactor();
	redactor.add(secret);
	const sandboxes = profileSandboxes(profile);
	const client = createAepClient({profile, redactor, signal, secret, sandboxes, requestTimeoutMs});
	const sourceSandbox = {name: sandboxes.source, imsOrgId: profile.orgId ?? ''};
	const packagePath = (id: string) => `packages/${encodeURIComponent(id)}`;

	const get = async (id: string, {once = false} = {}) => readPackageInfo(await client.authoring<Raw>('reading the package', 'GET', packagePath(id), {once}));

	/** Every page (aepp stopped at the first); a list that repeats itself ends with an error, never a silent cut. */
	const listAll = async ({statuses = []}: {statuses?: string[]} = {}): Promise<AepPackageInfo[]> => {
		const found: AepPackageInfo[] = [];
		const seen = new Set<string>();
		for (let start = 0, pages = 0; ; start += 50, pages++) {
			if (pages >= 200) break;
			const query: Record<string, string> = {start: String(start), limit: '50', orderby: '-createdDate'};
			if (statuses.length > 0) query.property = `status==${statuses.join(',')}`;
			const page = await client.authoring<Paged<Raw>>('listing packages', 'GET', 'packages', {searchParams: query});
			const data = list(page.data);
			if (data.length > 0 && data.every(item => seen.has(text(item.id)))) break;
			for (const item of data) {
				if (seen.has(text(item.id))) continue;
				seen.add(text(item.id));
				found.push(readPackageInfo(item));
			}

			if (page.hasNextPage !== true || data.length === 0) return found;
		}

		throw new PackportError('server', `Adobe's package list did not come to an end (${seen.size} packages read, then pages repeated or ran past 10,000).`, {
			vendor: 'aep',
			hint: 'Name the package by its id instead.',
		});
	};

	/** By id, or by exact name through every page; names repeat (Adobe's own list has two "acme"), which is a usage error. */
	const resolve = async (ref: string): Promise<AepPackageInfo> => {
		const wanted = ref.trim();
		if (!wanted) throw usageError('No package given.', 'Name the package by its id or its exact name.');
		if (looksLikeId(wanted)) {
			try {
				return await get(wanted);
			} catch (error) {
				if (!(error instanceof PackportError && error.status === 404)) throw error;
			}
		}

		const matches = (await listAll()).filter(item => item.name === wanted || item.id === wanted);
		if (matches.length === 1) return get(matches[0]!.id);
		if (matches.length > 1) {
			throw usageError(
				`${matches.length} packages are named "${wanted}": ${matches.map(item => `${item.id} (${item.status || 'no status'}, ${counted(item.artifacts.length, 'artifact')})`).join('; ')}.`,
				'Name the package by its id.',
			);
		}

		throw usageError(`No package named or with id "${wanted}" in the org.`, `List them with \`packport packages list --profile ${profile.name}\`.`);
	};

	/** Adobe changes only PARTIAL packages that are not published (published packages are immutable). */
	const checkChangeable = (pkg: AepPackageInfo, what: string) => {
		if (pkg.packageType && pkg.packageType !== 'PARTIAL')
			throw usageError(`Package "${pkg.name}" is ${pkg.packageType}; Adobe ${what} only PARTIAL packages.`, 'Create a PARTIAL package with the artifacts you want.');
		if (pkg.status === 'PUBLISHED' || pkg.status === 'PUBLISH_IN_PROGRESS')
			throw usageError(`Package "${pkg.name}" is ${pkg.status}; a published package cannot be changed.`, 'Create a new package (packport packages create --from) and publish that one.');
	};

	/** ADD / DELETE keep the expiry: without one, Adobe sets it to 90 days from now (the page). */
	const keptExpiry = (pkg: AepPackageInfo, expiry?: string) => expiry ?? (pkg.expiry && pkg.expiry > Date.now() ? isoOf(pkg.expiry) : undefined);

	const expiryWarning = (after: AepPackageInfo, expiry: string | undefined) => {
		if (!expiry) return [];
		const asked = Date.parse(expiry);
		// Adobe answers in epoch ms; a second's rounding either way is the same date.
		return after.expiry !== null && Math.abs(after.expiry - asked) < 1000
			? []
			: [`Adobe's answer gives the expiry as ${after.expiry ? isoOf(after.expiry) : 'none'}, not ${expiry}; check it with packport packages show ${after.id || ''}.`.trim()];
	};

	const changeArtifacts = async (action: 'ADD' | 'DELETE', pkg: AepPackageInfo, artifacts: ArtifactRef[], expiry?: string): Promise<Changed> => {
		checkChangeable(pkg, action === 'ADD' ? 'adds artifacts to' : 'removes artifacts from');
		const keep = keptExpiry(pkg, expiry);
		const body = {id: pkg.id, action, ...(keep ? {expiry: keep} : {}), artifacts: artifacts.map(({id, type}) => ({id, type}))};
		const after = readPackageInfo(await client.authoring<Raw>(action === 'ADD' ? 'adding artifacts' : 'removing artifacts', 'PUT', 'packages', {json: body}));
		const unconfirmed = artifacts.filter(artifact => after.artifacts.some(sameArtifact(artifact)) !== (action === 'ADD'));
		const warnings = unconfirmed.length === 0 ? [] : [`Adobe's answer ${action === 'ADD' ? 'does not list' : 'still lists'} ${unconfirmed.map(item => artifactLabel(item)).join(', ')}.`];
		return {package: after, warnings: [...warnings, ...(expiry ? expiryWarning(after, expiry) : [])]};
	};

	const api = {
		sandbox: sandboxes.source,
		fetchToken: client.fetchToken,
		list: listAll,
		get,
		resolve,

		/** POST /packages: PARTIAL with artifacts, or FULL (artifacts must be empty). The answer is the new DRAFT package. */
		async create(definition: {name: string; description?: string; expiry?: string; packageType: 'PARTIAL' | 'FULL'; artifacts: ArtifactRef[]}): Promise<Changed> {
			const {name, description, expiry, packageType, artifacts} = definition;
			if (packageType === 'PARTIAL' && artifacts.length === 0) throw usageError('A PARTIAL package needs at least one artifact.', 'Pass --artifact TYPE:ID (repeatable), --from FILE.json, or --full.');
			if (packageType === 'FULL' && artifacts.length > 0)
				throw usageError('A FULL package takes the whole sandbox; it names no artifacts.', "Drop --artifact / the file's artifacts, or leave out --full.");
			const body = {
				name,
				...(description ? {description} : {}),
				packageType,
				sourceSandbox,
				...(expiry ? {expiry} : {}),
				...(packageType === 'PARTIAL' ? {artifacts: artifacts.map(({id, type, title}) => ({id, type, ...(title ? {title} : {})}))} : {}),
			};
			// POST is never retried (http/client.ts): a second create would make a second package.
			const created = readPackageInfo(
				await client.authoring<Raw>('creating the package', 'POST', 'packages', {json: body}).catch((error: unknown) => {
					// The package may exist although its answer never came: unknown, never "could not connect".
					if (!mayHaveArrived(error) || signal.aborted) throw error;
					throw new PackportError('unknown-outcome', `${error.message} Whether Adobe created package "${name}" is unknown.`, {
						vendor: 'aep',
						hint: `Look for it with packport packages list --profile ${profile.name} --status DRAFT before creating it again.`,
					});
				}),
			);
			if (!created.id) {
				throw new PackportError('server', 'Adobe answered the create without a package id.', {
					vendor: 'aep',
					hint: `Look for "${name}" with packport packages list --profile ${profile.name}.`,
				});
			}

			const missing = artifacts.filter(artifact => !created.artifacts.some(sameArtifact(artifact)));
			const labels = (artifacts: ArtifactRef[]) => artifacts.map(item => artifactLabel(item)).join(', ');
			const warnings = missing.length === 0 ? [] : [`Adobe's answer does not list ${labels(missing)}; it lists ${labels(created.artifacts) || 'no artifact'}.`];
			return {package: created, warnings: [...warnings, ...expiryWarning(created, expiry)]};
		},

		addArtifacts: async (pkg: AepPackageInfo, artifacts: ArtifactRef[], expiry?: string) => changeArtifacts('ADD', pkg, artifacts, expiry),
		removeArtifacts: async (pkg: AepPackageInfo, artifacts: ArtifactRef[], expiry?: string) => changeArtifacts('DELETE', pkg, artifacts, expiry),

		/**
		 * UPDATE takes name and sourceSandbox as mandatory (the page): the current ones are sent where
		 * the user changes nothing. The expiry is not an UPDATE field; it travels on an ADD of no
		 * artifacts, and is read back.
		 */
		async updateMetadata(pkg: AepPackageInfo, change: {name?: string; description?: string; expiry?: string}): Promise<Changed> {
			checkChangeable(pkg, 'updates');
			let after = pkg;
			const warnings: string[] = [];
			if (change.name !== undefined || change.description !== undefined) {
				const body = {
					id: pkg.id,
					action: 'UPDATE',
					name: change.name ?? pkg.name,
					description: change.description ?? pkg.description,
					sourceSandbox: {name: pkg.sourceSandbox || sourceSandbox.name, imsOrgId: sourceSandbox.imsOrgId},
				};
				after = readPackageInfo(await client.authoring<Raw>('updating the package', 'PUT', 'packages', {json: body}));
				if (change.name !== undefined && after.name !== change.name) warnings.push(`Adobe's answer names the package "${after.name}", not "${change.name}".`);
				if (change.description !== undefined && after.description !== change.description) warnings.push(`Adobe's answer gives the description "${after.description}", not "${change.description}".`);
			}

			if (change.expiry) {
				after = readPackageInfo(await client.authoring<Raw>('changing the expiry', 'PUT', 'packages', {json: {id: pkg.id, action: 'ADD', expiry: change.expiry, artifacts: []}}));
				warnings.push(...expiryWarning(after, change.expiry));
			}

			return {package: after, warnings};
		},

		/** DELETE /packages/{id}: Adobe answers `{reason}`. Sent once: a retry would meet a 404 and say nothing true. */
		async remove(pkg: AepPackageInfo): Promise<{reason: string; readBack: boolean}> {
			try {
				const answer = await client.authoring<Raw>('deleting the package', 'DELETE', packagePath(pkg.id), {once: true});
				return {reason: text(answer.reason).trim() || `Package ${pkg.id} deleted`, readBack: false};
			} catch (error) {
				if (!mayHaveArrived(error) || signal.aborted) throw error;
				// A lost answer: the package read back tells. Gone (404) is deleted; still there is the error as it came.
				const gone = await get(pkg.id).then(
					() => false,
					(lookup: unknown) => lookup instanceof PackportError && lookup.status === 404,
				);
				if (!gone) throw error;
				return {reason: `${error.message.replace(/\.$/, '')}; the package now reads 404 Not Found`, readBack: true};
			}
		},

		/** POST /packages/{id}/children for the package's artifacts; Adobe refuses it on DRAFT packages (spec). */
		async dependents(pkg: AepPackageInfo): Promise<TreeNode[]> {
			if (pkg.artifacts.length === 0) return [];
			const answer = await client.authoring<unknown>('reading the dependent objects', 'POST', `${packagePath(pkg.id)}/children`, {json: pkg.artifacts.map(({id, type}) => ({id, type}))});
			return list(answer).map(node => toNode(node));
		},

		publish: async (pkg: AepPackageInfo, options: PublishOptions = {}): Promise<AepPackageInfo> => publishWith({get}, client, pkg, options, signal, profile.name),
	};
	return api;
};

export type PackagesClient = ReturnType<typeof createPackagesClient>;

export type PublishOptions = {onEvent?: OnEvent; pollIntervalMs?: number; expiryPeriodDays?: number};

const settled = (status: string) => status !== 'PUBLISH_IN_PROGRESS' && status !== 'DRAFT';

/**
 * GET /packages/{id}/export starts the publish; the package's status then moves through
 * PUBLISH_IN_PROGRESS to PUBLISHED or PUBLISH_FAILED, which is polled. A lost answer is read back
 * (is it publishing?) instead of sent again.
 */
const publishWith = async (
	packages: {get: (id: string, options?: {once?: boolean}) => Promise<AepPackageInfo>},
	client: ReturnType<typeof createAepClient>,
	start: AepPackageInfo,
	{onEvent = () => {}, pollIntervalMs = 5000, expiryPeriodDays}: PublishOptions,
	signal: AbortSignal,
	profileName: string,
): Promise<AepPackageInfo> => {
	const step = createStepRunner(onEvent, signal);
	if (start.status === 'PUBLISHED') {
		onEvent({type: 'log', level: 'info', message: `Package "${start.name}" is published already.`});
		return start;
	}

	if (start.status !== 'DRAFT' && start.status !== 'PUBLISH_FAILED' && start.status !== 'PUBLISH_IN_PROGRESS')
		throw new PackportError('server', `Package "${start.name}" is ${start.status || 'without a status'}; packport publishes DRAFT and PUBLISH_FAILED packages.`, {vendor: 'aep'});
	if (start.packageType === 'PARTIAL' && start.artifacts.length === 0)
		throw usageError(`Package "${start.name}" holds no artifact; Adobe publishes a PARTIAL package only with artifacts.`, `Add some with packport packages add ${start.id} --artifact TYPE:ID.`);
	let jobId: string | undefined;
	if (start.status !== 'PUBLISH_IN_PROGRESS') {
		const query = expiryPeriodDays === undefined ? undefined : {expiryPeriod: String(expiryPeriodDays)};
		await step(
			'publish',
			'Publishing the package…',
			() => 'Publish started',
			async () => {
				try {
					const answer = await client.authoring<Raw>('publishing the package', 'GET', `packages/${encodeURIComponent(start.id)}/export`, {searchParams: query, once: true});
					// The page's answer has no jobId; the spec's and the 2025 page's have one.
					jobId = text(answer.jobId).trim() || undefined;
				} catch (error) {
					if (!mayHaveArrived(error) || signal.aborted) throw error;
					const now = await packages.get(start.id);
					if (now.status === 'DRAFT' || now.status === 'PUBLISH_FAILED') throw error;
					onEvent({type: 'log', level: 'warn', message: `${error.message} The package reads ${now.status}: the publish started.`});
				}
			},
		);
	} else {
		onEvent({type: 'log', level: 'info', message: `Package "${start.name}" is being published already; waiting for it.`});
	}

	onEvent({type: 'progress', step: 'publish', serverStatus: 'publish_in_progress', ...(jobId ? {jobId} : {})});
	const end = await step(
		'published',
		'Waiting for PUBLISHED…',
		value => `Package ${value.status === 'PUBLISHED' ? 'published' : value.status}`,
		async () =>
			pollUntil({
				fetch: async () => packages.get(start.id, {once: true}),
				isDone: value => settled(value.status),
				intervalMs: pollIntervalMs,
				signal,
				...retryLog(onEvent),
				onPoll: (value, nextPollAt) => onEvent({type: 'progress', step: 'publish', serverStatus: value.status.toLowerCase() || 'no status', nextPollAt, ...(jobId ? {jobId} : {})}),
			}),
		value => value.status !== 'PUBLISHED',
	);
	if (end.status === 'PUBLISHED') return end;
	if (end.status === 'PUBLISH_FAILED') {
		const reason = jobId ? await failureReason(client, jobId) : undefined;
		throw new PackportError('server', `Adobe could not publish package "${end.name}" (${end.id}): PUBLISH_FAILED${reason ? `: ${reason}` : ', and Adobe gives no reason on the package'}.`, {
			vendor: 'aep',
			vendorCode: 'PUBLISH_FAILED',
			hint: `Check the package's artifacts in sandbox ${end.sourceSandbox || 'the source'} (packport packages show ${end.id} --profile ${profileName}), then publish again.`,
		});
	}

	throw new PackportError('unknown-outcome', `Package "${end.name}" reads "${end.status || 'no status'}", a state packport does not know; whether it was published is unknown.`, {
		vendor: 'aep',
		hint: `Look again with: packport packages show ${end.id} --profile ${profileName}`,
	});
};

/** Why a publish failed, from its export job's task messages (GET /tools/job/{id}); undefined when it cannot tell. */
const failureReason = async (client: ReturnType<typeof createAepClient>, jobId: string): Promise<string | undefined> => {
	try {
		const job = jobObject(await client.job(jobId, {once: true}));
		const {failed, doubtful} = readJob(job, {});
		const problems = [...failed, ...doubtful];
		return problems.length > 0 ? describeProblems(problems) : undefined;
	} catch {
		return undefined;
	}
};

/**
 * For promote: publish a package of the profile's source sandbox (by id or exact name) and wait
 * until Adobe says PUBLISHED. A published package is returned as it is; PUBLISH_FAILED throws a
 * PackportError (exit 1) with the reason where Adobe gives one.
 */
export const publishPackage = async (
	profile: Profile,
	secret: string,
	ref: string,
	{signal, onEvent, pollIntervalMs, expiryPeriodDays}: PublishOptions & {signal: AbortSignal},
): Promise<AepPackageInfo> => {
	const packages = createPackagesClient({profile, secret, signal});
	return packages.publish(await packages.resolve(ref), {onEvent, pollIntervalMs, expiryPeriodDays});
};

/**
 * For promote: create a DRAFT package in the profile's source sandbox from a definition file
 * (package-input.ts `readPackageFile`: the page's create body, a `packages show --json` output, or a
 * list of {id, type}). `name` etc. win over the file's. The answer and what Adobe did not confirm.
 */
export const createPackageFromFile = async (
	profile: Profile,
	secret: string,
	file: string,
	{signal, name, description, expiry}: {signal: AbortSignal; name?: string; description?: string; expiry?: string},
): Promise<Changed> => {
	const definition: PackageDefinition = readPackageFile(file);
	const packageName = name ?? definition.name;
	if (!packageName) throw usageError(`${file} names no package.`, 'Pass --name, or put "name" in the file.');
	// A file written from `packages show --json` carries that package's expiry, which may have passed.
	const fileExpiry = definition.expiry && Date.parse(definition.expiry) > Date.now() ? `${new Date(Date.parse(definition.expiry)).toISOString().slice(0, 19)}Z` : undefined;
	const changed = await createPackagesClient({profile, secret, signal}).create({
		name: packageName,
		description: description ?? definition.description,
		expiry: expiry ?? fileExpiry,
		packageType: definition.packageType ?? 'PARTIAL',
		artifacts: definition.artifacts,
	});
	const dropped = !expiry && definition.expiry && !fileExpiry ? [`The file's expiry ${definition.expiry} has passed; Adobe's default (90 days) applies.`] : [];
	return {...changed, warnings: [...dropped, ...changed.warnings]};
};
