import {Box, Text, useInput} from 'ink';
import {useMemo} from 'react';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import type {Profile} from '../profiles-types.js';
import {countActions} from '../vendors/mstr/actions.js';
import type {MstrChoices, MstrReview} from '../vendors/mstr/types.js';

export type ConfirmProps = {profile: Profile; packagePath: string; review: MstrReview; choices: MstrChoices; isActive: boolean; onConfirm: () => void; onBack: () => void};

/** What will happen, in plain words, before the point of no return. */
export const ConfirmImport = ({profile, packagePath, review, choices, isActive, onConfirm, onBack}: ConfirmProps) => {
	const counts = useMemo(() => countActions(review, choices), [review, choices]);
	useInput((input, key) => {
		if (key.return || input === 'y') onConfirm();
		else if (key.escape || input === 'n') onBack();
	}, {isActive});
	const where = profile.projectId ? `project ${profile.projectId}` : 'the configuration';
	return (
		<Box flexDirection="column">
			<Text bold>Ready to import</Text>
			<Box marginTop={1} flexDirection="column">
				<Text>
					Import <Text bold>{review.objects.length} objects</Text> from {packagePath} into {where} at {profile.url} as {profile.username}.
				</Text>
				<Text>
					{Object.entries(counts).map(([action, count]) => `${count} ${action}`).join(', ')} (default: {choices.defaultAction ?? review.settings.defaultAction ?? '—'}).
				</Text>
				<Text>
					Undo package:{' '}
					{choices.generateUndo ? <Text color={theme.ok}>will be saved next to the package</Text> : <Text color={theme.warn}>off — this import cannot be rolled back with packport</Text>}
				</Text>
				<Text color={theme.warn}>Objects are changed in the target as soon as the import starts.</Text>
			</Box>
			<KeyHints hints={[['enter/y', 'import now'], ['esc/n', 'back to the review']]} />
		</Box>
	);
};
