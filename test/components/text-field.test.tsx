/** The one-line inputs of the wizard, driven by keys as a terminal sends them. */
import {render} from 'ink-testing-library';
import {useState} from 'react';
import {expect, it, vi} from 'vitest';
import {TextField} from '../../source/components/text-field.js';
import {press, waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

const Field = ({onSubmit, mask}: {onSubmit: (value: string) => void; mask?: string}) => {
	const [value, setValue] = useState('');
	return <TextField focus value={value} mask={mask} onChange={setValue} onSubmit={onSubmit} />;
};

it('a pasted line ending in Enter submits what was pasted', async () => {
	const onSubmit = vi.fn();
	const app = render(<Field onSubmit={onSubmit} />);
	app.stdin.write('exports/q4-release.mmp\r');
	await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('exports/q4-release.mmp'));
});

it('edits at the cursor and masks a secret', async () => {
	const onSubmit = vi.fn();
	const {stdin, lastFrame} = render(<Field mask="*" onSubmit={onSubmit} />);
	await press(stdin, 'pw', keys.left, 'x', '\u007F', 'd');
	await waitForFrame(lastFrame, '***');
	expect(lastFrame()).not.toContain('pdw');
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('pdw'));
});
