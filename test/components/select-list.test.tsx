/** The pick lists of the profile and package screens, driven by keys as a terminal sends them. */
import {render} from 'ink-testing-library';
import {expect, it, vi} from 'vitest';
import {SelectList} from '../../source/components/select-list.js';
import {press, waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';

const items = ['demo-aep', 'demo-mstr', 'demo-vault'].map(name => ({key: name, value: name, label: name}));

it('keys that arrive in one read all count, and Enter among them picks where they led', async () => {
	const onSelect = vi.fn();
	const {stdin, lastFrame} = render(<SelectList isFocused items={items} onSelect={onSelect} />);
	stdin.write(`${keys.down}${keys.down}\r`);
	await vi.waitFor(() => expect(onSelect).toHaveBeenCalledWith(items[2]));
	await waitForFrame(lastFrame, '❯ demo-vault');
});

it('moves with arrows and j/k, wraps at both ends, and picks with Enter', async () => {
	const onSelect = vi.fn();
	const {stdin, lastFrame} = render(<SelectList isFocused items={items} onSelect={onSelect} />);
	await press(stdin, keys.up);
	await waitForFrame(lastFrame, '❯ demo-vault');
	await press(stdin, 'j');
	await waitForFrame(lastFrame, '❯ demo-aep');
	await press(stdin, 'j', 'k', 'j', keys.enter);
	await vi.waitFor(() => expect(onSelect).toHaveBeenCalledWith(items[1]));
});
