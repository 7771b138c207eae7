/**
 * `d` on the MicroStrategy review cycles the default action, and one of the actions is delete:
 * the screen says plainly that every object without its own action will be deleted, and the
 * confirmation takes the typed word, not Enter or y.
 */
import {render} from 'ink-testing-library';
import {expect, it, vi} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import {ConfirmImport} from '../../source/steps/confirm-import.js';
import {StandaloneMstrReview} from '../../source/steps/standalone-reviews.js';
import type {MstrReview} from '../../source/vendors/mstr/types.js';
import {waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

const profile: Profile = {name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin', projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F'};
const review: MstrReview = {
	vendor: 'mstr',
	holderId: 'h',
	status: 'ready',
	settings: {defaultAction: 'replace', aclOnReplacingObjects: 'use_existing', aclOnNewObjects: [], updateSchema: null},
	objects: ['Revenue', 'Profit', 'Region', 'Year'].map((name, index) => ({id: `ID${index}`, name, type: 4, typeName: 'Metric', action: 'replace'})),
};

it('the review warns once delete is the default: every object without its own action is deleted', async () => {
	const {stdin, lastFrame} = render(<StandaloneMstrReview review={review} />);
	await waitForFrame(lastFrame, 'Default action replace');
	// replace → keep_both → use_newer → use_older → force_replace → delete (several d in one read count).
	stdin.write('ddddd');
	const frame = await waitForFrame(lastFrame, 'Default action delete');
	expect(frame.replaceAll('\n', ' ')).toContain('⚠ default action delete: every object without its own action (4 of 4) is deleted in the target. It cannot be undone; you type delete to confirm.');
	// An object given its own action is no longer counted.
	stdin.write(keys.right);
	await waitForFrame(lastFrame, frame => frame.replaceAll('\n', ' ').includes('(3 of 4)'));
	// On to use_existing: the warning goes.
	stdin.write('d');
	const after = await waitForFrame(lastFrame, 'Default action use_existing');
	expect(after).not.toContain('default action delete');
});

it('the confirmation of a delete default takes the typed word: Enter and y alone do nothing', async () => {
	const onConfirm = vi.fn();
	const {stdin, lastFrame} = render(<ConfirmImport isActive profile={profile} packagePath="year.mmp" review={review} choices={{vendor: 'mstr', actions: {}, generateUndo: true, defaultAction: 'delete'}} onConfirm={onConfirm} onBack={() => undefined} />);
	const frame = await waitForFrame(lastFrame, 'will be DELETED');
	expect(frame).toContain('4 delete (default: delete)');
	expect(frame).toContain('4 objects will be DELETED in the target. Type delete and press enter to go on:');
	stdin.write('y');
	stdin.write(keys.enter);
	// A typo and two Backspaces in one read, then the word.
	stdin.write('dexx');
	await waitForFrame(lastFrame, 'go on: ydexx');
	stdin.write('\u007F\u007F\u007F\u007F\u007F');
	await waitForFrame(lastFrame, /go on:\s*$/m);
	expect(onConfirm).not.toHaveBeenCalled();
	stdin.write('delete');
	await waitForFrame(lastFrame, 'go on: delete');
	stdin.write(keys.enter);
	await vi.waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
});
