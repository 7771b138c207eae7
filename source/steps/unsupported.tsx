import {Box, Text, useInput} from 'ink';
import {KeyHints} from '../components/key-hints.js';
import type {Profile} from '../profiles-types.js';
import {vendorNames} from '../vendors/vendor-id.js';

export const Unsupported = ({profile, isActive, onBack, onQuit}: {profile: Profile; isActive: boolean; onBack: () => void; onQuit: () => void}) => {
	useInput((input, key) => {
		if (key.escape || input === 'b') onBack();
		else if (input === 'q') onQuit();
	}, {isActive});
	return (
		<Box flexDirection="column">
			<Text bold>{vendorNames[profile.vendor]} imports are coming in a later version of packport.</Text>
			<Text>The profile '{profile.name}' is saved and will work then. MicroStrategy and Vault profiles work today.</Text>
			<KeyHints hints={[['esc/b', 'back to the profiles'], ['q', 'quit']]} />
		</Box>
	);
};
