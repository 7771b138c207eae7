import {describe, expect, it} from 'vitest';
import type {ImportResult} from '../../source/engine/result.js';
import type {Profile} from '../../source/config/profile-types.js';
import {runSeconds} from '../../source/steps/summary.js';
import {initialState, waysOn, wizardReducer, type WizardState} from '../../source/wizard/state.js';

const mstr: Profile = {name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary'};
const result = (exitCode: number, status: string, seconds = 10): ImportResult => ({
	ok: exitCode === 0,
	exitCode,
	vendor: 'mstr',
	profile: 'prod',
	package: null,
	jobId: null,
	status,
	startedAt: '2026-01-01T00:00:00.000Z',
	finishedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + seconds * 1000).toISOString(),
	undoPackage: null,
	steps: [],
	details: {},
	warnings: [],
	error: null,
});
const ended = (exitCode: number, status: string, reviewed = false): WizardState =>
	wizardReducer({...initialState([mstr]), profile: mstr, packagePath: 'a.mmp', reviewed}, {type: 'finished', result: result(exitCode, status), command: 'packport import', reviewMs: 0});

describe('the ways on from a summary', () => {
	it.each<[string, WizardState, string[]]>([
		['a refused sign-in: the secret first', ended(3, 'unauthorized'), ['secret', 'package', 'start-over']],
		['an unreachable server: the same package again', ended(3, 'unreachable'), ['again', 'package', 'start-over']],
		['a cancelled review: back to it', ended(130, 'interrupted', true), ['review', 'package', 'start-over']],
		['a refused package: another one', ended(2, 'invalid'), ['package', 'start-over']],
		['a success: another package or start over', ended(0, 'imported'), ['package', 'start-over']],
	])('%s', (_name, state, ways) => {
		expect(waysOn(state)).toEqual(ways);
	});

	it('each way leads to its screen, with the run left behind', () => {
		const failed = ended(3, 'unauthorized');
		expect(wizardReducer(failed, {type: 'try-again', way: 'secret'})).toMatchObject({screen: 'secret', result: undefined, steps: [], secret: undefined});
		expect(wizardReducer(failed, {type: 'try-again', way: 'package'})).toMatchObject({screen: 'packages', packagePath: 'a.mmp'});
		expect(wizardReducer(failed, {type: 'try-again', way: 'review'})).toMatchObject({screen: 'preparing', keepChoices: true});
		expect(wizardReducer(failed, {type: 'try-again', way: 'start-over'})).toMatchObject({screen: 'profiles', profile: mstr});
		// The report stays for the scrollback.
		expect(wizardReducer(failed, {type: 'try-again', way: 'start-over'}).reports).toHaveLength(1);
	});

	it("the run's time leaves out the time spent on the review", () => {
		expect(runSeconds({result: result(0, 'imported', 10), reviewMs: 7500})).toBe('2.5');
		expect(runSeconds({result: result(0, 'imported', 10), reviewMs: 0})).toBe('10.0');
	});
});
