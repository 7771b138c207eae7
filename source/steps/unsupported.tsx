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
			<Text bold>The {vendorNames[profile.vendor]} screens (conflict review and substitutions) come in the next version of packport.</Text>
			<Text>
				Headless imports work today: packport import --profile {profile.name} --package ID_OR_NAME --target-sandbox {profile.targetSandbox ?? 'NAME'} [--substitutions FILE] --yes
			</Text>
			<KeyHints hints={[['esc/b', 'back to the profiles'], ['q', 'quit']]} />
		</Box>
	);
};
