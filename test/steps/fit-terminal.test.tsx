/**
 * Every wizard screen as whole frames at 80×24 and 60×20: each line within the width, fewer lines
 * than the terminal has (a frame as tall as the terminal makes Ink clear the screen on every
 * redraw), the title and the keys on screen, and — after keys that moved far down a long list —
 * the selected row (❯) on screen too. The screens read the terminal's size (sized-render.tsx).
 */
import type {ReactElement} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {textWidth} from '../../source/components/text-width.js';
import type {Profile} from '../../source/config/profile-types.js';
import {AepPackagePicker} from '../../source/steps/aep-package-picker.js';
import {AepConfirm} from '../../source/steps/aep-review.js';
import {AepTarget} from '../../source/steps/aep-target.js';
import {ConfirmImport} from '../../source/steps/confirm-import.js';
import {PackagePicker} from '../../source/steps/package-picker.js';
import {ProfileForm} from '../../source/steps/profile-form.js';
import {ProfilePicker} from '../../source/steps/profile-picker.js';
import {ProgressView} from '../../source/steps/progress-view.js';
import {SecretPrompt} from '../../source/steps/secret-prompt.js';
import {StandaloneAepReview, StandaloneMstrReview} from '../../source/steps/standalone-reviews.js';
import {VaultPackagePreview} from '../../source/steps/vault-package-preview.js';
import {VaultDeployConfirm, VaultReviewView} from '../../source/steps/vault-review.js';
import type {AepReview} from '../../source/vendors/aep/types.js';
import {mstrTypeName} from '../../source/vendors/mstr/object-types.js';
import type {MstrReview} from '../../source/vendors/mstr/types.js';
import type {VaultReview} from '../../source/vendors/vault/types.js';
import {waitForFrame} from '../helpers/ink.js';
import {keys} from '../helpers/keys.js';
import {renderAt, type Sized} from '../components/sized-render.js';

const nothing = () => undefined;
const down = (count: number) => keys.down.repeat(count);

