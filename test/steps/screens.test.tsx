/** Each screen as a user sees it: rendered with ink-testing-library, driven by keys. */
import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import type {ImportResult} from '../../source/engine/result.js';
import type {Profile} from '../../source/config/profile-types.js';
import {ConfirmImport} from '../../source/steps/confirm-import.js';
import {reviewPageSize} from '../../source/steps/mstr-review.js';
import {StandaloneMstrReview} from '../../source/steps/standalone-reviews.js';
import {PackagePicker} from '../../source/steps/package-picker.js';
import {ProfileForm} from '../../source/steps/profile-form.js';
import {Summary} from '../../source/steps/summary.js';
import {mstrTypeName} from '../../source/vendors/mstr/object-types.js';
import type {MstrChoices, MstrReview} from '../../source/vendors/mstr/types.js';
import {waitForFrame, press} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

const profile: Profile = {name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin', projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F'};
const manyObjects = (count: number): MstrReview => ({
	vendor: 'mstr',
	holderId: 'h',
	status: 'ready',
	settings: {defaultAction: 'replace', aclOnReplacingObjects: 'use_existing', aclOnNewObjects: ['keep_acl_as_source_object'], updateSchema: null},
	objects: Array.from({length: count}, (_, index) => ({
		id: `ID${index}`,
		name: `Object \u001B[31m${index + 1}`,
		type: index % 2 ? 4 : 12,
		typeName: mstrTypeName(index % 2 ? 4 : 12),
		action: 'replace',
		dateModified: '2024-05-01T10:00:00.000+0000',
	})),
});
const defaults: MstrChoices = {vendor: 'mstr', actions: {}, generateUndo: true};

describe('the MicroStrategy review', () => {
	it('shows settings, counts and the first page of a 300-object table, control sequences stripped', () => {
		const {lastFrame} = render(<StandaloneMstrReview review={manyObjects(300)} />);
		const frame = lastFrame()!;
		expect(frame).toContain('Default action replace');
		expect(frame).toContain('ACL on replaced objects use_existing');
		expect(frame).toContain('300 objects: 300 replace');
		expect(frame).toContain(`rows 1–${reviewPageSize} of 300`);
		expect(frame).toMatch(/Object 1\s+Attribute\s+◀ replace ▶\s+2024-05-01/);
		expect(frame).not.toContain('\u001B[31m');
		expect(frame).toContain('←→ action');
	});

	it('changes the action of the selected object with → and marks it', async () => {
		const {lastFrame, stdin} = render(<StandaloneMstrReview review={manyObjects(3)} />);
		await press(stdin, keys.down, keys.right);
		const frame = await waitForFrame(lastFrame, '1 changed by you');
		expect(frame).toMatch(/\* Object 2\s+Metric\s+◀ keep_both ▶/);
		expect(frame).toContain('2 replace, 1 keep_both');
		expect(frame).toContain('keep_both objects: MicroStrategy makes no undo package for this import, so it runs without one.');
		// The settings line above agrees with the warning (it said "will be saved").
		expect(frame).toContain('Undo package none (keep_both)');
		expect(frame).not.toContain('will be saved');
	});

	it('pages through thousands of rows and keeps the cursor visible', async () => {
		const {lastFrame, stdin} = render(<StandaloneMstrReview review={manyObjects(5000)} />);
		await press(stdin, keys.pageDown, keys.pageDown);
		const frame = await waitForFrame(lastFrame, `of 5000`);
		expect(frame).toMatch(/Object 25\s+\S+\s+◀ replace ▶/);
		expect(frame).toContain('rows 14–25 of 5000');
	});

	it('d changes the default action for every object without an override; u turns undo off', async () => {
		const {lastFrame, stdin} = render(<StandaloneMstrReview review={manyObjects(4)} />);
		await press(stdin, 'd', 'd', 'u');
		const frame = await waitForFrame(lastFrame, 'Undo package off');
		expect(frame).toContain('Default action use_newer (package: replace)');
		expect(frame).toContain('4 objects: 4 use_newer');
	});

	it('esc cancels', async () => {
		const onCancel = vi.fn();
		const {stdin} = render(<StandaloneMstrReview review={manyObjects(2)} onCancel={onCancel} />);
		await press(stdin, keys.escape);
		await vi.waitFor(() => expect(onCancel).toHaveBeenCalled());
	});
});

