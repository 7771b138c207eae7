/** Counts of one on the screens read "1 step", "1 object", "1 total step": never "1 steps". */
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {ImportResult} from '../../source/engine/result.js';
import {StandaloneMstrReview} from '../../source/steps/standalone-reviews.js';
import {Summary} from '../../source/steps/summary.js';
import {VaultPackagePreview} from '../../source/steps/vault-package-preview.js';
import {VaultDeployConfirm} from '../../source/steps/vault-review.js';
import {mstrTypeName} from '../../source/vendors/mstr/object-types.js';
import type {VaultReview} from '../../source/vendors/vault/types.js';

const nothing = () => undefined;
const flat = (frame: string | undefined) => (frame ?? '').replaceAll(/\s+/g, ' ');

const oneStepReview: VaultReview = {
	vendor: 'vault',
	packageId: 'VP1',
	packageName: 'Claims',
	packageStatus: 'verified__v',
	deployable: true,
	blockedSteps: 0,
	validateOnly: false,
	logs: [],
	steps: [{name: '00010', label: 'Claim', type: 'Object', status: 'verified__v', dependencies: []}],
};

describe('one of each', () => {
	it('Vault: the package preview says "1 step", the deploy "1 step goes live"', () => {
		const info = {
			path: '/tmp/claims.vpk',
			bytes: 1200,
			warnings: [],
			summary: {
				manifest: {name: 'Claims', sourceVault: 'dev', author: 'admin', packageType: 'migration__v', summary: 'Claims', description: '', javaSdkDeploymentOption: null},
				steps: [{step: '00010', kind: 'components' as const, components: [{type: 'Object', name: 'claim__c', file: 'x', format: 'mdl' as const, dependencies: []}], dataFiles: [], data: []}],
			},
		};
		const preview = flat(render(<VaultPackagePreview isActive info={info} onImport={nothing} onBack={nothing} />).lastFrame());
		expect(preview).toContain('1 step ');
		expect(preview).not.toContain('1 steps');
		const confirm = flat(render(<VaultDeployConfirm isActive review={oneStepReview} url="https://qa.veevavault.com" onConfirm={nothing} onBack={nothing} />).lastFrame());
		expect(confirm).toContain('1 step goes live in https://qa.veevavault.com');
	});

	it('MicroStrategy: the review counts "1 object"', () => {
		const review = {
			vendor: 'mstr' as const,
			holderId: 'h',
			status: 'ready',
			settings: {defaultAction: 'replace' as const, aclOnReplacingObjects: 'use_existing', aclOnNewObjects: ['keep_acl_as_source_object'], updateSchema: null},
			objects: [{id: 'ID1', name: 'Year', type: 12, typeName: mstrTypeName(12), action: 'replace' as const, dateModified: '2024-05-01T10:00:00.000+0000'}],
		};
		const frame = flat(render(<StandaloneMstrReview review={review} />).lastFrame());
		expect(frame).toContain('1 object: 1 replace');
	});

	it('Vault: a one-step deploy\'s summary says "1 total step"', () => {
		const result: ImportResult = {
			ok: true,
			exitCode: 0,
			vendor: 'vault',
			profile: 'qa',
			package: {path: '/tmp/claims.vpk'},
			jobId: '88700',
			status: 'deployed',
			startedAt: '2026-12-02T10:00:00.000Z',
			finishedAt: '2026-12-02T10:00:09.000Z',
			undoPackage: null,
			steps: [],
			details: {packageName: 'Claims', deploy: {status: 'deployed__v', counts: {total_steps: 1, deployed: 1}, steps: [], logs: []}, cleanup: {done: [], left: []}},
			warnings: [],
			error: null,
		};
		const frame = flat(render(<Summary isActive result={result} notes={[]} command="packport import --profile qa --package /tmp/claims.vpk --deploy --yes" onQuit={nothing} />).lastFrame());
		expect(frame).toContain('1 total step, 1 deployed');
	});
});
