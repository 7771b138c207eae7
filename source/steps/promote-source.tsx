/**
 * Promote, in the wizard: which environment to take the package from (another profile of the
 * target's vendor), then what to take there. The run that follows is `packport promote`'s: the
 * package is exported, built or published on the source, then imported into the target with the
 * usual review.
 */
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {KeyHints} from '../components/key-hints.js';
import {ProblemLine} from '../components/problem-line.js';
import {SelectList} from '../components/select-list.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {TextField} from '../components/text-field.js';
import {textWidth} from '../components/text-width.js';
import {theme} from '../components/theme.js';
import type {Profile} from '../config/profile-types.js';
import type {Problem} from '../wizard/state.js';

export const PromoteSourcePicker = ({
	target,
	profiles,
	isActive,
	onPick,
	onBack,
}: {
	target: Profile;
	profiles: Profile[];
	isActive: boolean;
	onPick: (profile: Profile) => void;
	onBack: () => void;
}) => {
	useInput(
		(_input, key) => {
			if (key.escape) onBack();
		},
		{isActive},
	);
	const size = useTerminalSize();
	const width = Math.max(8, ...profiles.map(profile => profile.name.length));
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Promote into <Text color={theme.accent}>{target.name}</Text>: take the package from
			</Text>
			<Box marginTop={1}>
				{profiles.length > 0 ? (
					<SelectList
						isFocused={isActive}
						rows={Math.max(2, screenRows(size) - 5)}
						items={profiles.map(profile => ({key: profile.name, value: profile.name, label: `${profile.name.padEnd(width)}  ${profile.url}`}))}
						onSelect={item => onPick(profiles.find(profile => profile.name === item.value)!)}
					/>
				) : (
					<Text color={theme.warn} wrap="wrap">
						No other profile of this vendor to take a package from. Add the source environment first: packport profiles add NAME --vendor {target.vendor} …
					</Text>
				)}
			</Box>
			<KeyHints
				hints={
					profiles.length > 0
						? [
								['↑↓', 'move'],
								['enter', 'choose'],
								['esc', 'back'],
							]
						: [['esc', 'back']]
				}
				columns={size.columns}
			/>
		</Box>
	);
};

const typeValue = '\u0000type';

export const PromoteRefField = ({
	from,
	target,
	prompt,
	choices,
	isActive,
	problem,
	onSubmit,
	onBack,
}: {
	from: Profile;
	target: Profile;
	prompt: string;
	/** What the source lists (Vault's outbound packages): picked from a list, or typed. */
	choices?: string[];
	isActive: boolean;
	problem?: Problem;
	onSubmit: (ref: string) => void;
	onBack: () => void;
}) => {
	const [value, setValue] = useState('');
	const [typing, setTyping] = useState(false);
	const listing = choices !== undefined && choices.length > 0 && !typing;
	useInput(
		(_input, key) => {
			if (!key.escape) return;
			if (typing && choices?.length) setTyping(false);
			else onBack();
		},
		{isActive},
	);
	const size = useTerminalSize();
	const {columns} = size;
	const label = `${prompt} '${from.name}': `;
	if (listing) {
		return (
			<Box flexDirection="column">
				<Text bold wrap="truncate-end">
					Promote from <Text color={theme.accent}>{from.name}</Text> into <Text color={theme.accent}>{target.name}</Text>: what to take
				</Text>
				<Box marginTop={1}>
					<SelectList
						isFocused={isActive}
						rows={Math.max(2, screenRows(size) - 6)}
						items={[...choices.map(name => ({key: name, value: name, label: name})), {key: typeValue, value: typeValue, label: from.vendor === 'mstr' ? 'Type a path…' : 'Type a name…'}]}
						onSelect={item => (item.value === typeValue ? setTyping(true) : onSubmit(item.value))}
					/>
				</Box>
				<ProblemLine problem={problem} columns={columns} maxRows={4} />
				<KeyHints
					hints={[
						['↑↓', 'move'],
						['enter', 'take it'],
						['esc', 'back'],
					]}
					columns={columns}
				/>
			</Box>
		);
	}

	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Promote from <Text color={theme.accent}>{from.name}</Text> into <Text color={theme.accent}>{target.name}</Text>
			</Text>
			<Text dimColor wrap="wrap">
				Taken on the source first; nothing is sent to {target.name} until that worked, and you review the import as usual.
			</Text>
			<Box marginTop={1}>
				<Text>{label}</Text>
				<TextField
					focus={isActive}
					value={value}
					width={Math.max(10, columns - textWidth(label) - 1)}
					onChange={setValue}
					onSubmit={typed => typed.trim() && onSubmit(typed.trim())}
				/>
			</Box>
			<ProblemLine problem={problem} columns={columns} maxRows={4} />
			<KeyHints
				hints={[
					['enter', 'take it'],
					['esc', 'back'],
				]}
				columns={columns}
			/>
		</Box>
	);
};