describe('the profile form', () => {
	it('masks the password and submits a checked profile', async () => {
		const onSubmit = vi.fn();
		const {lastFrame, stdin} = render(<ProfileForm isActive existingNames={[]} onSubmit={onSubmit} onInvalid={() => undefined} onCancel={() => undefined} />);
		const type = async (text: string) => press(stdin, text, keys.tab);
		await type('prod');
		await press(stdin, keys.tab);
		await type('https://bi.example.com/MicroStrategyLibrary');
		// Sign-in: standard, left as it is.
		await press(stdin, keys.tab);
		await type('admin');
		await type('hunter2pass');
		const frame = await waitForFrame(lastFrame, '***********');
		expect(frame).not.toContain('hunter2pass');
		await press(stdin, keys.ctrlS);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
		expect(onSubmit.mock.calls[0]).toEqual([{name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin', loginMode: 1}, 'hunter2pass']);
	});

	it('refuses plain http to a remote host with a reason', async () => {
		const onInvalid = vi.fn();
		const {stdin} = render(<ProfileForm isActive existingNames={[]} onSubmit={() => undefined} onInvalid={onInvalid} onCancel={() => undefined} />);
		await press(stdin, 'x', keys.tab, keys.tab, 'http://bi.example.com', keys.tab, 'admin', keys.tab, 'pw', keys.ctrlS);
		await vi.waitFor(() => expect(onInvalid).toHaveBeenCalled());
		expect(onInvalid.mock.calls[0]![0].message).toContain('plain http');
	});

	it('shows the connection test and its failure', () => {
		const {lastFrame} = render(
			<ProfileForm isActive existingNames={[]} busy={undefined} problem={{message: 'MicroStrategy refused the login: 401 ERR003 Login failed', hint: "Check the user name and password of profile 'prod'."}} onSubmit={() => undefined} onInvalid={() => undefined} onCancel={() => undefined} />,
		);
		expect(lastFrame()).toContain('✖ MicroStrategy refused the login: 401 ERR003 Login failed');
		expect(lastFrame()).toContain("Check the user name and password of profile 'prod'.");
	});
});

describe('the package picker', () => {
	it('lists packages with sizes and offers to type a path', () => {
		const {lastFrame} = render(
			<PackagePicker isActive profile={profile} packages={[{path: 'year.mmp', bytes: 3065, modifiedAt: '2026-11-23T04:49:00.000Z'}]} onPick={() => undefined} onBack={() => undefined} />,
		);
		expect(lastFrame()).toMatch(/❯ year\.mmp\s+3\.0 KB\s+2026-11-23/);
		expect(lastFrame()).toContain('Type a path…');
	});

	it('picks a typed path', async () => {
		const onPick = vi.fn();
		const {stdin, lastFrame} = render(<PackagePicker isActive profile={profile} packages={[]} onPick={onPick} onBack={() => undefined} />);
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, 'Path to a .mmp file');
		await press(stdin, './pkg/a.mmp', keys.enter);
		await vi.waitFor(() => expect(onPick).toHaveBeenCalledWith('./pkg/a.mmp'));
	});

	it('asks a Vault profile for a .vpk, and forgets a typed path\'s problem once back at the list', async () => {
		const vault: Profile = {name: 'qa', vendor: 'vault', url: 'https://qa.veevavault.com', username: 'admin@qa'};
		const listed = [{path: 'small.vpk', bytes: 2048, modifiedAt: '2026-11-23T04:49:00.000Z'}];
		const problem = {message: 'No such file: exports/q4.vpk.', hint: 'Check the path.'};
		const {stdin, lastFrame, rerender} = render(<PackagePicker isActive profile={vault} packages={listed} onPick={() => undefined} onBack={() => undefined} />);
		await press(stdin, keys.down, keys.enter);
		await waitForFrame(lastFrame, 'Path to a .vpk file');
		rerender(<PackagePicker isActive profile={vault} packages={listed} problem={problem} onPick={() => undefined} onBack={() => undefined} />);
		expect(lastFrame()).toContain('✖ No such file: exports/q4.vpk.');
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, '❯ small.vpk');
		expect(lastFrame()).not.toContain('No such file');
	});
});

describe('confirm and summary', () => {
	it('says what will happen in plain words', () => {
		const review = manyObjects(3);
		const {lastFrame} = render(<ConfirmImport isActive profile={profile} packagePath="year.mmp" review={review} choices={{...defaults, actions: {ID0: 'use_existing'}}} onConfirm={() => undefined} onBack={() => undefined} />);
		expect(lastFrame()).toContain('Import 3 objects from year.mmp into project B19DEDCC11D4E0EFC000EB9495D0F44F');
		expect(lastFrame()).toContain('1 use_existing, 2 replace (default: replace)');
		expect(lastFrame()).toContain('will be saved next to the package');
	});

	it('a keep_both import says no undo package will be made, not that one will be saved', () => {
		const {lastFrame} = render(<ConfirmImport isActive profile={profile} packagePath="q.mmp" review={manyObjects(3)} choices={{...defaults, defaultAction: 'keep_both'}} onConfirm={() => undefined} onBack={() => undefined} />);
		expect(lastFrame()).toContain('Undo package: none — MicroStrategy makes no undo package for keep_both objects');
		expect(lastFrame()).not.toContain('will be saved');
	});

	it('shows the result, undo path, cleanup and the headless command', () => {
		const result: ImportResult = {
			ok: true,
			exitCode: 0,
			vendor: 'mstr',
			profile: 'prod',
			package: {path: 'year.mmp', bytes: 1, sha256: 'x'},
			jobId: 'JOB1',
			status: 'imported',
			startedAt: '2026-11-23T05:00:00.000Z',
			finishedAt: '2026-11-23T05:00:04.500Z',
			undoPackage: 'year.undo.mmp',
			steps: [],
			details: {cleanup: {done: ['Import process deleted', 'Package holder deleted', 'Signed out'], left: []}},
			warnings: [],
			error: null,
		};
		const {lastFrame} = render(<Summary isActive result={result} command="packport import --profile prod --package year.mmp --yes" onQuit={() => undefined} />);
		const frame = lastFrame()!;
		expect(frame).toContain('✔ Imported (exit code 0, 4.5 s)');
		expect(frame).toContain('Undo package year.undo.mmp');
		expect(frame).toContain('Cleanup Import process deleted, Package holder deleted, Signed out');
		expect(frame).toContain('packport import --profile prod --package year.mmp --yes');
	});
});
