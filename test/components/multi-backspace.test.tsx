/**
 * Several Backspaces in ONE read from the terminal — a held key, a fast typist over ssh — reach
 * the input handler as one string ("\x7f\x7f\x7f"), not as three Backspace keys. Each must delete
 * a character: in the path field, and in Adobe's two filters (the package list, the conflicts).
 */
import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import {AepPackagePicker} from '../../source/steps/aep-package-picker.js';
import {PackagePicker} from '../../source/steps/package-picker.js';
import {StandaloneAepReview} from '../../source/steps/standalone-reviews.js';
import type {AepReview} from '../../source/vendors/aep/types.js';
import {waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

const nothing = () => undefined;
const mstr: Profile = {name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin'};
const aep: Profile = {name: 'acme', vendor: 'aep', url: 'https://platform.adobe.io', clientId: 'c', orgId: 'ORG@AdobeOrg', sandbox: 'dev', targetSandbox: 'prod'};

// DEL is what terminals send for Backspace; BS (ctrl-h) is what some send instead.
describe.each([
	{name: 'DEL', erase: '\u007F'},
	{name: 'BS', erase: '\b'},
])('three $name in one read', ({erase}) => {
	it('delete three characters of the typed path', async () => {
		const onPick = vi.fn();
		const {stdin, lastFrame} = render(<PackagePicker isActive profile={mstr} packages={[]} onPick={onPick} onBack={nothing} />);
		await waitForFrame(lastFrame, 'Type a path…');
		stdin.write(keys.enter);
		await waitForFrame(lastFrame, 'Path to a .mmp file');
		stdin.write('exports/q4.mmpxyz');
		await waitForFrame(lastFrame, 'q4.mmpxyz');
		stdin.write(erase.repeat(3));
		await waitForFrame(lastFrame, frame => frame.includes('exports/q4.mmp') && !frame.includes('xyz'));
		stdin.write(keys.enter);
		await vi.waitFor(() => expect(onPick).toHaveBeenCalledWith('exports/q4.mmp'));
	});

	it("delete three characters of the Adobe package list's filter", async () => {
		const packages = ['Acme Release 3', 'Acme Release 30', 'Beta Launch'].map((name, index) => ({id: `id${index}`, name, status: 'PUBLISHED', expiry: null, publishDate: null, artifacts: 3}));
		const {stdin, lastFrame} = render(<AepPackagePicker isActive profile={aep} packages={packages} onPick={nothing} onNeedMore={nothing} onBack={nothing} />);
		await waitForFrame(lastFrame, 'Beta Launch');
		stdin.write('Acmexyz');
		await waitForFrame(lastFrame, 'No package matches.');
		stdin.write(erase.repeat(3));
		const frame = await waitForFrame(lastFrame, 'Acme Release 30');
		expect(frame).toMatch(/Filter: Acme\s*$/m);
		expect(frame).not.toContain('Beta Launch');
	});

	it("delete three characters of the Adobe conflicts' filter", async () => {
		const review: AepReview = {
			vendor: 'aep',
			packageId: 'p',
			packageName: 'Acme',
			targetSandbox: 'prod',
			artifacts: 2,
			expiry: null,
			conflicts: [
				{id: 'a', type: 'REGISTRY_SCHEMA', title: 'Orders schema', suggestions: []},
				{id: 'b', type: 'JOURNEY', title: 'Welcome journey', suggestions: []},
			],
		};
		const {stdin, lastFrame} = render(<StandaloneAepReview review={review} />);
		await waitForFrame(lastFrame, 'Welcome journey');
		stdin.write('/');
		await waitForFrame(lastFrame, 'typing');
		stdin.write('orderxyz');
		await waitForFrame(lastFrame, 'rows 0–0 of 0');
		stdin.write(erase.repeat(3));
		const frame = await waitForFrame(lastFrame, 'rows 1–1 of 1');
		expect(frame).toContain('filter: order (typing');
		expect(frame).toContain('Orders schema');
		expect(frame).not.toContain('Welcome journey');
	});
});
