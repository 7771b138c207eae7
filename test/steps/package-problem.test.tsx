/**
 * A package refused while typing its path: at 80×24 the message and its hint are shown whole (the
 * hint was cut to "…or check you picked the right…" when problems had 4 rows).
 */
import {afterEach, expect, it} from 'vitest';
import type {Profile} from '../../source/config/profile-types.js';
import {PackagePicker} from '../../source/steps/package-picker.js';
import {renderAt, type Sized} from '../components/sized-render.js';

let shown: Sized | undefined;
afterEach(() => shown?.unmount());

const profile: Profile = {name: 'demo-vault', vendor: 'vault', url: 'http://127.0.0.1:1/vault', username: 'u'};

it('shows a long refusal and its hint whole at 80×24', () => {
	const problem = {
		message: '/tmp/fresh/fixtures/vault/path-traversal.vpk is not a usable Vault package: it holds an entry with an unsafe path ("../../etc/evil.mdl").',
		hint: 'Export the package from the source Vault again, or check you picked the right file.',
	};
	shown = renderAt(<PackagePicker isActive profile={profile} packages={[]} problem={problem} onPick={() => undefined} onBack={() => undefined} />, {columns: 80, rows: 24});
	const frame = shown.lastFrame()!.replaceAll(/\s+/g, ' ');
	expect(frame).toContain('or check you picked the right file.');
	expect(frame).not.toContain('the right…');
});
