import {Box, Text, useInput} from 'ink';
import {useMemo, useRef, useState} from 'react';
import {editTail} from '../components/edit-line.js';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import type {Profile} from '../config/profile-types.js';
import {countActions} from '../vendors/mstr/actions.js';
import type {MstrChoices, MstrReview} from '../vendors/mstr/types.js';
import {counted} from '../output/words.js';
import {keepBothWarning} from '../wizard/state.js';

export type ConfirmProps = {
	profile: Profile;
	packagePath: string;
	review: MstrReview;
	choices: MstrChoices;
	isActive: boolean;
	onConfirm: () => void;
	onBack: () => void;
};

/** What will happen, in plain words, before the point of no return. */
export const ConfirmImport = ({profile, packagePath, review, choices, isActive, onConfirm, onBack}: ConfirmProps) => {
	const counts = useMemo(() => countActions(review, choices), [review, choices]);
	// delete is irreversible for every object it touches: it takes its own word, not just Enter.
	const deleting = counts.delete ?? 0;
	// What was typed, kept at once: keys of one read arrive before the re-render.
	const typed = useRef('');
	const [shown, setShown] = useState('');
	useInput(
		(input, key) => {
			if (deleting > 0) {
				if (key.escape) onBack();
				else if (key.return) {
					if (typed.current === 'delete') onConfirm();
				} else if (!key.ctrl && !key.meta) {
					// Several Backspaces in one read each delete (edit-line.ts); "delete⏎" pasted goes on.
					const edit = editTail(typed.current, input, key);
					typed.current = edit.text.slice(0, 12);
					setShown(typed.current);
					if (edit.submit && typed.current === 'delete') onConfirm();
				}

				return;
			}

			if (key.return || input === 'y') onConfirm();
			else if (key.escape || input === 'n') onBack();
		},
		{isActive},
	);
	const where = profile.projectId ? `project ${profile.projectId}` : 'the configuration';
	return (
		<Box flexDirection="column">
			<Text bold>Ready to import</Text>
			<Box marginTop={1} flexDirection="column">
				<Text>
					Import <Text bold>{counted(review.objects.length, 'object')}</Text> from {packagePath} into {where} at {profile.url}{' '}
					{profile.loginMode === 4096 ? 'with the API token' : `as ${profile.username}`}.
				</Text>
				<Text>
					{Object.entries(counts)
						.map(([action, count]) => `${count} ${action}`)
						.join(', ')}{' '}
					(default: {choices.defaultAction ?? review.settings.defaultAction ?? '—'}).
				</Text>
				<Text>
					Undo package:{' '}
					{/* keep_both: MicroStrategy makes none, whatever was asked (the review says so). */}
					{keepBothWarning(review, choices) ? (
						<Text color={theme.warn}>none — MicroStrategy makes no undo package for keep_both objects</Text>
					) : choices.generateUndo ? (
						<Text color={theme.ok}>will be saved next to the package</Text>
					) : (
						<Text color={theme.warn}>off — this import cannot be rolled back with packport</Text>
					)}
				</Text>
				<Text color={theme.warn}>Objects are changed in the target as soon as the import starts.</Text>
				{deleting > 0 ? (
					<Text color={theme.error}>
						{deleting} object{deleting === 1 ? '' : 's'} will be DELETED in the target. Type delete and press enter to go on: {shown}
					</Text>
				) : null}
			</Box>
			<KeyHints
				hints={
					deleting > 0
						? [
								['type delete + enter', 'import now'],
								['esc', 'back to the review'],
							]
						: [
								['enter/y', 'import now'],
								['esc/n', 'back to the review'],
							]
				}
			/>
		</Box>
	);
};
