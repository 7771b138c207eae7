import {Box, Text, useInput} from 'ink';
import {useMemo} from 'react';
import {fitColumns, joinCells, type ColumnSpec, type Concession} from '../components/columns.js';
import {fit} from '../components/fit.js';
import {keyHintRows, KeyHints, type Hint} from '../components/key-hints.js';
import {Lines} from '../components/lines.js';
import {useScrollWindow} from '../components/scroll-window.js';
import {markerWidth, SelectedRow} from '../components/selected-row.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {textWidth} from '../components/text-width.js';
import {theme} from '../components/theme.js';
import {wrapClamped, wrapText} from '../components/wrap.js';
import {stripControl} from '../http/redact.js';
import {countActions, effectiveAction} from '../vendors/mstr/actions.js';
import {mstrActions, type MstrChoices, type MstrReview} from '../vendors/mstr/types.js';
import {keepBothWarning} from '../wizard/state.js';
import {counted} from '../output/words.js';

/** The page the wizard state scrolls by; the screen shows as many rows as the terminal has. */
export const reviewPageSize = 12;

export type MstrReviewProps = {
	review: MstrReview;
	choices: MstrChoices;
	cursor: number;
	scrollTop: number;
	isActive: boolean;
	/** `pageSize`: the rows the table shows now, for a state that wants to scroll the same way. */
	onMove: (delta: number, pageSize?: number) => void;
	onCycleAction: (direction: 1 | -1) => void;
	onCycleDefault: () => void;
	onToggleUndo: () => void;
	onConfirm: () => void;
	onCancel: () => void;
};

const actionWidth = Math.max(...mstrActions.map(action => action.length));
// Created goes first, then Modified, then Type narrows; names (nine in ten whole) are cut last.
const concessions: Concession[] = [
	['drop', 'created'],
	['drop', 'modified'],
	['shrink', 'type'],
	['shrink', 'name'],
	['drop', 'type'],
];

/**
 * The package definition: settings, counts per action, and a windowed table of the objects. Only
 * the visible rows are rendered, so 5,000 objects cost the same per key press as 50. Everything
 * fits the terminal: the table gets the rows the header, the notes and the keys leave, and its
 * columns the width the names leave.
 */
