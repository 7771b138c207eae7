import path from 'node:path';
import {Box, Text, useInput} from 'ink';
import {SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';
import {useState} from 'react';
import {BusyLine} from '../components/busy-line.js';
import {keyHintRows, KeyHints, type Hint} from '../components/key-hints.js';
import {problemLayout, ProblemLine} from '../components/problem-line.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {textWidth} from '../components/text-width.js';
import {theme} from '../components/theme.js';
import {formatBytes} from '../packages/local-file.js';
import type {Profile} from '../config/profile-types.js';
import type {PackageCandidate} from '../wizard/services.js';
import type {Problem} from '../wizard/state.js';

const typeValue = '\u0000type';
const promoteValue = '\u0000promote';

export type PackagePickerProps = {
	profile: Profile;
	packages: PackageCandidate[];
	isActive: boolean;
	busy?: string;
	problem?: Problem;
	onPick: (path: string) => void;
	/** "Promote from another environment": offered when the vendor can take a package from a source. */
	onPromote?: () => void;
	onBack: () => void;
	/** The package to select first: the one picked last, when the user comes back. */
	initialValue?: string;
};

export const PackagePicker = ({profile, packages, isActive, busy, problem, onPick, onPromote, onBack, initialValue}: PackagePickerProps) => {
	const [typing, setTyping] = useState(false);
	const [typed, setTyped] = useState('');
	// A problem with a typed path means nothing once the user is back at the list; a new one shows.
	const [dismissed, setDismissed] = useState<Problem>();
	useInput(
		(_input, key) => {
			if (!key.escape) return;
			if (typing && packages.length > 0) {
				setTyping(false);
				setDismissed(problem);
			} else onBack();
		},
		{isActive: isActive && !busy},
	);
	const size = useTerminalSize();
	const {columns} = size;
	const hints: Hint[] = typing
		? [
				['enter', 'check the file'],
				['esc', 'back'],
			]
		: [
				['↑↓', 'move'],
				['enter', 'choose'],
				['esc', 'back'],
			];
	const shownProblem = problem === dismissed ? undefined : problem;
	// The list gets the rows the title, a busy line, the problem and the keys leave.
	// A refused package's message and hint whole (at 80 columns they took 4 lines, and the hint was cut);
	// on a short terminal the list keeps its rows first.
	const problemRows = screenRows(size) >= 20 ? 6 : 4;
	const listRows = Math.max(2, screenRows(size) - 2 - (busy ? 1 : 0) - problemLayout(shownProblem, columns, problemRows).rows - keyHintRows(hints, columns));
	const prompt = `Path to a ${profile.vendor === 'vault' ? '.vpk' : '.mmp'} file: `;
	// Names first, so the list reads well; the folder follows for files found elsewhere.
	const width = Math.max(10, ...packages.filter(candidate => !candidate.label).map(candidate => path.basename(candidate.path).length));
	const items = [
		...packages.map(candidate => {
			const folder = path.dirname(candidate.path);
			return {
				key: candidate.path,
				value: candidate.path,
				label:
					candidate.label ??
					`${path.basename(candidate.path).padEnd(width)}  ${formatBytes(candidate.bytes).padStart(8)}  ${candidate.modifiedAt.slice(0, 10)}${folder === '.' ? '' : `  ${folder}`}`,
			};
		}),
		{key: typeValue, value: typeValue, label: 'Type a path…'},
		...(onPromote ? [{key: promoteValue, value: promoteValue, label: '⇄ Promote from another environment…'}] : []),
	];
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Choose the package to import into <Text color={theme.accent}>{profile.name}</Text>
			</Text>
			<Box marginTop={1}>
				{typing ? (
					<Box>
						<Text>{prompt}</Text>
						{/* A long path scrolls sideways in its line, the cursor in view. */}
						<TextField
							focus={isActive && !busy}
							value={typed}
							width={columns - textWidth(prompt) - 1}
							onChange={setTyped}
							onSubmit={value => value.trim() && onPick(value.trim())}
						/>
					</Box>
				) : (
					<SelectList
						isFocused={isActive && !busy}
						items={items}
						rows={listRows}
						initialValue={initialValue}
						onSelect={item => (item.value === typeValue ? setTyping(true) : item.value === promoteValue ? onPromote?.() : onPick(item.value))}
					/>
				)}
			</Box>
			<BusyLine what={busy} />
			<ProblemLine problem={shownProblem} columns={columns} maxRows={problemRows} />
			<KeyHints hints={hints} columns={columns} />
		</Box>
	);
};
