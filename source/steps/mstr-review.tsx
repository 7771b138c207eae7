import {Box, Text, useInput, useStdout} from 'ink';
import {useMemo} from 'react';
import {fit} from '../components/fit.js';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import {stripControl} from '../redact.js';
import {countActions, effectiveAction} from '../vendors/mstr/actions.js';
import type {MstrChoices, MstrReview} from '../vendors/mstr/types.js';
import {keepBothWarning} from '../wizard/state.js';

export const reviewPageSize = 12;


export type MstrReviewProps = {
	review: MstrReview;
	choices: MstrChoices;
	cursor: number;
	scrollTop: number;
	isActive: boolean;
	onMove: (delta: number) => void;
	onCycleAction: (direction: 1 | -1) => void;
	onCycleDefault: () => void;
	onToggleUndo: () => void;
	onConfirm: () => void;
	onCancel: () => void;
};

/**
 * The package definition: settings, counts per action, and a windowed table of the objects. Only
 * the visible rows are rendered, so 5,000 objects cost the same per key press as 50.
 */
export const MstrReviewView = ({review, choices, cursor, scrollTop, isActive, onMove, onCycleAction, onCycleDefault, onToggleUndo, onConfirm, onCancel}: MstrReviewProps) => {
	const {stdout} = useStdout();
	const columns = Math.max(80, Math.min(stdout?.columns ?? 100, 160));
	const counts = useMemo(() => countActions(review, choices), [review, choices]);
	const overrides = Object.keys(choices.actions).length;
	const keepBoth = useMemo(() => keepBothWarning(review, choices), [review, choices]);
	useInput(
		(input, key) => {
			if (key.upArrow) onMove(-1);
			else if (key.downArrow) onMove(1);
			else if (key.pageUp) onMove(-reviewPageSize);
			else if (key.pageDown) onMove(reviewPageSize);
			else if (key.home) onMove(-review.objects.length);
			else if (key.end) onMove(review.objects.length);
			else if (key.rightArrow) onCycleAction(1);
			else if (key.leftArrow) onCycleAction(-1);
			else if (input === 'd') onCycleDefault();
			else if (input === 'u') onToggleUndo();
			else if (key.return) onConfirm();
			else if (key.escape) onCancel();
		},
		{isActive},
	);

	const nameWidth = columns - 18 - 16 - 11 - 11 - 8;
	const visible = review.objects.slice(scrollTop, scrollTop + reviewPageSize);
	const {settings} = review;
	const defaultAction = choices.defaultAction ?? settings.defaultAction ?? '—';
	const list = (value: string[] | null | undefined) => (value && value.length > 0 ? value.join(', ') : 'none');
	return (
		<Box flexDirection="column">
			<Text bold>Review the package definition</Text>
			<Text>
				Default action <Text color={theme.accent}>{defaultAction}</Text>
				{choices.defaultAction && choices.defaultAction !== settings.defaultAction ? <Text dimColor> (package: {settings.defaultAction ?? '—'})</Text> : null} · ACL on replaced objects{' '}
				{stripControl(settings.aclOnReplacingObjects ?? '—')} · ACL on new objects {stripControl(list(settings.aclOnNewObjects))}
			</Text>
			<Text>
				Schema updates {stripControl(list(settings.updateSchema))} · Undo package{' '}
				<Text color={choices.generateUndo ? theme.ok : theme.warn}>{choices.generateUndo ? 'will be saved' : 'off'}</Text>
			</Text>
			<Text>
				{review.objects.length} objects: {Object.entries(counts).map(([action, count]) => `${count} ${action}`).join(', ')}
				{overrides > 0 ? <Text dimColor> · {overrides} changed by you (*), sent and checked before the import; servers may refuse changes to an uploaded package</Text> : null}
			</Text>
			{keepBoth ? <Text color={theme.warn}>⚠ keep_both objects: MicroStrategy makes no undo package for this import, so it runs without one.</Text> : null}
			{review.notice ? <Text color={theme.warn}>⚠ {stripControl(review.notice)}</Text> : null}
			<Box marginTop={1} flexDirection="column">
				<Text bold>
					{'  '}
					{fit('Name', nameWidth)} {fit('Type', 18)} {fit('Action', 16)} {fit('Created', 10)} {fit('Modified', 10)}
				</Text>
				{visible.map((object, index) => {
					const row = scrollTop + index;
					const selected = row === cursor;
					const action = effectiveAction(object, choices);
					const changed = choices.actions[object.id] !== undefined;
					return (
						<Text key={object.id} inverse={selected}>
							{changed ? '*' : ' '} {fit(stripControl(object.name), nameWidth)} {fit(object.typeName, 18)} {fit(selected && !review.actionsLocked ? `◀ ${action} ▶` : action, 16)}{' '}
							{fit((object.dateCreated ?? '').slice(0, 10), 10)} {fit((object.dateModified ?? '').slice(0, 10), 10)}
						</Text>
					);
				})}
				<Text dimColor>
					rows {review.objects.length === 0 ? 0 : scrollTop + 1}–{Math.min(review.objects.length, scrollTop + reviewPageSize)} of {review.objects.length}
				</Text>
			</Box>
			<KeyHints
				hints={
					review.actionsLocked
						? [['↑↓ pgup/pgdn', 'move'], ['u', 'undo on/off'], ['enter', 'continue'], ['esc', 'cancel the import']]
						: [['↑↓ pgup/pgdn', 'move'], ['←→', 'action'], ['d', 'default action'], ['u', 'undo on/off'], ['enter', 'continue'], ['esc', 'cancel the import']]
				}
			/>
		</Box>
	);
};
