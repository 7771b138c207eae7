import path from 'node:path';
import {Box, Text, useInput} from 'ink';
import {SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';
import {useState} from 'react';
import {BusyLine} from '../components/busy-line.js';
import {KeyHints} from '../components/key-hints.js';
import {ProblemLine} from '../components/problem-line.js';
import {theme} from '../components/theme.js';
import {formatBytes} from '../packages/local-file.js';
import type {Profile} from '../profiles-types.js';
import type {PackageCandidate} from '../wizard/services.js';
import type {Problem} from '../wizard/state.js';

const typeValue = '\u0000type';

export type PackagePickerProps = {
	profile: Profile;
	packages: PackageCandidate[];
	isActive: boolean;
	busy?: string;
	problem?: Problem;
	onPick: (path: string) => void;
	onBack: () => void;
};

export const PackagePicker = ({profile, packages, isActive, busy, problem, onPick, onBack}: PackagePickerProps) => {
	const [typing, setTyping] = useState(false);
	const [typed, setTyped] = useState('');
	// A problem with a typed path means nothing once the user is back at the list; a new one shows.
	const [dismissed, setDismissed] = useState<Problem>();
	useInput((_input, key) => {
		if (!key.escape) return;
		if (typing && packages.length > 0) {
			setTyping(false);
			setDismissed(problem);
		} else onBack();
	}, {isActive: isActive && !busy});
	// Names first, so the list reads well; the folder follows for files found elsewhere.
	const width = Math.max(10, ...packages.filter(candidate => !candidate.label).map(candidate => path.basename(candidate.path).length));
	const items = [
		...packages.map(candidate => {
			const folder = path.dirname(candidate.path);
			return {
				key: candidate.path,
				value: candidate.path,
				label: candidate.label ?? `${path.basename(candidate.path).padEnd(width)}  ${formatBytes(candidate.bytes).padStart(8)}  ${candidate.modifiedAt.slice(0, 10)}${folder === '.' ? '' : `  ${folder}`}`,
			};
		}),
		{key: typeValue, value: typeValue, label: 'Type a path…'},
	];
	return (
		<Box flexDirection="column">
			<Text bold>
				Choose the package to import into <Text color={theme.accent}>{profile.name}</Text>
			</Text>
			<Box marginTop={1}>
				{typing ? (
					<Box>
						<Text>Path to a {profile.vendor === 'vault' ? '.vpk' : '.mmp'} file: </Text>
						<TextField focus={isActive && !busy} value={typed} onChange={setTyped} onSubmit={value => value.trim() && onPick(value.trim())} />
					</Box>
				) : (
					<SelectList isFocused={isActive && !busy} items={items} onSelect={item => (item.value === typeValue ? setTyping(true) : onPick(item.value))} />
				)}
			</Box>
			<BusyLine what={busy} />
			<ProblemLine problem={problem === dismissed ? undefined : problem} />
			<KeyHints hints={typing ? [['enter', 'check the file'], ['esc', 'back']] : [['↑↓', 'move'], ['enter', 'choose'], ['esc', 'back']]} />
		</Box>
	);
};
