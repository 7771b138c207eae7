import {Box, Text, useInput} from 'ink';
import {useMemo} from 'react';
import {fitColumns, joinCells, type ColumnSpec, type Concession} from '../components/columns.js';
import {editTail} from '../components/edit-line.js';
import {fit, fitStart} from '../components/fit.js';
import {keyHintRows, KeyHints, type Hint} from '../components/key-hints.js';
import {Lines} from '../components/lines.js';
import {useScrollWindow} from '../components/scroll-window.js';
import {markerWidth, SelectedRow} from '../components/selected-row.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {textWidth} from '../components/text-width.js';
import {theme} from '../components/theme.js';
import {useYesNo} from '../components/use-yes-no.js';
import {counted} from '../output/words.js';
import {wrapClamped} from '../components/wrap.js';
import {stripControl} from '../http/redact.js';
import {choiceLabel, shortId} from '../vendors/aep/labels.js';
import type {TreeNode} from '../vendors/aep/list-packages.js';
import type {AepConflict, AepReview, AepTarget} from '../vendors/aep/types.js';
import {visibleConflicts} from '../wizard/state.js';

/** The page the wizard state scrolls by; the screen shows as many rows as the terminal has. */
export const aepReviewPageSize = 12;

export type AepReviewProps = {
	review: AepReview;
	alternatives: Record<string, AepTarget>;
	filter: string;
	filtering: boolean;
	cursor: number;
	scrollTop: number;
	savedSubstitutions?: string;
	trees: Record<string, TreeNode[] | 'loading' | 'unavailable'>;
	isActive: boolean;
	onMove: (delta: number, rows: number) => void;
	onCycle: (direction: 1 | -1) => void;
	onFilter: (text: string | undefined) => void;
	onSave: () => void;
	onConfirm: () => void;
	onCancel: () => void;
};

// The type narrows first, then the artifact, and the choice (what the user decides) last.
const concessions: Concession[] = [
	['shrink', 'type'],
	['shrink', 'artifact'],
	['shrink', 'choice'],
];
const hints: Hint[] = [
	['↑↓', 'move'],
	['←→', 'choice'],
	['/', 'filter'],
	['s', 'save these choices'],
	['enter', 'continue'],
	['esc', 'cancel'],
];
const filterHints: Hint[] = [
	['type', 'filter'],
	['enter/esc', 'done'],
];

/**
 * One row per conflicting artifact with its choice — "create new" or a ranked suggestion — changed
 * with ←/→. Only the visible window is rendered; the filter runs once per change, not per row. The
 * screen fits the terminal: the table gets the rows the header, the selected row's details and the
 * keys leave, so the selected row is always on screen.
 */
