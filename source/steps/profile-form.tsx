import {Box, Text, useInput} from 'ink';
import {TextField} from '../components/text-field.js';
import {useRef, useState} from 'react';
import {profileFromFlags, type ProfileFlags} from '../commands/profiles.js';
import {BusyLine} from '../components/busy-line.js';
import {keyHintRows, KeyHints, type Hint} from '../components/key-hints.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {ProblemLine} from '../components/problem-line.js';
import {theme} from '../components/theme.js';
import {isPackportError} from '../errors.js';
import {secretNoun} from '../config/secrets.js';
import type {Profile} from '../config/profile-types.js';
import {vendorIds, vendorNames, type VendorId} from '../vendors/vendor-id.js';
import type {Problem} from '../wizard/state.js';

const labelWidth = 16;

type Field = {key: string; label: string; secret?: boolean; placeholder?: string};

/** MicroStrategy's sign-in modes, chosen with ←/→ like the vendor. */
const loginModes = [
	{value: '1', label: 'Standard (user name and password)'},
	{value: '16', label: 'LDAP (user name and password)'},
	{value: '4096', label: 'API token (the token alone)'},
];

/** With an API token there is no user name: MicroStrategy takes the token alone. */
const mstrFields = (loginMode: string): Field[] => [
	{key: 'url', label: 'Library URL', placeholder: 'https://host/MicroStrategyLibrary'},
	{key: 'loginMode', label: 'Sign-in'},
	...(loginMode === '4096' ? [] : [{key: 'username', label: 'User name'}]),
	{key: 'secret', label: loginMode === '4096' ? 'API token' : 'Password', secret: true},
	{key: 'projectId', label: 'Project id', placeholder: '32 hex characters (empty for configuration packages)'},
];

const fieldsByVendor: Record<VendorId, Field[]> = {
	mstr: mstrFields('1'),
	vault: [
		{key: 'url', label: 'Vault URL', placeholder: 'https://myvault.veevavault.com'},
		{key: 'username', label: 'User name'},
		{key: 'secret', label: 'Password', secret: true},
		{key: 'apiVersion', label: 'API version', placeholder: 'v25.2'},
	],
	aep: [
		{key: 'url', label: 'Platform URL', placeholder: 'https://platform.adobe.io'},
		{key: 'imsUrl', label: 'IMS URL', placeholder: 'https://ims-na1.adobelogin.com'},
		{key: 'clientId', label: 'Client id'},
		{key: 'secret', label: 'Client secret', secret: true},
		{key: 'orgId', label: 'Org id', placeholder: 'XXXX@AdobeOrg'},
		{key: 'sandbox', label: 'Source sandbox'},
		{key: 'targetSandbox', label: 'Target sandbox'},
		{key: 'scopes', label: 'Scopes'},
	],
};

const fieldsFor = (vendor: VendorId, loginMode: string): Field[] => [
	{key: 'name', label: 'Profile name'},
	{key: 'vendor', label: 'Vendor'},
	...(vendor === 'mstr' ? mstrFields(loginMode) : fieldsByVendor[vendor]),
];

export type ProfileFormProps = {
	isActive: boolean;
	busy?: string;
	problem?: Problem;
	existingNames: string[];
	onSubmit: (profile: Profile, secret: string) => void;
	onInvalid: (problem: Problem) => void;
	onCancel: () => void;
};

