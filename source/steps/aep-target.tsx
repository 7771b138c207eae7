import {Box, Text, useInput} from 'ink';
import {TextField} from '../components/text-field.js';
import {useState} from 'react';
import {KeyHints} from '../components/key-hints.js';
import {ProblemLine} from '../components/problem-line.js';
import type {Profile} from '../config/profile-types.js';
import type {Problem} from '../wizard/state.js';

/** The sandbox to import into, prefilled from the profile; names are lower case for AEP. */
export const AepTarget = ({profile, isActive, onChoose, onBack}: {profile: Profile; isActive: boolean; onChoose: (sandbox: string) => void; onBack: () => void}) => {
	const [value, setValue] = useState(profile.targetSandbox ?? '');
	const [problem, setProblem] = useState<Problem | undefined>(undefined);
	useInput((_input, key) => {
		if (key.escape) onBack();
	}, {isActive});
	const submit = (text: string) => {
		const sandbox = text.trim().toLowerCase();
		if (!/^[a-z0-9][a-z0-9-]*$/.test(sandbox)) {
			setProblem({message: `"${text}" is not a sandbox name.`, hint: 'Sandbox names are lower-case letters, digits and dashes, e.g. prod.'});
			return;
		}

		if (sandbox === profile.sandbox) {
			setProblem({message: `${sandbox} is the source sandbox of profile '${profile.name}'.`, hint: 'Import into another sandbox.'});
			return;
		}

		onChoose(sandbox);
	};

	return (
		<Box flexDirection="column">
			<Text bold>Target sandbox</Text>
			<Box marginTop={1}>
				<Text>Import into: </Text>
				<TextField focus={isActive} value={value} onChange={setValue} onSubmit={submit} />
			</Box>
			<ProblemLine problem={problem} />
			<KeyHints hints={[['enter', 'check permissions and conflicts'], ['esc', 'back to the packages']]} />
		</Box>
	);
};
