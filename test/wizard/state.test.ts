import {describe, expect, it} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import type {MstrChoices, MstrReview} from '../../source/vendors/mstr/types.js';
import {initialState, keepBothWarning, scrollFor, wizardReducer, type WizardAction, type WizardState} from '../../source/wizard/state.js';

const mstr: Profile = {name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary'};
const aep: Profile = {name: 'adobe', vendor: 'aep', url: 'https://platform.adobe.io'};
const vault: Profile = {name: 'vlt', vendor: 'vault', url: 'https://v.example.com'};
const object = (id: string, action = 'replace') => ({id, name: id, type: 12, typeName: 'Attribute', action});
const review: MstrReview = {vendor: 'mstr', holderId: 'h', status: 'ready', settings: {defaultAction: 'replace'}, objects: [object('A'), object('B', 'use_existing'), object('C')]};
const defaults: MstrChoices = {vendor: 'mstr', actions: {}, generateUndo: true};
const inReview = (): WizardState => wizardReducer({...initialState([mstr]), profile: mstr}, {type: 'review-ready', review, defaults});
const run = (state: WizardState, ...actions: WizardAction[]) => actions.reduce(wizardReducer, state);

describe('wizard reducer: navigation', () => {
	it.each<[string, WizardState, WizardAction, Partial<WizardState>]>([
		['a profile with a secret goes to the packages', initialState([mstr]), {type: 'profile-picked', profile: mstr, needsSecret: false}, {screen: 'packages', profile: mstr}],
		['a profile without a secret asks for it', initialState([mstr]), {type: 'profile-picked', profile: mstr, needsSecret: true}, {screen: 'secret'}],
		['an Adobe profile lists the org\'s packages', initialState([aep]), {type: 'profile-picked', profile: aep, needsSecret: false}, {screen: 'server-packages'}],
		['a picked Adobe package asks for the target sandbox', {...initialState([aep]), profile: aep, screen: 'server-packages'}, {type: 'server-package-picked', id: 'p1'}, {screen: 'aep-target', packagePath: 'p1'}],
		['the target sandbox starts the preflight', {...initialState([aep]), profile: aep, screen: 'aep-target'}, {type: 'aep-target-chosen', sandbox: 'prod'}, {screen: 'preparing', targetSandbox: 'prod'}],
		['an Adobe profile without a secret asks for it first', initialState([aep]), {type: 'profile-picked', profile: aep, needsSecret: true}, {screen: 'secret'}],
		['a Vault package is previewed before upload', {...initialState([vault]), profile: vault, screen: 'packages'}, {type: 'package-inspected', path: 'a.vpk', info: {warnings: []}}, {screen: 'package-preview'}],
		['enter on the preview starts the upload', {...initialState([vault]), profile: vault, screen: 'package-preview'}, {type: 'start-upload'}, {screen: 'preparing'}],
		['esc on the preview goes back to the packages', {...initialState([vault]), profile: vault, screen: 'package-preview'}, {type: 'back'}, {screen: 'packages'}],
		[
			'a deployable Vault review leads to the deploy confirmation',
			{...initialState([vault]), screen: 'vault-review', vaultReview: {deployable: true} as never},
			{type: 'to-vault-confirm'},
			{screen: 'vault-confirm'},
		],
		[
			'a Blocked Vault review never does',
			{...initialState([vault]), screen: 'vault-review', vaultReview: {deployable: false} as never},
			{type: 'to-vault-confirm'},
			{screen: 'vault-review'},
		],
		['"create" opens the form', initialState(), {type: 'new-profile'}, {screen: 'profile-form'}],
		['leaving the form goes back to the list', {...initialState(), screen: 'profile-form', busy: 'x'}, {type: 'form-cancelled'}, {screen: 'profiles', busy: undefined}],
		['the secret leads to the packages', {...initialState(), screen: 'secret'}, {type: 'secret-entered', secret: 's'}, {screen: 'packages', secret: 's'}],
		['a checked package starts the preparation', {...initialState(), screen: 'packages'}, {type: 'package-inspected', path: 'y.mmp', info: {warnings: []}}, {screen: 'preparing', packagePath: 'y.mmp'}],
		['a problem clears the busy line', {...initialState(), busy: 'Checking'}, {type: 'problem', problem: {message: 'No such file'}}, {busy: undefined, problem: {message: 'No such file'}}],
		['back from the packages returns to the profiles', {...initialState(), screen: 'packages'}, {type: 'back'}, {screen: 'profiles'}],
		['the end shows the summary', {...initialState(), screen: 'running'}, {type: 'finished', result: {exitCode: 0} as never}, {screen: 'summary'}],
	])('%s', (_name, state, action, expected) => {
		expect(wizardReducer(state, action)).toMatchObject(expected);
	});

	it('records engine steps in order, updating a step in place', () => {
		const state = run(
			initialState(),
			{type: 'engine-event', at: 0, event: {type: 'step', name: 'login', label: 'Signing in…', status: 'running'}},
			{type: 'engine-event', at: 0, event: {type: 'step', name: 'login', label: 'Signed in', status: 'done', ms: 5}},
			{type: 'engine-event', at: 0, event: {type: 'step', name: 'upload', label: 'Uploading…', status: 'running'}},
			{type: 'engine-event', at: 0, event: {type: 'progress', step: 'upload', transferred: 10, total: 20}},
			{type: 'engine-event', at: 0, event: {type: 'progress', step: 'import', percent: 40, serverStatus: 'processing', jobId: 'J'}},
		);
		expect(state.steps).toEqual([
			{name: 'login', label: 'Signed in', status: 'done', ms: 5},
			{name: 'upload', label: 'Uploading…', status: 'running', ms: undefined},
		]);
		expect(state.upload).toEqual({transferred: 10, total: 20});
		expect(state.progress).toMatchObject({percent: 40, serverStatus: 'processing', jobId: 'J'});
	});
});

describe('wizard reducer: the review', () => {
	it.each<[string, WizardAction[], Record<string, string>, string | undefined]>([
		['→ sets the next action on the selected object', [{type: 'cycle-action', direction: 1}], {A: 'keep_both'}, undefined],
		['← goes the other way', [{type: 'cycle-action', direction: -1}], {A: 'use_existing'}, undefined],
		['cycling back to the package action removes the override', [{type: 'cycle-action', direction: 1}, {type: 'cycle-action', direction: -1}], {}, undefined],
		['the action of another row after moving', [{type: 'move', delta: 1, pageSize: 2, rows: 3}, {type: 'cycle-action', direction: 1}], {B: 'replace'}, undefined],
		['d cycles the default action', [{type: 'cycle-default'}], {}, 'keep_both'],
		['d back to the package default means no change', [...Array.from({length: 7}, () => ({type: 'cycle-default'}) as const)], {}, undefined],
	])('%s', (_name, actions, expectedActions, expectedDefault) => {
		const {choices} = run(inReview(), ...actions);
		expect(choices?.actions).toEqual(expectedActions);
		expect(choices?.defaultAction).toBe(expectedDefault);
	});

	it('does not change actions the server refused to change', () => {
		const locked = {...inReview(), review: {...review, actionsLocked: true}};
		expect(run(locked, {type: 'cycle-action', direction: 1}, {type: 'cycle-default'}).choices).toEqual(defaults);
	});

	it('u toggles the undo package', () => {
		expect(run(inReview(), {type: 'toggle-undo'}).choices?.generateUndo).toBe(false);
		expect(run(inReview(), {type: 'toggle-undo'}, {type: 'toggle-undo'}).choices?.generateUndo).toBe(true);
	});

	it.each([
		[0, 0, 5, 0],
		[4, 0, 5, 0],
		[5, 0, 5, 1],
		[2, 3, 5, 2],
		[99, 0, 10, 90],
	])('cursor %i with window at %i (page %i) scrolls to %i', (cursor, top, page, expected) => {
		expect(scrollFor(cursor, top, page)).toBe(expected);
	});

	it('keeps the cursor inside the rows', () => {
		expect(run(inReview(), {type: 'move', delta: -5, pageSize: 2, rows: 3}).cursor).toBe(0);
		const end = run(inReview(), {type: 'move', delta: 50, pageSize: 2, rows: 3});
		expect([end.cursor, end.scrollTop]).toEqual([2, 1]);
	});

	it('warns about keep_both only while an undo package is asked for', () => {
		const state = run(inReview(), {type: 'cycle-action', direction: 1});
		expect(keepBothWarning(state.review!, state.choices!)).toBe(true);
		const off = run(state, {type: 'toggle-undo'});
		expect(keepBothWarning(off.review!, off.choices!)).toBe(false);
		expect(keepBothWarning(review, defaults)).toBe(false);
	});

	it('confirm and back move between review and confirmation', () => {
		expect(run(inReview(), {type: 'to-confirm'}).screen).toBe('confirm');
		expect(run(inReview(), {type: 'to-confirm'}, {type: 'back-to-review'}).screen).toBe('review');
	});
});

describe('wizard reducer: the Adobe conflict review', () => {
	const aepReview = {
		vendor: 'aep' as const,
		packageId: 'p',
		packageName: 'Pkg',
		targetSandbox: 'prod',
		artifacts: 3,
		expiry: null,
		conflicts: [
			{id: 'schema-1', type: 'REGISTRY_SCHEMA', title: 'Orders schema', suggestions: [{id: 't1', type: 'REGISTRY_SCHEMA', title: 'Orders (prod)'}, {id: 't2', type: 'REGISTRY_SCHEMA', title: 'Orders (old)'}]},
			{id: 'dataset-1', type: 'CATALOG_DATASET', title: 'Orders dataset', suggestions: [{id: 'd1', type: 'CATALOG_DATASET', title: 'Orders ds (prod)'}]},
		],
	};
	const inAep = () => wizardReducer(initialState(), {type: 'aep-review-ready', review: aepReview, alternatives: {}});

	it.each<[string, WizardAction[], Record<string, {id: string; type: string}>]>([
		['→ picks the first ranked suggestion', [{type: 'aep-cycle', direction: 1}], {'schema-1': {id: 't1', type: 'REGISTRY_SCHEMA'}}],
		['→ → the second', [{type: 'aep-cycle', direction: 1}, {type: 'aep-cycle', direction: 1}], {'schema-1': {id: 't2', type: 'REGISTRY_SCHEMA'}}],
		['→ → → wraps to "create new"', [{type: 'aep-cycle', direction: 1}, {type: 'aep-cycle', direction: 1}, {type: 'aep-cycle', direction: 1}], {}],
		['← from "create new" picks the last suggestion', [{type: 'aep-cycle', direction: -1}], {'schema-1': {id: 't2', type: 'REGISTRY_SCHEMA'}}],
		['the filter narrows the rows the cursor walks', [{type: 'aep-filter', text: 'dataset'}, {type: 'aep-cycle', direction: 1}], {'dataset-1': {id: 'd1', type: 'CATALOG_DATASET'}}],
	])('%s', (_name, actions, expected) => {
		expect(run(inAep(), ...actions).alternatives).toEqual(expected);
	});

	it('a changed choice clears the "saved" line, since the file no longer matches', () => {
		const saved = run(inAep(), {type: 'aep-saved', path: '/tmp/x.json'});
		expect(saved.savedSubstitutions).toBe('/tmp/x.json');
		expect(run(saved, {type: 'aep-cycle', direction: 1}).savedSubstitutions).toBeUndefined();
	});
});
