/**
 * The engine's promises, with a scripted vendor (our own interface, no network): cleanup on every
 * path, the right exit code for how far the run got, and no secret in the result.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {setTimeout as sleep} from 'node:timers/promises';
import {runImport} from '../../source/engine/run-import.js';
import type {ImportPlan} from '../../source/engine/plan.js';
import {PackportError} from '../../source/errors.js';
import type {Outcome, Vendor, VendorContext} from '../../source/vendors/vendor.js';
import type {MstrReview} from '../../source/vendors/mstr/types.js';
import {makeTempDir} from '../helpers/cli.js';

const review: MstrReview = {vendor: 'mstr', holderId: 'h', status: 'ready', settings: {defaultAction: 'replace'}, objects: []};

type Script = {
	prepare?: (ctx: VendorContext) => Promise<void>;
	execute?: (ctx: VendorContext, flow: {jobId?: string; submitted: boolean}) => Promise<Outcome>;
};

const scriptedVendor = (script: Script, log: string[]): Vendor => ({
	id: 'mstr',
	defaultPollSeconds: 1,
	testConnection: async () => undefined,
	inspectPackage: async ref => ({path: ref, bytes: 1, sha256: 'abc', warnings: []}),
	open(ctx) {
		const state: {jobId?: string; submitted: boolean} = {submitted: false};
		return {
			get jobId() {
				return state.jobId;
			},
			get submitted() {
				return state.submitted;
			},
			async prepare() {
				log.push('prepare');
				await script.prepare?.(ctx);
				return review;
			},
			choicesFromOptions: () => ({vendor: 'mstr', actions: {}, generateUndo: true}),
			async apply() {
				log.push('apply');
			},
			async execute() {
				log.push('execute');
				return script.execute ? script.execute(ctx, state) : {status: 'imported', exitCode: 0, details: {}, warnings: []};
			},
			async cleanup() {
				log.push('cleanup');
				return {done: ['Package holder deleted'], left: []};
			},
			details: () => ({}),
		};
	},
});

const plan = (overrides: Partial<ImportPlan> = {}): ImportPlan => {
	const file = path.join(makeTempDir(), 'p.mmp');
	fs.writeFileSync(file, 'x');
	return {profile: {name: 'p', vendor: 'mstr', url: 'http://127.0.0.1:1'}, secret: 'hunter2-secret', packageRef: file, options: {}, timeoutMs: 60_000, ...overrides};
};

describe('runImport', () => {
	it('runs prepare, apply, execute, cleanup in order and reports exit 0', async () => {
		const log: string[] = [];
		const result = await runImport(scriptedVendor({}, log), plan());
		expect(log).toEqual(['prepare', 'apply', 'execute', 'cleanup']);
		expect(result).toMatchObject({ok: true, exitCode: 0, status: 'imported', error: null});
		expect(result.details.cleanup).toEqual({done: ['Package holder deleted'], left: []});
	});

	it('a failure before the submit keeps its own exit code and still cleans up', async () => {
		const log: string[] = [];
		const result = await runImport(
			scriptedVendor({prepare: async () => Promise.reject(new PackportError('auth', 'Login failed for hunter2-secret'))}, log),
			plan(),
		);
		expect(result.exitCode).toBe(3);
		expect(log).toEqual(['prepare', 'cleanup']);
		expect(result.error?.message).toBe('Login failed for ***');
	});

	it('losing the connection after the submit means "outcome unknown" (exit 5) with the job id', async () => {
		const log: string[] = [];
		const result = await runImport(
			scriptedVendor(
				{
					async execute(_ctx, state) {
						state.submitted = true;
						state.jobId = 'job-7';
						throw new PackportError('connect', "Can't reach the server.");
					},
				},
				log,
			),
			plan(),
		);
		expect(result).toMatchObject({exitCode: 5, status: 'unknown', jobId: 'job-7'});
		expect(result.error?.hint).toContain('packport status --profile p --job job-7');
		expect(log.at(-1)).toBe('cleanup');
	});

	it('the deadline aborts a running job wait with exit 5, never success', async () => {
		const result = await runImport(
			scriptedVendor(
				{
					async execute(ctx, state) {
						state.submitted = true;
						state.jobId = 'job-8';
						await sleep(10_000, undefined, {signal: ctx.signal});
						return {status: 'imported', exitCode: 0, details: {}, warnings: []};
					},
				},
				[],
			),
			plan({timeoutMs: 50}),
		);
		expect(result).toMatchObject({ok: false, exitCode: 5, jobId: 'job-8'});
		expect(result.error?.message).toContain('--timeout');
	});

	it('an interruption before the submit exits 130: nothing was imported', async () => {
		const controller = new AbortController();
		const log: string[] = [];
		const result = await runImport(
			scriptedVendor(
				{
					async prepare(ctx) {
						controller.abort();
						await sleep(10_000, undefined, {signal: ctx.signal});
					},
				},
				log,
			),
			plan(),
			{signal: controller.signal},
		);
		expect(result.exitCode).toBe(130);
		expect(log).toEqual(['prepare', 'cleanup']);
	});

	it('a review that backs out cancels without executing', async () => {
		const log: string[] = [];
		const result = await runImport(scriptedVendor({}, log), plan(), {review: async () => null});
		expect(result).toMatchObject({exitCode: 130, status: 'cancelled'});
		expect(log).toEqual(['prepare', 'cleanup']);
	});

	it('a missing package is exit 2 and opens no session', async () => {
		const log: string[] = [];
		const vendor = {...scriptedVendor({}, log), inspectPackage: async () => Promise.reject(new PackportError('usage', 'No such file: x.mmp.'))};
		const result = await runImport(vendor, plan());
		expect(result.exitCode).toBe(2);
		expect(log).toEqual([]);
	});
});