export const AepReviewView = (props: AepReviewProps) => {
	const {review, alternatives, filter, filtering, cursor, scrollTop, savedSubstitutions, isActive, trees} = props;
	const size = useTerminalSize();
	const {columns} = size;
	const rows = useMemo(() => visibleConflicts(review, filter), [review, filter]);
	const resolved = Object.keys(alternatives).length;
	// Adobe's conflicts carry no titles; once an artifact's dependency tree is read, its title is known.
	const labelOf = (conflict: AepConflict, width?: number) =>
		stripControl(choiceLabel({id: conflict.id, title: conflict.title || treeTitle(trees[conflict.id], conflict.id)}, width));
	const choiceOf = (id: string, width?: number) => {
		const conflict = review.conflicts.find(item => item.id === id);
		const chosen = alternatives[id];
		if (!chosen) return 'create new';
		const rank = conflict?.suggestions.findIndex(suggestion => suggestion.id === chosen.id) ?? -1;
		// A choice from a substitutions file may not be among the suggestions: it shows as its id.
		const prefix = `#${rank + 1} `;
		if (rank < 0) return `use ${shortId(chosen.id)}`;
		const suggestion = conflict!.suggestions[rank]!;
		const label = stripControl(prefix + choiceLabel(suggestion, width === undefined ? undefined : width - prefix.length));
		// Too narrow for a title: the short id, which tells look-alikes apart.
		return width !== undefined && textWidth(label) > width ? prefix + shortId(suggestion.id) : label;
	};

	// Once per review (and as titles arrive): what the widest cells need.
	const ideal = useMemo(() => {
		let type = 4;
		let artifact = 8;
		let choice = 10;
		for (const conflict of review.conflicts) {
			type = Math.max(type, textWidth(conflict.type));
			artifact = Math.max(artifact, textWidth(labelOf(conflict)));
			conflict.suggestions.forEach((suggestion, rank) => {
				choice = Math.max(choice, textWidth(`#${rank + 1} ${stripControl(choiceLabel(suggestion))}`));
			});
		}

		// The selected row's choice is framed by ◀ ▶.
		return {type: Math.min(24, type), artifact: Math.min(60, artifact), choice: Math.min(60, choice + 4)};
		// eslint-disable-next-line react-hooks/exhaustive-deps -- labelOf reads only review and trees
	}, [review, trees]);

	const specs: ColumnSpec[] = [
		{key: 'type', ideal: ideal.type, min: 8},
		{key: 'artifact', ideal: ideal.artifact, min: 12, flex: true},
		{key: 'choice', ideal: ideal.choice, min: 16, flex: true},
	];
	// The marker (❯ ) and the substituted mark (* ) come first.
	const width = fitColumns(specs, columns - markerWidth - 2, concessions);
	const cells = (type: string, artifact: string, choice: string) =>
		joinCells([
			[fit(type, width.type!), width.type!],
			[fit(artifact, width.artifact!), width.artifact!],
			[fit(choice, width.choice!), width.choice!],
		]);

	// What goes above and below the table, each wrapped to the width; the table gets the rest.
	const height = screenRows(size);
	const selected: AepConflict | undefined = rows[cursor];
	const keys = filtering ? filterHints : hints;
	const layout = (roomy: boolean) => {
		const title = wrapClamped(
			`Conflicts of ${stripControl(review.packageName)} in sandbox ${review.targetSandbox}: ${counted(review.conflicts.length, 'object')} already there`,
			columns,
			roomy ? 2 : 1,
		);
		// Conflicts cover the package's artifacts and their dependencies, so they can outnumber the artifacts.
		const status = wrapClamped(
			`${resolved} substituted · ${review.conflicts.length - resolved} created new · package: ${review.artifacts} ` +
				`artifact${review.artifacts === 1 ? '' : 's'} + dependencies · filter: ${filter || '—'}${filtering ? ' (typing; enter to finish)' : ''}`,
			columns,
			roomy ? 2 : 1,
		);
		const details = selected ? detailLines(selected, trees[selected.id], columns, roomy) : [];
		const saved = savedSubstitutions ? wrapClamped(`Choices saved to ${savedSubstitutions}`, columns, roomy ? 2 : 1) : [];
		// The header row and the position line; a blank line above the table when roomy.
		const fixed = title.length + status.length + (roomy ? 1 : 0) + 2 + details.length + saved.length + keyHintRows(keys, columns);
		return {title, status, details, saved, roomy, page: height - fixed};
	};

	// Roomy (blank line, wrapped title, the dependency tree) while the table keeps 5 rows, or all it has.
	const enough = Math.max(1, Math.min(5, rows.length));
	let plan = layout(true);
	if (plan.page < enough) plan = layout(false);
	const page = Math.max(1, plan.page);
	const top = useScrollWindow(cursor, page, rows.length, scrollTop);

	useInput(
		(input, key) => {
			if (filtering) {
				if (key.return || key.escape) {
					props.onFilter(undefined);
					return;
				}

				// Several Backspaces (or a paste) in one read: each byte counts (edit-line.ts).
				const edit = editTail(filter, input, key);
				if (edit.text !== filter) props.onFilter(edit.text);
				if (edit.submit) props.onFilter(undefined);
				return;
			}

			if (key.upArrow) props.onMove(-1, rows.length);
			else if (key.downArrow) props.onMove(1, rows.length);
			else if (key.pageUp) props.onMove(-page, rows.length);
			else if (key.pageDown) props.onMove(page, rows.length);
			else if (key.home) props.onMove(-rows.length, rows.length);
			else if (key.end) props.onMove(rows.length, rows.length);
			else if (key.rightArrow) props.onCycle(1);
			else if (key.leftArrow) props.onCycle(-1);
			// "/" and what was typed after it in the same read start the filter.
			else if (input.startsWith('/')) props.onFilter(editTail(filter, input.slice(1), key).text);
			else if (input === 's') props.onSave();
			else if (key.return) props.onConfirm();
			else if (key.escape) props.onCancel();
		},
		{isActive},
	);

	const visible = rows.slice(top, top + page);
	return (
		<Box flexDirection="column">
			<Lines lines={plan.title} bold />
			<Lines lines={plan.status} />
			<Box marginTop={plan.roomy ? 1 : 0} flexDirection="column">
				<Text bold wrap="truncate-end">
					{'    '}
					{cells('Type', 'Artifact', 'Choice')}
				</Text>
				{visible.map((conflict, index) => {
					const row = top + index;
					const isSelected = row === cursor;
					const choice = isSelected ? `◀ ${choiceOf(conflict.id, width.choice! - 4)} ▶` : choiceOf(conflict.id, width.choice);
					return (
						<SelectedRow key={conflict.id} selected={isSelected}>
							{`${alternatives[conflict.id] ? '*' : ' '} ${cells(stripControl(conflict.type), labelOf(conflict, width.artifact), choice)}`}
						</SelectedRow>
					);
				})}
				<Text dimColor wrap="truncate-end">
					rows {rows.length === 0 ? 0 : top + 1}–{Math.min(rows.length, top + page)} of {rows.length}
					{rows.length === 0 && filter ? ' · no conflict matches the filter' : ''}
				</Text>
			</Box>
			<Lines lines={plan.details} dimColor />
			<Lines lines={plan.saved} color={theme.ok} />
			<KeyHints hints={keys} columns={columns} />
		</Box>
	);
};

