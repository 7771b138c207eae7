import type {Profile} from '../../profiles-types.js';
import {createRedactor} from '../../redact.js';
import {stripControl} from '../../redact.js';
import {createAepClient} from './client.js';

export type ServerPackage = {id: string; name: string; status: string; expiry: number | null; artifacts: number};

/** Packages of the org, newest first, following hasNextPage (bounded, so a huge org stays quick). */
export const listAepPackages = async (profile: Profile, secret: string, signal: AbortSignal, maxPages = 25): Promise<ServerPackage[]> => {
	const redactor = createRedactor();
	redactor.add(secret);
	const client = createAepClient({profile, redactor, signal, secret, sandbox: profile.sandbox ?? profile.targetSandbox ?? 'prod'});
	const found: ServerPackage[] = [];
	for (let page = 0, start = 0; page < maxPages; page++, start += 20) {
		const answer = await client.listPackages(start);
		for (const item of answer.data ?? []) {
			found.push({
				id: stripControl(String(item.id ?? '')),
				name: stripControl(String(item.name ?? '')),
				status: stripControl(String(item.status ?? '')),
				expiry: Number(item.expiry ?? 0) || null,
				artifacts: Array.isArray(item.artifactsList) ? item.artifactsList.length : 0,
			});
		}

		if (!answer.hasNextPage) break;
	}

	return found;
};

export type TreeNode = {id: string; title: string; type: string; children: TreeNode[]};

/** The dependency tree of one artifact (POST /packages/{id}/children), for the conflict review. */
export const aepDependencyTree = async (profile: Profile, secret: string, packageId: string, artifact: {id: string; type: string}, signal: AbortSignal): Promise<TreeNode[]> => {
	const redactor = createRedactor();
	redactor.add(secret);
	const client = createAepClient({profile, redactor, signal, secret, sandbox: profile.targetSandbox ?? profile.sandbox ?? 'prod'});
	const toNode = (raw: Record<string, unknown>): TreeNode => ({
		id: stripControl(String(raw.id ?? '')),
		title: stripControl(String(raw.title ?? raw.id ?? '')),
		type: stripControl(String(raw.type ?? '')),
		children: Array.isArray(raw.children) ? (raw.children as Array<Record<string, unknown>>).map(child => toNode(child)) : [],
	});
	return (await client.children(packageId, [artifact])).map(node => toNode(node));
};