export const MstrReviewView = ({
	review,
	choices,
	cursor,
	scrollTop,
	isActive,
	onMove,
	onCycleAction,
	onCycleDefault,
	onToggleUndo,
	onConfirm,
	onCancel,
}: MstrReviewProps) => {
	const size = useTerminalSize();
	const {columns} = size;
	const counts = useMemo(() => countActions(review, choices), [review, choices]);
	const overrides = Object.keys(choices.actions).length;
	const keepBoth = useMemo(() => keepBothWarning(review, choices), [review, choices]);
	// Once per package, not per key: what the widest name and type need.
	const ideal = useMemo(() => {
		let type = 4;
		const names: number[] = [];
		for (const object of review.objects) {
			names.push(textWidth(stripControl(object.name)));
			type = Math.max(type, textWidth(object.typeName));
		}

		names.sort((a, b) => a - b);
		const name = Math.min(60, Math.max(4, names.at(-1) ?? 0));
		// The width nine names in ten fit: other columns give way for it, not for one long name.
		const most = Math.min(name, Math.max(12, names[Math.floor((names.length - 1) * 0.9)] ?? 0));
		return {name, most, type};
	}, [review.objects]);

	const {settings} = review;
	const defaultAction = choices.defaultAction ?? settings.defaultAction ?? '—';
	const list = (value: string[] | null | undefined) => (value && value.length > 0 ? value.join(', ') : 'none');
	const hints: Hint[] = review.actionsLocked
		? [
				['↑↓ pgup/pgdn', 'move'],
				['u', 'undo on/off'],
				['enter', 'continue'],
				['esc', 'cancel the import'],
			]
		: [
				['↑↓ pgup/pgdn', 'move'],
				['←→', 'action'],
				['d', 'default action'],
				['u', 'undo on/off'],
				['enter', 'continue'],
				['esc', 'cancel the import'],
			];

	// What goes above the table, each note wrapped to the width; the table gets the rest.
	const height = screenRows(size);
	const deleting = counts.delete ?? 0;
	// `d` can make delete the default: say so plainly, it reaches every object the user did not set.
	const defaultDeletes = choices.defaultAction === 'delete' ? review.objects.length - overrides : 0;
	const notes = (maxLines: number) => ({
		counts: wrapClamped(
			`${counted(review.objects.length, 'object')}: ${Object.entries(counts)
				.map(([action, count]) => `${count} ${action}`)
				.join(', ')}`,
			columns,
			maxLines,
		),
		overrides:
			overrides > 0
				? wrapClamped(
						`${overrides} changed by you (*): sent and checked before the import; servers may refuse changes to an uploaded package.`,
						columns,
						maxLines,
					)
				: [],
		deleting:
			defaultDeletes > 0
				? wrapClamped(
						`⚠ default action delete: every object without its own action (${defaultDeletes} of ${review.objects.length}) is deleted in the target. It cannot be undone; you type delete to confirm.`,
						columns,
						maxLines,
					)
				: deleting > 0
					? wrapClamped(
							`⚠ ${deleting} object${deleting === 1 ? '' : 's'} set to delete: deleted in the target, which cannot be undone. The confirmation asks you to type delete.`,
							columns,
							maxLines,
						)
					: [],
		keepBoth: keepBoth
			? wrapClamped('⚠ keep_both objects: MicroStrategy makes no undo package for this import, so it runs without one.', columns, maxLines)
			: [],
		// The server's refusal ends with what to do: it gets more room than the other notes.
		notice: review.notice ? keepLastSentence(`⚠ ${stripControl(review.notice)}`, columns, maxLines * 2 + 1) : [],
	});
	const layout = (roomy: boolean, maxLines: number) => {
		const shown = notes(maxLines);
		const settingsRows = roomy ? 3 : 2;
		const above = 1 + settingsRows + Object.values(shown).reduce((sum, lines) => sum + lines.length, 0) + (roomy ? 1 : 0);
		// Header row, the position line, the keys.
		const page = height - above - 2 - keyHintRows(hints, columns);
		return {shown, roomy, page};
	};

	// Roomy while the table keeps 8 rows (or all it has); tighter while it keeps 4; then notes of a line each.
	const enough = (rows: number) => Math.max(1, Math.min(rows, review.objects.length));
	let plan = layout(true, 2);
	if (plan.page < enough(8)) plan = layout(false, 2);
	if (plan.page < enough(4)) plan = layout(false, 1);
	const page = Math.max(1, plan.page);
	const top = useScrollWindow(cursor, page, review.objects.length, scrollTop);

	useInput(
		(input, key) => {
			if (key.upArrow) onMove(-1, page);
			else if (key.downArrow) onMove(1, page);
			else if (key.pageUp) onMove(-page, page);
			else if (key.pageDown) onMove(page, page);
			else if (key.home) onMove(-review.objects.length, page);
			else if (key.end) onMove(review.objects.length, page);
			else if (key.rightArrow) onCycleAction(1);
			else if (key.leftArrow) onCycleAction(-1);
			else if (key.return) onConfirm();
			else if (key.escape) onCancel();
			else if (!key.ctrl && !key.meta) {
				// Letters of one read ("dd" from a held key or a fast typist) each count.
				for (const letter of input) {
					if (letter === 'd') onCycleDefault();
					else if (letter === 'u') onToggleUndo();
				}
			}
		},
		{isActive},
	);

	const specs: ColumnSpec[] = [
		{key: 'name', ideal: ideal.name, min: 12, flex: true, want: ideal.most},
		{key: 'type', ideal: ideal.type, min: 8},
		{key: 'action', ideal: review.actionsLocked ? actionWidth : actionWidth + 4, min: review.actionsLocked ? actionWidth : actionWidth + 4},
		{key: 'created', ideal: 10, min: 10},
		{key: 'modified', ideal: 10, min: 10},
	];
	// The marker (❯ ) and the changed mark (* ) come first.
	const width = fitColumns(specs, columns - markerWidth - 2, concessions);
	const cells = (name: string, type: string, action: string, created: string, modified: string) =>
		joinCells([
			[fit(name, width.name!), width.name!],
			[fit(type, width.type!), width.type!],
			[fit(action, width.action!), width.action!],
			[fit(created, width.created!), width.created!],
			[fit(modified, width.modified!), width.modified!],
		]);
	const visible = review.objects.slice(top, top + page);
	const {shown, roomy} = plan;
	const acl = `ACL on replaced objects ${stripControl(settings.aclOnReplacingObjects ?? '—')} · ACL on new objects ${stripControl(list(settings.aclOnNewObjects))}`;
	const schema = `Schema updates ${stripControl(list(settings.updateSchema))}`;
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Review the package definition
			</Text>
			<Text wrap="truncate-end">
				Default action <Text color={defaultAction === 'delete' ? theme.error : theme.accent}>{defaultAction}</Text>
				{choices.defaultAction && choices.defaultAction !== settings.defaultAction ? <Text dimColor> (package: {settings.defaultAction ?? '—'})</Text> : null} ·
				Undo package{' '}
				<Text color={choices.generateUndo && !keepBoth ? theme.ok : theme.warn}>{keepBoth ? 'none (keep_both)' : choices.generateUndo ? 'will be saved' : 'off'}</Text>
			</Text>
			{roomy ? (
				<>
					<Text wrap="truncate-end">{acl}</Text>
					<Text wrap="truncate-end">{schema}</Text>
				</>
			) : (
				<Text wrap="truncate-end">
					{acl} · {schema}
				</Text>
			)}
			<Lines lines={shown.counts} />
			<Lines lines={shown.overrides} dimColor />
			<Lines lines={shown.deleting} color={theme.error} />
			<Lines lines={shown.keepBoth} color={theme.warn} />
			<Lines lines={shown.notice} color={theme.warn} />
			<Box marginTop={roomy ? 1 : 0} flexDirection="column">
				<Text bold wrap="truncate-end">
					{'    '}
					{cells('Name', 'Type', 'Action', 'Created', 'Modified')}
				</Text>
				{visible.map((object, index) => {
					const row = top + index;
					const selected = row === cursor;
					const action = effectiveAction(object, choices);
					const changed = choices.actions[object.id] !== undefined;
					return (
						<SelectedRow key={object.id} selected={selected}>
							{`${changed ? '*' : ' '} ${cells(
								stripControl(object.name),
								object.typeName,
								selected && !review.actionsLocked ? `◀ ${action} ▶` : action,
								(object.dateCreated ?? '').slice(0, 10),
								(object.dateModified ?? '').slice(0, 10),
							)}`}
						</SelectedRow>
					);
				})}
				<Text dimColor wrap="truncate-end">
					rows {review.objects.length === 0 ? 0 : top + 1}–{Math.min(review.objects.length, top + page)} of {review.objects.length}
				</Text>
			</Box>
			<KeyHints hints={hints} columns={columns} />
		</Box>
	);
};

/**
 * A message in at most `max` lines that keeps its last sentence whole — the server's refusal ends
 * with what to do ("Continue with the server's actions, or cancel.") — cutting the middle instead.
 */
const keepLastSentence = (text: string, columns: number, max: number): string[] => {
	const all = wrapText(text, columns);
	const cut = text.lastIndexOf('. ', text.length - 2);
	if (all.length <= max || cut < 0) return wrapClamped(text, columns, max);
	const tail = wrapText(text.slice(cut + 2), columns);
	if (tail.length >= max) return wrapClamped(text, columns, max);
	return [...wrapClamped(text.slice(0, cut + 1), columns, max - tail.length), ...tail];
};
