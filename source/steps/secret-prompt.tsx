import {secretNoun} from '../config/secrets.js';
import {Box, Text, useInput} from 'ink';
import {TextField} from '../components/text-field.js';
import {useState} from 'react';
import {KeyHints} from '../components/key-hints.js';
import type {Profile} from '../config/profile-types.js';

/** Asked only when neither the env var nor a saved secret has one; kept in memory for this run. */
export const SecretPrompt = ({profile, isActive, onSubmit, onBack}: {profile: Profile; isActive: boolean; onSubmit: (secret: string) => void; onBack: () => void}) => {
	const [value, setValue] = useState('');
	useInput((_input, key) => {
		if (key.escape) onBack();
	}, {isActive});
	const words = secretNoun(profile);
	const noun = words.charAt(0).toUpperCase() + words.slice(1);
	return (
		<Box flexDirection="column">
			<Text bold>
				{noun} for {profile.username ?? profile.clientId ?? profile.name} at {profile.url}
			</Text>
			<Text dimColor>Used for this run only; save it with `packport profiles add … --password-stdin` to skip this.</Text>
			<Box marginTop={1}>
				<Text>{noun}: </Text>
				<TextField focus={isActive} value={value} mask="*" onChange={setValue} onSubmit={typed => typed && onSubmit(typed)} />
			</Box>
			<KeyHints hints={[['enter', 'continue'], ['esc', 'back']]} />
		</Box>
	);
};
