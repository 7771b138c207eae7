import {Box, Text, useInput} from 'ink';
import {SelectList} from '../components/select-list.js';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import type {Profile} from '../profiles-types.js';
import {vendorNames} from '../vendors/vendor-id.js';

const createValue = '\u0000create';

export type ProfilePickerProps = {
	profiles: Profile[];
	demo: boolean;
	isActive: boolean;
	onPick: (profile: Profile) => void;
	onCreate: () => void;
	onQuit: () => void;
};

export const ProfilePicker = ({profiles, demo, isActive, onPick, onCreate, onQuit}: ProfilePickerProps) => {
	useInput(input => {
		if (input === 'q') onQuit();
	}, {isActive});
	const width = Math.max(8, ...profiles.map(profile => profile.name.length));
	const items = [
		...profiles.map(profile => ({key: profile.name, value: profile.name, label: `${profile.name.padEnd(width)}  ${vendorNames[profile.vendor].padEnd(26)}  ${profile.url}`})),
		{key: createValue, value: createValue, label: '+ Create a new profile'},
	];
	return (
		<Box flexDirection="column">
			<Text bold>Choose a connection profile</Text>
			{demo ? <Text color={theme.warn}>Demo mode: talking to the built-in emulator; nothing leaves this machine.</Text> : null}
			<Box marginTop={1}>
				<SelectList
					isFocused={isActive}
					items={items}
					onSelect={item => {
						const profile = profiles.find(candidate => candidate.name === item.value);
						if (profile) onPick(profile);
						else onCreate();
					}}
				/>
			</Box>
			<KeyHints hints={[['↑↓', 'move'], ['enter', 'choose'], ['q', 'quit']]} />
		</Box>
	);
};
