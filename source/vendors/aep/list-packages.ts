import type {Profile} from '../../config/profile-types.js';
import {createRedactor} from '../../http/redact.js';
import {stripControl} from '../../http/redact.js';
import {createAepClient, profileSandboxes} from './client.js';

export type ServerPackage = {id: string; name: string; status: string; expiry: number | null; publishDate: number | null; artifacts: number};

/** One page of the org's packages, newest first; the wizard asks for the next as the user scrolls. */
export const listAepPackages = async (profile: Profile, secret: string, signal: AbortSignal, start: number): Promise<{packages: ServerPackage[]; hasNextPage: boolean}> => {
	const redactor = createRedactor();
	redactor.add(secret);
	const client = createAepClient({profile, redactor, signal, secret, sandboxes: profileSandboxes(profile)});
	const found: ServerPackage[] = [];
	{
		const answer = await client.listPackages(start);
		for (const item of answer.data ?? []) {
			found.push({
				id: stripControl(String(item.id ?? '')),
				name: stripControl(String(item.name ?? '')),
				status: stripControl(String(item.status ?? '')),
				expiry: Number(item.expiry ?? 0) || null,
				publishDate: Number(item.publishDate ?? 0) || null,
				artifacts: Array.isArray(item.artifactsList) ? item.artifactsList.length : 0,
			});
		}

		return {packages: found, hasNextPage: answer.hasNextPage === true};
	}
};

export type TreeNode = {id: string; title: string; type: string; children: TreeNode[]};

/** The dependency tree of one artifact (POST /packages/{id}/children), for the conflict review. */
export const aepDependencyTree = async (profile: Profile, secret: string, packageId: string, artifact: {id: string; type: string}, signal: AbortSignal): Promise<TreeNode[]> => {
	const redactor = createRedactor();
	redactor.add(secret);
	const client = createAepClient({profile, redactor, signal, secret, sandboxes: profileSandboxes(profile)});
	const toNode = (raw: Record<string, unknown>): TreeNode => ({
		id: stripControl(String(raw.id ?? '')),
		title: stripControl(String(raw.title ?? raw.id ?? '')),
		type: stripControl(String(raw.type ?? '')),
		children: Array.isArray(raw.children) ? (raw.children as Array<Record<string, unknown>>).map(child => toNode(child)) : [],
	});
	return (await client.children(packageId, [artifact])).map(node => toNode(node));
};
