/**
 * The source side of the emulated Vault (issue 16): its outbound packages, listed with VQL as the
 * 25.2 reference's Retrieve Object Records does (`POST /query`, `SELECT id, name__v FROM
 * outbound_package__v`); Export Package (`POST /services/package`, form `packageName`) answering
 * {url, job_id} as published; and the .vpk the export job writes to file staging, downloaded with
 * Download Item Content (`GET /services/file_staging/items/content/{item}`, octet-stream with a
 * Content-Disposition file name). No sample shows an export job's status: the finished job's
 * `artifacts` link points at the file, the way the reference says finished jobs link what they
 * made. Under `vault-export-fails` the export job ends ERRORS_ENCOUNTERED and writes no file.
 */
import {createHash} from 'node:crypto';
import {strToU8, zipSync} from 'fflate';
import {drain, type Request, type Response} from '../http-kit.js';
import type {Scenarios} from '../scenarios.js';

type Router = {route(method: string, path: string, handler: (request: Request, response: Response, params: Record<string, string>, url: URL) => Promise<void> | void): void};
type Component = {step: string; type: string; name: string; mdl: string; needs: Array<{type: string; name: string; inPackage: boolean}>};
type OutboundPackage = {id: string; name: string; summary: string; components: Component[]};

/** The demo source Vault's outbound packages: what Admin > Deployment > Outbound Packages lists. */
const outboundPackages: OutboundPackage[] = [
	{
		id: '0PO000000001001',
		name: 'PKG-0001',
		summary: 'Claims object and status picklist',
		components: [
			{step: '00010', type: 'Picklist', name: 'claim_status__c', mdl: "RECREATE Picklist claim_status__c (\n  label('Claim Status'),\n  active(true)\n);\n", needs: []},
			{
				step: '00020',
				type: 'Object',
				name: 'claim__c',
				mdl: "RECREATE Object claim__c (\n  label('Claim'),\n  active(true)\n);\n",
				needs: [
					{type: 'Picklist', name: 'claim_status__c', inPackage: true},
					{type: 'Objecttype', name: 'claim__c.base__v', inPackage: true},
				],
			},
		],
	},
	{
		id: '0PO000000001002',
		name: 'PKG-0002',
		summary: 'Claims document type',
		components: [
			{
				step: '00010',
				type: 'Doctype',
				name: 'claims_document__c',
				mdl: "RECREATE Doctype claims_document__c (\n  label('Claims Document'),\n  active(true)\n);\n",
				needs: [
					{type: 'Object', name: 'claim__c', inPackage: false},
					{type: 'Docfield', name: 'country__v', inPackage: false},
				],
			},
		],
	},
];

const depHeader = `${[
	'In Package',
	'Blocking Type',
	'Source Component Label',
	'Source Component Name',
	'Source Component Type',
	'Target Component Label',
	'Target Component Name',
	'Target Component Type',
	'Target Sub Component Name',
	'Target Sub Component Type',
]
	.map(column => `"${column}"`)
	.join(',')}\n`;

/** The .vpk Vault writes for an outbound package: manifest, then per component its .mdl, .md5 and .dep. */
const vpkOf = (outbound: OutboundPackage, author: string): Buffer => {
	const manifest =
		`<?xml version="1.0" encoding="UTF-8"?>\n<vaultpackage xmlns="https://veevavault.com/">\n  <name>${outbound.name}</name>\n  <source>\n    <vault>1776</vault>\n` +
		`    <author>${author}</author>\n  </source>\n  <packagetype>migration__v</packagetype>\n  <summary>${outbound.summary}</summary>\n` +
		`  <description>${outbound.summary}</description>\n  <javasdk>\n    <deployment_option>none</deployment_option>\n  </javasdk>\n</vaultpackage>\n`;
	const files: Record<string, Uint8Array> = {'vaultpackage.xml': strToU8(manifest)};
	for (const component of outbound.components) {
		const base = `components/${component.step}/${component.type}.${component.name}`;
		files[`${base}.mdl`] = strToU8(component.mdl);
		files[`${base}.md5`] = strToU8(`${createHash('md5').update(component.mdl).digest('hex')} ${component.type}.${component.name}`);
		files[`${base}.dep`] = strToU8(
			depHeader +
				component.needs
					.map(need => `"${need.inPackage}","block__sys","${component.name}","${component.name}","${component.type}","${need.name}","${need.name}","${need.type}","",""\n`)
					.join(''),
		);
	}

	return Buffer.from(zipSync(files));
};