/** A new profile, field by field; the connection is tested before it is saved. */
export const ProfileForm = ({isActive, busy, problem, existingNames, onSubmit, onInvalid, onCancel}: ProfileFormProps) => {
	const [vendor, setVendor] = useState<VendorId>('mstr');
	const [values, setValues] = useState<Record<string, string>>({loginMode: '1', apiVersion: 'v25.2'});
	// What submit reads: the fields as typed, even when Enter came in the same read as the last keys.
	const typed = useRef(values);
	typed.current = values;
	const [focus, setFocus] = useState(0);
	const fields = fieldsFor(vendor, values.loginMode ?? '1');
	const size = useTerminalSize();
	const {columns} = size;
	const hints: Hint[] = [['tab/↓', 'next field'], ['shift-tab/↑', 'previous'], ['←→', 'choose'], ['ctrl-s', 'test and save'], ['esc', 'back']];
	// The connection test's failure gets the rows the fields and keys leave (its hint says what to do).
	const problemRows = Math.max(2, screenRows(size) - 2 - fields.length - (busy ? 1 : 0) - keyHintRows(hints, columns));
	// The marker and the label column come first on a field's line.
	const fieldWidth = Math.max(8, columns - 2 - labelWidth - 1);
	const editing = isActive && !busy;

	const submit = () => {
		const values = typed.current;
		if (existingNames.includes(values.name ?? '')) {
			onInvalid({message: `A profile named '${values.name}' exists already.`, hint: 'Choose another name.'});
			return;
		}

		try {
			const flags = {...(values as unknown as ProfileFlags), vendor, ...(vendor === 'mstr' && values.loginMode === '4096' ? {username: undefined} : {})};
			const profile = profileFromFlags(values.name ?? '', flags);
			if (!values.secret) {
				onInvalid({message: `The ${secretNoun(profile)} is empty.`, hint: 'Type it; it is saved in a file only you can read.'});
				return;
			}

			onSubmit(profile, values.secret);
		} catch (error) {
			onInvalid(isPackportError(error) ? {message: error.message, hint: error.hint} : {message: String(error)});
		}
	};

	// Keys of one read (tab, → from tmux or a fast typist) arrive before the re-render: each
	// works on the field and vendor the last one left.
	// Only the handlers write it (a render with older state must not undo a move it has not seen).
	const at = useRef({focus, vendor});
	const moveFocus = (delta: number) => {
		const count = fieldsFor(at.current.vendor, typed.current.loginMode ?? '1').length;
		at.current.focus = Math.max(0, Math.min(count - 1, at.current.focus + delta));
		setFocus(at.current.focus);
	};

	useInput(
		(input, key) => {
			const current = fieldsFor(at.current.vendor, typed.current.loginMode ?? '1')[at.current.focus]!;
			if (key.escape) onCancel();
			else if ((key.tab && key.shift) || key.upArrow) moveFocus(-1);
			else if (key.tab || key.downArrow) moveFocus(1);
			else if (key.ctrl && input === 's') submit();
			else if (current.key === 'vendor' && (key.leftArrow || key.rightArrow)) {
				const index = vendorIds.indexOf(at.current.vendor);
				at.current.vendor = vendorIds[(index + (key.rightArrow ? 1 : vendorIds.length - 1)) % vendorIds.length]!;
				setVendor(at.current.vendor);
			} else if (current.key === 'loginMode' && (key.leftArrow || key.rightArrow)) {
				const index = Math.max(0, loginModes.findIndex(mode => mode.value === (typed.current.loginMode ?? '1')));
				typed.current = {...typed.current, loginMode: loginModes[(index + (key.rightArrow ? 1 : loginModes.length - 1)) % loginModes.length]!.value};
				setValues(typed.current);
			} else if ((current.key === 'vendor' || current.key === 'loginMode') && key.return) moveFocus(1);
		},
		{isActive: editing},
	);

	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Create a connection profile
			</Text>
			<Box flexDirection="column" marginTop={1}>
				{fields.map((field, index) => (
					<Box key={field.key}>
						<Text color={index === focus ? theme.accent : undefined}>{index === focus ? '❯ ' : '  '}</Text>
						<Box width={labelWidth} flexShrink={0}>
							<Text wrap="truncate-end">{field.label}</Text>
						</Box>
						{field.key === 'vendor' || field.key === 'loginMode' ? (
							<Text wrap="truncate-end">
								{index === focus ? '◀ ' : ''}
								{field.key === 'vendor' ? vendorNames[vendor] : (loginModes.find(mode => mode.value === (values.loginMode ?? '1')) ?? loginModes[0]!).label}
								{index === focus ? ' ▶' : ''}
							</Text>
						) : (
							<TextField
								focus={editing && index === focus}
								value={values[field.key] ?? ''}
								placeholder={index === focus ? field.placeholder : ''}
								mask={field.secret ? '*' : undefined}
								showCursor={index === focus}
								width={fieldWidth}
								onChange={value => {
									typed.current = {...typed.current, [field.key]: value};
									setValues(typed.current);
								}}
								onSubmit={() => (index === fields.length - 1 ? submit() : moveFocus(1))}
							/>
						)}
					</Box>
				))}
			</Box>
			<BusyLine what={busy} />
			<ProblemLine problem={problem} columns={columns} maxRows={problemRows} />
			<KeyHints hints={hints} columns={columns} />
		</Box>
	);
};