const mstrProfile: Profile = {name: 'prod', vendor: 'mstr', url: 'https://bi.example.com/MicroStrategyLibrary', username: 'admin', projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F'};
const aepProfile: Profile = {name: 'acme', vendor: 'aep', url: 'https://platform.adobe.io', clientId: 'c', orgId: '5C1328435BF324E90A49402A@AdobeOrg', sandbox: 'dev', targetSandbox: 'prod'};
const vaultProfile: Profile = {name: 'qa-vault', vendor: 'vault', url: 'https://qa.veevavault.com', username: 'admin@qa'};

const profiles: Profile[] = Array.from({length: 25}, (_, index) => ({...mstrProfile, name: `profile-${index + 1}`, url: `https://bi${index + 1}.example.com/MicroStrategyLibrary/with/a/long/path`}));

// Types of every width MicroStrategy has, and names long enough to want the room.
const types = [12, 4, 3, 8, 55, 47, 14, 1];
const mstrReview = (count: number): MstrReview => ({
	vendor: 'mstr',
	holderId: 'h',
	status: 'ready',
	settings: {defaultAction: 'replace', aclOnReplacingObjects: 'use_existing', aclOnNewObjects: ['keep_acl_as_source_object'], updateSchema: ['recal_table_logical_size', 'recal_table_keys_fact_entry_level']},
	objects: Array.from({length: count}, (_, index) => ({
		id: `ID${index}`,
		name: `Employee ${index + 1} – Returns Dashboard by Quarter`,
		type: types[index % types.length]!,
		typeName: mstrTypeName(types[index % types.length]!),
		action: index % 5 === 4 ? 'keep_both' : 'replace',
		dateCreated: '2024-01-01T10:00:00.000+0000',
		dateModified: '2024-05-01T10:00:00.000+0000',
	})),
});

const aepReview: AepReview = {
	vendor: 'aep',
	packageId: 'p1',
	packageName: 'Acme Release 30 with a name that goes on',
	targetSandbox: 'prod',
	artifacts: 40,
	expiry: null,
	conflicts: Array.from({length: 60}, (_, index) => ({
		id: `https://ns.adobe.com/acme/schemas/${String(index).padStart(4, '0')}e52d4791162f173a1830bc993d7c483f429b`,
		type: index % 2 ? 'REGISTRY_SCHEMA' : 'CATALOG_DATASET',
		title: `Customer profile schema ${index + 1}`,
		suggestions: [
			{id: `s${index}-1`, type: 'REGISTRY_SCHEMA', title: `Customer profile schema ${index + 1} (prod copy)`},
			{id: `s${index}-2`, type: 'REGISTRY_SCHEMA', title: `Customer profile schema ${index + 1} (older copy)`},
		],
	})),
};

const serverPackages = Array.from({length: 40}, (_, index) => ({
	id: `cfed9e53926c99f795e3e058690ee6${String(index).padStart(2, '0')}`,
	name: `Acme Release ${index + 1}`,
	status: index % 7 === 3 ? 'DRAFT' : 'PUBLISHED',
	expiry: Date.parse('2099-01-01'),
	publishDate: Date.parse('2026-10-01'),
	artifacts: (index % 4) + 3,
}));

const vaultReview: VaultReview = {
	vendor: 'vault',
	packageId: 'VP1',
	packageName: 'Claims release 2026.4',
	packageStatus: 'blocked__v',
	deployable: false,
	blockedSteps: 1,
	validateOnly: false,
	logs: [],
	steps: Array.from({length: 30}, (_, index) => ({
		name: String(index + 1).padStart(5, '0'),
		label: `Claim intake object configuration ${index + 1}`,
		type: index % 3 ? 'Object' : 'Doctype',
		status: index === 27 ? 'Blocked' : 'Verified',
		dependencies: index === 27 ? Array.from({length: 8}, (_, dep) => ({name: `claim_type${dep}__c`, type: 'Picklist', status: 'missing in target'})) : [],
	})),
};

const vaultInfo = {
	path: '/home/me/exports/claims-release-2026.4.vpk',
	bytes: 48_213,
	warnings: ['The manifest names no target Vault.'],
	summary: {
		manifest: {name: 'Claims release', sourceVault: 'acme-dev', author: 'admin@acme', packageType: 'migration__v', summary: 'Claim intake and review, with its objects, layouts and lifecycles', description: '', javaSdkDeploymentOption: null},
		steps: Array.from({length: 30}, (_, index) => ({
			step: String(index + 1).padStart(5, '0'),
			kind: 'components' as const,
			components: [{type: 'Object', name: `claim_intake_configuration_${index + 1}__c`, file: 'x', format: 'mdl' as const, dependencies: index === 4 ? [{inPackage: false, blocking: true, name: 'claim_type__c', type: 'Picklist'}] : []}],
			dataFiles: [],
			data: [],
		})),
	},
};

type Screen = {
	name: string;
	element: () => ReactElement;
	/** Text of the title line (the first one). */
	title: string | RegExp;
	/** Text of the key-hint lines (at the bottom). */
	hints: string;
	/** On screen before the keys are sent: the hints when not given. */
	ready?: string;
	/** Keys sent first, and what shows once they were handled. */
	first?: [string, string];
	/** Sent in one read before the frame is checked. */
	keys?: string;
	/** What the selected row (the line starting with ❯) says after the keys. */
	selected?: string | RegExp;
	/** Text on screen after the keys (lines joined with a space). */
	shows?: string;
};

const screens: Screen[] = [
	{name: 'profile list (25 profiles)', element: () => <ProfilePicker isActive demo profiles={profiles} onPick={nothing} onCreate={nothing} onQuit={nothing} />, title: 'Choose a connection profile', hints: 'q quit', keys: down(22), selected: 'profile-23'},
	{
		name: 'profile form (Adobe, a failed test)',
		element: () => (
			<ProfileForm
				isActive
				existingNames={[]}
				problem={{message: 'Adobe IMS refused the client credentials: 400 invalid_client (the client id or secret is wrong, or the credential was deleted)', hint: "Check the client id and secret of profile 'acme'; PACKPORT_CLIENT_SECRET from the environment."}}
				onSubmit={nothing}
				onInvalid={nothing}
				onCancel={nothing}
			/>
		),
		// Vendor is the second field: → makes it Adobe, whose form is the longest.
		title: 'Create a connection profile',
		hints: 'esc back',
		keys: `${keys.tab}${keys.right}${down(7)}`,
		selected: 'Target sandbox',
	},
	{
		name: 'package picker (30 packages)',
		element: () => (
			<PackagePicker
				isActive
				profile={mstrProfile}
				packages={Array.from({length: 30}, (_, index) => ({path: `/home/me/exports/quarterly/release-${index + 1}.mmp`, bytes: 3065 * index, modifiedAt: '2026-11-23T04:49:00.000Z'}))}
				problem={{message: 'No such file: exports/q4.mmp.', hint: 'Check the path; packport looks in the current folder and ./packages.'}}
				onPick={nothing}
				onBack={nothing}
			/>
		),
		title: 'Choose the package to import into prod',
		hints: 'esc back',
		keys: keys.up,
		selected: 'Type a path…',
	},
	{
		name: 'package path field (a long path typed)',
		element: () => <PackagePicker isActive profile={mstrProfile} packages={[]} onPick={nothing} onBack={nothing} />,
		title: 'Choose the package to import into prod',
		hints: 'enter check the file',
		ready: 'Type a path…',
		first: [keys.enter, 'Path to a .mmp file'],
		keys: `/home/me/exports/quarterly/2026/november/the-big-release-with-everything-in-it.mmp`,
		// The end of the path, where the cursor is, in view.
		shows: 'everything-in-it.mmp',
	},
	{name: 'secret prompt', element: () => <SecretPrompt isActive profile={mstrProfile} onSubmit={nothing} onBack={nothing} />, title: 'Password for admin', hints: 'esc back'},
	{name: 'MicroStrategy review (300 objects)', element: () => <StandaloneMstrReview review={mstrReview(300)} />, title: 'Review the package definition', hints: 'esc cancel the import', keys: down(40), selected: 'Employee 41'},
	{name: 'MicroStrategy review, default action delete', element: () => <StandaloneMstrReview review={mstrReview(300)} />, title: 'Review the package definition', hints: 'esc cancel the import', keys: `ddddd${down(3)}`, selected: 'Employee 4', shows: 'default action delete: every object without its own action (300 of 300)'},
	{
		name: "MicroStrategy review after the server's refusal (all notes)",
		element: () => (
			<StandaloneMstrReview
				review={{
					...mstrReview(300),
					actionsLocked: true,
					notice:
						'MicroStrategy did not apply the action changes: PUT /api/packages/h answered 400 ERR006 (the package holder was uploaded, so its definition cannot be changed; subErrors: ACTIONS_NOT_APPLIED for 12 objects). Continue with the server\'s actions, or cancel.',
				}}
			/>
		),
		title: 'Review the package definition',
		hints: 'esc cancel the import',
		keys: down(100),
		selected: 'Employee 101',
		// The default-action line stays under the title, and the refusal keeps what to do.
		shows: "Continue with the server's actions, or cancel.",
	},
	{
		name: 'MicroStrategy confirm with deletes',
		element: () => <ConfirmImport isActive profile={mstrProfile} packagePath="/home/me/exports/year.mmp" review={mstrReview(30)} choices={{vendor: 'mstr', actions: {}, generateUndo: true, defaultAction: 'delete'}} onConfirm={nothing} onBack={nothing} />,
		title: 'Ready to import',
		hints: 'esc back to the review',
	},
	{name: 'Adobe package list (40 packages)', element: () => <AepPackagePicker isActive profile={aepProfile} packages={serverPackages} hasMore onPick={nothing} onNeedMore={nothing} onBack={nothing} />, title: 'Choose a published package', hints: 'esc back', keys: down(30), selected: 'Acme Release 31'},
	{name: 'Adobe target sandbox', element: () => <AepTarget isActive profile={aepProfile} onChoose={nothing} onBack={nothing} />, title: 'Target sandbox', hints: 'esc back'},
	{name: 'Adobe conflicts (60)', element: () => <StandaloneAepReview review={aepReview} />, title: 'Conflicts of Acme Release 30', hints: 'esc cancel', keys: `${down(45)}${keys.right}`, selected: /0045e52d.*◀ #1/},
	{name: 'Adobe confirm', element: () => <AepConfirm isActive review={aepReview} alternatives={{}} onConfirm={nothing} onBack={nothing} />, title: 'Ready to import', hints: 'esc/n back to the conflicts'},
	{name: 'Vault package preview (30 steps)', element: () => <VaultPackagePreview isActive info={vaultInfo} onImport={nothing} onBack={nothing} />, title: 'Claims release', hints: 'esc choose another package'},
	{
		name: 'Vault validation results (cursor on step 28 of 30)',
		element: () => <VaultReviewView isActive review={vaultReview} cursor={27} scrollTop={18} onMove={nothing} onDeploy={nothing} onFinish={nothing} />,
		title: 'Validation results for Claims release',
		hints: 'enter finish',
		selected: '00028',
	},
	{name: 'Vault deploy confirm', element: () => <VaultDeployConfirm isActive review={vaultReview} url="https://qa.veevavault.com" onConfirm={nothing} onBack={nothing} />, title: 'Deploy Claims release', hints: 'esc/n back to the results'},
	{
		name: 'progress, asked what to do on ctrl-c',
		element: () => (
			<ProgressView
				title="Importing"
				packagePath="/home/me/exports/claims-release-2026.4.vpk"
				stopping={false}
				startedAt={Date.now() - 65_000}
				vendor="vault"
				profileName={vaultProfile.name}
				askingInterrupt
				steps={[
					{name: 'inspect', label: 'Checked claims-release-2026.4.vpk (48 KB, 30 steps)', status: 'done', ms: 40},
					{name: 'login', label: 'Signed in as admin@qa', status: 'done', ms: 40},
					{name: 'upload', label: 'Uploaded 48 KB', status: 'done', ms: 900},
					{name: 'import', label: 'Importing…', status: 'running'},
				]}
				notes={[{level: 'warn', message: "Can't reach https://qa.veevavault.com: connection refused; retrying (2 of 8) in 4 s."}]}
				progress={{percent: 42.5, serverStatus: 'processing', jobId: '1040213', nextPollAt: Date.now() + 1500}}
			/>
		),
		title: 'Importing',
		hints: 'w keep watching',
	},
];

const strip = (frame: string) => frame.replaceAll(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/\n+$/, '');

let shown: Sized | undefined;
afterEach(() => {
	shown?.unmount();
	shown = undefined;
});

describe.each([
	{columns: 80, rows: 24},
	{columns: 60, rows: 20},
])('at $columns×$rows', size => {
	it.each(screens)('$name fits whole', async screen => {
		shown = renderAt(screen.element(), size);
		await waitForFrame(shown.lastFrame, frame => strip(frame).includes(screen.ready ?? screen.hints));
		if (screen.first) {
			shown.stdin.write(screen.first[0]);
			await waitForFrame(shown.lastFrame, screen.first[1]);
		}

		if (screen.keys) shown.stdin.write(screen.keys);
		const selected = screen.selected;
		const frame = strip(
			await waitForFrame(shown.lastFrame, frame => {
				const lines = strip(frame).split('\n');
				if (selected === undefined) return strip(frame).replaceAll('\n', ' ').includes(screen.shows ?? '');
				const onScreen = strip(frame).replaceAll('\n', ' ').includes(screen.shows ?? '');
				return onScreen && lines.some(line => line.startsWith('❯') && (typeof selected === 'string' ? line.includes(selected) : selected.test(line)));
			}),
		);
		// SHOW_FRAMES=1 prints each frame checked, to look at the screens without a terminal.
		if (process.env.SHOW_FRAMES) console.log(`${size.columns}x${size.rows} ${screen.name}\n${frame}\n${"-".repeat(size.columns)}`);
		const lines = frame.split('\n');
		const report = `\n${frame}\n`;
		expect(lines.filter(line => textWidth(line) > size.columns), report).toEqual([]);
		expect(lines.length, report).toBeLessThan(size.rows);
		expect(lines[0], report).toMatch(screen.title);
		if (screen.title === 'Review the package definition') expect(lines[1], report).toMatch(/^Default action /);
		expect(lines.slice(-3).join('\n'), report).toContain(screen.hints);
	});
});