const readForm = async (request: Request): Promise<URLSearchParams> => {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

type ExportDeps = {
	router: Router;
	scenarios: Scenarios;
	jobMs: () => number;
	author: string;
	api: (version: string) => string;
	authorized: (request: Request, response: Response) => boolean;
	ok: (response: Response, body: Record<string, unknown>) => void;
	failure: (response: Response, type: string, message: string) => void;
	/** Creates the export job (kind `export`) as the import's are created; answers {url, job_id}. */
	startJob: (packageId: string, version: string, request: Request) => {url: string; job_id: number};
};

export const createVaultExports = ({router, scenarios, jobMs, author, api, authorized, ok, failure, startJob}: ExportDeps) => {
	/** File staging items the export jobs wrote: item path → bytes and when the job finishes. */
	const staged = new Map<string, {bytes: Buffer; readyAt: number}>();
	/** Export job id → the item it writes. */
	const itemOfJob = new Map<number, string>();
	const counters = {exports: 0, fileDownloads: 0};

	router.route('POST', '/:version/query', async (request, response) => {
		const form = await readForm(request);
		if (!authorized(request, response)) return;
		const q = form.get('q');
		if (!q) return failure(response, 'PARAMETER_REQUIRED', 'Missing required parameter [q].');
		const parsed = /^\s*select\s+(.+?)\s+from\s+(\w+)\s*$/i.exec(q);
		if (!parsed) return failure(response, 'MALFORMED_URL', `The query could not be read: [${q}].`);
		const fields = parsed[1]!.split(',').map(field => field.trim());
		// The emulated Vault answers VQL for its outbound packages only.
		if (parsed[2]!.toLowerCase() !== 'outbound_package__v') return failure(response, 'INVALID_DATA', `Object [${parsed[2]}] is not queryable in this Vault.`);
		const unknown = fields.find(field => !['id', 'name__v'].includes(field));
		if (unknown) return failure(response, 'INVALID_DATA', `Unknown field [${unknown}] on object [outbound_package__v].`);
		const data = outboundPackages.map(outbound => Object.fromEntries(fields.map(field => [field, field === 'id' ? outbound.id : outbound.name])));
		ok(response, {responseDetails: {pagesize: 1000, pageoffset: 0, size: data.length, total: data.length}, data});
	});

	router.route('POST', '/:version/services/package', async (request, response, {version = ''}) => {
		const form = await readForm(request);
		if (!authorized(request, response)) return;
		const name = form.get('packageName');
		if (!name) return failure(response, 'PARAMETER_REQUIRED', 'Missing required parameter [packageName].');
		const outbound = outboundPackages.find(each => each.name === name);
		if (!outbound) return failure(response, 'INVALID_DATA', `Invalid value [${name}] for parameter [packageName] specified`);
		counters.exports++;
		const created = startJob(outbound.id, version, request);
		if (!scenarios.has('vault-export-fails')) {
			const item = `${outbound.name}.vpk`;
			staged.set(item, {bytes: vpkOf(outbound, author), readyAt: Date.now() + jobMs()});
			itemOfJob.set(created.job_id, item);
		}

		ok(response, created);
	});

	router.route('GET', '/:version/services/file_staging/items/content/:item', async (request, response, {item = ''}) => {
		await drain(request);
		if (!authorized(request, response)) return;
		const file = staged.get(item);
		if (!file || Date.now() < file.readyAt) return failure(response, 'INVALID_DATA', `Invalid value [${item}] for parameter [item] specified`);
		counters.fileDownloads++;
		response.writeHead(200, {
			'content-type': 'application/octet-stream;charset=UTF-8',
			'content-disposition': `attachment;filename="${item}"`,
			'content-length': file.bytes.length,
		});
		response.end(file.bytes);
	});

	return {
		counters,
		/** A finished export job's `artifacts` href: the file it wrote, or none when it wrote nothing. */
		artifactsHref(jobId: number, version: string): string | undefined {
			const item = itemOfJob.get(jobId);
			return item ? `${api(version)}/services/file_staging/items/content/${encodeURIComponent(item)}` : undefined;
		},
	};
};
