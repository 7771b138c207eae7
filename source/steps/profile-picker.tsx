import {Box, Text, useInput} from 'ink';
import {SelectList} from '../components/select-list.js';
import {keyHintRows, KeyHints, type Hint} from '../components/key-hints.js';
import {Lines} from '../components/lines.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {wrapClamped} from '../components/wrap.js';
import {theme} from '../components/theme.js';
import type {Profile} from '../config/profile-types.js';
import {vendorNames} from '../vendors/vendor-id.js';

const createValue = '\u0000create';

export type ProfilePickerProps = {
	profiles: Profile[];
	demo: boolean;
	isActive: boolean;
	onPick: (profile: Profile) => void;
	onCreate: () => void;
	onQuit: () => void;
	/** The profile to select first: the one picked last, when the user comes back. */
	initialValue?: string;
};

export const ProfilePicker = ({profiles, demo, isActive, onPick, onCreate, onQuit, initialValue}: ProfilePickerProps) => {
	useInput(input => {
		if (input === 'q') onQuit();
	}, {isActive});
	const size = useTerminalSize();
	const hints: Hint[] = [['↑↓', 'move'], ['enter', 'choose'], ['q', 'quit']];
	const demoLines = demo ? wrapClamped('Demo mode: talking to the built-in emulator; nothing leaves this machine.', size.columns, 2) : [];
	// The list gets the rows the title, the demo note and the keys leave.
	const listRows = Math.max(2, screenRows(size) - 2 - demoLines.length - keyHintRows(hints, size.columns));
	const width = Math.max(8, ...profiles.map(profile => profile.name.length));
	const items = [
		...profiles.map(profile => ({key: profile.name, value: profile.name, label: `${profile.name.padEnd(width)}  ${vendorNames[profile.vendor].padEnd(26)}  ${profile.url}`})),
		{key: createValue, value: createValue, label: '+ Create a new profile'},
	];
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Choose a connection profile
			</Text>
			<Lines lines={demoLines} color={theme.warn} />
			<Box marginTop={1}>
				<SelectList
					isFocused={isActive}
					items={items}
					rows={listRows}
					initialValue={initialValue}
					onSelect={item => {
						const profile = profiles.find(candidate => candidate.name === item.value);
						if (profile) onPick(profile);
						else onCreate();
					}}
				/>
			</Box>
			<KeyHints hints={hints} columns={size.columns} />
		</Box>
	);
};