/** The selected conflict: its id, its suggestions and what it depends on, in the lines there are. */
const detailLines = (conflict: AepConflict, tree: TreeNode[] | 'loading' | 'unavailable' | undefined, columns: number, roomy: boolean): string[] => {
	const id = `Selected: ${fitStart(stripControl(conflict.id), Math.max(8, columns - 10)).trimEnd()}`;
	const suggestions = `Suggestions: ${conflict.suggestions.map((suggestion, rank) => `#${rank + 1} ${stripControl(choiceLabel(suggestion))}`).join(' · ') || 'none (create new only)'}`;
	const dependencies = dependencyLines(tree, conflict.id);
	if (!roomy) {
		const oneLine = `Dependencies: ${typeof dependencies === 'string' ? dependencies : dependencies.map(line => line.trim().replace(/^└ /, '')).join(', ') || 'none'}`;
		return [id, ...wrapClamped(suggestions, columns, 1), ...wrapClamped(oneLine, columns, 1)];
	}

	const tail =
		typeof dependencies === 'string'
			? [`Dependencies: ${dependencies}`]
			: dependencies.length === 0
				? ['Dependencies: none']
				: ['Dependencies:', ...dependencies.slice(0, 3).map(line => fit(line, columns).trimEnd())];
	if (Array.isArray(dependencies) && dependencies.length > 3)
		tail[tail.length - 1] = fit(`${tail.at(-1)!} … and ${dependencies.length - 3} more`, columns).trimEnd();
	return [id, ...wrapClamped(suggestions, columns, 2), ...tail];
};

/** The title the dependency tree gives an artifact (Adobe repeats the id where it has none). */
const treeTitle = (tree: TreeNode[] | 'loading' | 'unavailable' | undefined, id: string): string => {
	const root = Array.isArray(tree) ? tree.find(node => node.id === id) : undefined;
	return root && root.title !== id ? root.title : '';
};

const flatten = (nodes: TreeNode[], depth = 0): Array<{node: TreeNode; depth: number}> =>
	nodes.flatMap(node => [{node, depth}, ...flatten(node.children, depth + 1)]);

/** What the selected artifact depends on (POST /packages/{id}/children): a line each, or why not. */
const dependencyLines = (tree: TreeNode[] | 'loading' | 'unavailable' | undefined, id: string): string[] | string => {
	if (tree === undefined || tree === 'loading') return 'loading…';
	if (tree === 'unavailable') return 'not available';
	// Adobe may answer with more roots than were asked for (the page's sample does): show the asked one's.
	const root = tree.find(node => node.id === id);
	return (root ? flatten(root.children) : flatten(tree).slice(1)).map(
		({node, depth}) => `${'  '.repeat(depth + 1)}└ ${stripControl(node.type)} ${stripControl(node.title)}`,
	);
};

export const AepConfirm = ({
	review,
	alternatives,
	isActive,
	onConfirm,
	onBack,
}: {
	review: AepReview;
	alternatives: Record<string, AepTarget>;
	isActive: boolean;
	onConfirm: () => void;
	onBack: () => void;
}) => {
	useYesNo({isActive, onYes: onConfirm, onNo: onBack});
	const substituted = Object.keys(alternatives).length;
	return (
		<Box flexDirection="column">
			<Text bold>Ready to import</Text>
			<Text>
				Import {stripControl(review.packageName)} ({review.artifacts} artifact{review.artifacts === 1 ? '' : 's'}) into sandbox {review.targetSandbox}:{' '}
				{substituted} substituted by existing objects, the rest created.
			</Text>
			<Text color={theme.warn}>Journeys and dataflows arrive as drafts; source credentials are not copied.</Text>
			<KeyHints
				hints={[
					['enter/y', 'import now'],
					['esc/n', 'back to the conflicts'],
				]}
			/>
		</Box>
	);
};
