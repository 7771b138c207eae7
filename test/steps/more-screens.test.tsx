import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import {ProfilePicker} from '../../source/steps/profile-picker.js';
import {ProgressView} from '../../source/steps/progress-view.js';
import {SecretPrompt} from '../../source/steps/secret-prompt.js';
import {press, waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

const profiles: Profile[] = [
	{name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin'},
	{name: 'qa-vault', vendor: 'vault', url: 'https://qa.veevavault.com'},
];

describe('the profile picker', () => {
	it('lists profiles with vendor and URL, and offers to create one', async () => {
		const onPick = vi.fn();
		const {lastFrame, stdin} = render(<ProfilePicker isActive demo profiles={profiles} onPick={onPick} onCreate={() => undefined} onQuit={() => undefined} />);
		expect(lastFrame()).toMatch(/❯ prod\s+MicroStrategy\s+https:\/\/bi\.example\.com\/MicroStrategyLibrary/);
		expect(lastFrame()).toMatch(/qa-vault\s+Veeva Vault/);
		expect(lastFrame()).toContain('+ Create a new profile');
		expect(lastFrame()).toContain('Demo mode');
		await press(stdin, keys.down, keys.enter);
		await vi.waitFor(() => expect(onPick).toHaveBeenCalledWith(profiles[1]));
	});

	it('q quits', async () => {
		const onQuit = vi.fn();
		const {stdin} = render(<ProfilePicker isActive demo={false} profiles={[]} onPick={() => undefined} onCreate={() => undefined} onQuit={onQuit} />);
		await press(stdin, 'q');
		await vi.waitFor(() => expect(onQuit).toHaveBeenCalled());
	});
});

describe('the secret prompt', () => {
	it('masks what is typed and hands it on', async () => {
		const onSubmit = vi.fn();
		const {lastFrame, stdin} = render(<SecretPrompt isActive profile={profiles[0]!} onSubmit={onSubmit} onBack={() => undefined} />);
		expect(lastFrame()).toContain('Password for admin at https://bi.example.com/MicroStrategyLibrary');
		await press(stdin, 'opensesame');
		const frame = await waitForFrame(lastFrame, '**********');
		expect(frame).not.toContain('opensesame');
		await press(stdin, keys.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('opensesame'));
	});
});

describe('the progress view', () => {
	it('shows finished steps, the running one, upload bytes and import progress', () => {
		const {lastFrame} = render(
			<ProgressView
				title="Importing"
				packagePath="year.mmp"
				stopping={false}
				startedAt={Date.now() - 65_000}
				steps={[
					{name: 'login', label: 'Signed in as admin', status: 'done', ms: 40},
					{name: 'import', label: 'Importing…', status: 'running'},
				]}
				progress={{percent: 42.5, serverStatus: 'processing', jobId: 'JOB-1', nextPollAt: Date.now() + 1500}}
			/>,
		);
		const frame = lastFrame()!;
		expect(frame).toContain('✔ Signed in as admin (40 ms)');
		expect(frame).toContain('Importing…');
		expect(frame).toMatch(/Import █+░+ 42% server says “processing”/);
		expect(frame).toMatch(/Job JOB-1 · next check in [12] s/);
		expect(frame).toContain('Elapsed 1:05');
		expect(frame).toContain('ctrl-c detach or stop…');
	});

	it('says it is cleaning up after ctrl-c', () => {
		const {lastFrame} = render(<ProgressView title="Importing" stopping steps={[]} />);
		expect(lastFrame()).toContain('Stopping… cleaning up the server before leaving.');
	});
});

