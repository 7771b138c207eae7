import {Box, Text, useInput} from 'ink';
import {useMemo} from 'react';
import {fit} from '../components/fit.js';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import {stripControl} from '../redact.js';
import {choiceLabel, shortId} from '../vendors/aep/labels.js';
import type {TreeNode} from '../vendors/aep/list-packages.js';
import type {AepConflict, AepReview, AepTarget} from '../vendors/aep/types.js';
import {visibleConflicts} from '../wizard/state.js';

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

/**
 * One row per conflicting artifact with its choice — "create new" or a ranked suggestion — changed
 * with ←/→. Only the visible window is rendered; the filter runs once per change, not per row.
 */
export const AepReviewView = (props: AepReviewProps) => {
	const {review, alternatives, filter, filtering, cursor, scrollTop, savedSubstitutions, isActive} = props;
	const rows = useMemo(() => visibleConflicts(review, filter), [review, filter]);
	const resolved = Object.keys(alternatives).length;
	useInput(
		(input, key) => {
			if (filtering) {
				if (key.return || key.escape) props.onFilter(undefined);
				else if (key.backspace || key.delete) props.onFilter(filter.slice(0, -1));
				else if (input && !key.ctrl && !key.meta) props.onFilter(filter + input);
				return;
			}

			if (key.upArrow) props.onMove(-1, rows.length);
			else if (key.downArrow) props.onMove(1, rows.length);
			else if (key.pageUp) props.onMove(-aepReviewPageSize, rows.length);
			else if (key.pageDown) props.onMove(aepReviewPageSize, rows.length);
			else if (key.rightArrow) props.onCycle(1);
			else if (key.leftArrow) props.onCycle(-1);
			else if (input === '/') props.onFilter(filter);
			else if (input === 's') props.onSave();
			else if (key.return) props.onConfirm();
			else if (key.escape) props.onCancel();
		},
		{isActive},
	);
	const selected = rows[cursor];
	// Adobe's conflicts carry no titles; once an artifact's dependency tree is read, its title is known.
	const labelOf = (conflict: AepConflict) => choiceLabel({id: conflict.id, title: conflict.title || treeTitle(props.trees[conflict.id], conflict.id)}, 34);
	const choiceOf = (id: string) => {
		const conflict = review.conflicts.find(item => item.id === id);
		const chosen = alternatives[id];
		if (!chosen) return 'create new';
		const rank = conflict?.suggestions.findIndex(suggestion => suggestion.id === chosen.id) ?? -1;
		// A choice from a substitutions file may not be among the suggestions: it shows as its id.
		return rank < 0 ? `use ${shortId(chosen.id)}` : `#${rank + 1} ${choiceLabel(conflict!.suggestions[rank]!, 36)}`;
	};

	return (
		<Box flexDirection="column">
			<Text bold>
				Conflicts of {stripControl(review.packageName)} in sandbox {review.targetSandbox}: {review.conflicts.length} object(s) already there
			</Text>
			<Text>
				{/* Conflicts cover the package's artifacts and their dependencies, so they can outnumber the artifacts. */}
				<Text color={theme.ok}>{resolved} substituted</Text> · {review.conflicts.length - resolved} created new · package: {review.artifacts} artifact{review.artifacts === 1 ? '' : 's'} + dependencies · filter: {filter || '—'}
				{filtering ? <Text color={theme.accent}> (typing; enter to finish)</Text> : null}
			</Text>
			<Box marginTop={1} flexDirection="column">
				<Text bold>
					{'  '}
					{fit('Type', 18)} {fit('Artifact', 34)} {fit('Choice', 44)}
				</Text>
				{rows.slice(scrollTop, scrollTop + aepReviewPageSize).map((conflict, index) => {
					const row = scrollTop + index;
					return (
						<Text key={conflict.id} inverse={row === cursor}>
							{alternatives[conflict.id] ? '*' : ' '} {fit(conflict.type, 18)} {fit(stripControl(labelOf(conflict)), 34)} {fit(stripControl(row === cursor ? `◀ ${choiceOf(conflict.id)} ▶` : choiceOf(conflict.id)), 44)}
						</Text>
					);
				})}
				<Text dimColor>
					rows {rows.length === 0 ? 0 : scrollTop + 1}–{Math.min(rows.length, scrollTop + aepReviewPageSize)} of {rows.length}
				</Text>
			</Box>
			{selected ? (
				<Box flexDirection="column">
					<Text dimColor>Selected: {stripControl(selected.id)}</Text>
					<Text dimColor>Suggestions: {selected.suggestions.map((suggestion, rank) => `#${rank + 1} ${stripControl(choiceLabel(suggestion))}`).join(' · ') || 'none (create new only)'}</Text>
					<DependencyTree tree={props.trees[selected.id]} id={selected.id} />
				</Box>
			) : null}
			{savedSubstitutions ? <Text color={theme.ok}>Choices saved to {savedSubstitutions}</Text> : null}
			<KeyHints hints={[['↑↓', 'move'], ['←→', 'choice'], ['/', 'filter'], ['s', 'save these choices'], ['enter', 'continue'], ['esc', 'cancel']]} />
		</Box>
	);
};

/** The title the dependency tree gives an artifact (Adobe repeats the id where it has none). */
const treeTitle = (tree: TreeNode[] | 'loading' | 'unavailable' | undefined, id: string): string => {
	const root = Array.isArray(tree) ? tree.find(node => node.id === id) : undefined;
	return root && root.title !== id ? root.title : '';
};

const flatten = (nodes: TreeNode[], depth = 0): Array<{node: TreeNode; depth: number}> => nodes.flatMap(node => [{node, depth}, ...flatten(node.children, depth + 1)]);

/** What the selected artifact depends on (POST /packages/{id}/children), a few lines at most. */
const DependencyTree = ({tree, id}: {tree?: TreeNode[] | 'loading' | 'unavailable'; id: string}) => {
	if (tree === undefined || tree === 'loading') return <Text dimColor>Dependencies: loading…</Text>;
	if (tree === 'unavailable') return <Text dimColor>Dependencies: not available</Text>;
	// Adobe may answer with more roots than were asked for (the page's sample does): show the asked one's.
	const root = tree.find(node => node.id === id);
	const lines = (root ? flatten(root.children) : flatten(tree).slice(1)).slice(0, 5);
	return (
		<Box flexDirection="column">
			<Text dimColor>Dependencies: {lines.length === 0 ? 'none' : ''}</Text>
			{lines.map(({node, depth}) => (
				<Text key={`${depth}-${node.id}`} dimColor>
					{'  '.repeat(depth)}└ {node.type} {stripControl(node.title)}
				</Text>
			))}
		</Box>
	);
};

export const AepConfirm = ({review, alternatives, isActive, onConfirm, onBack}: {review: AepReview; alternatives: Record<string, AepTarget>; isActive: boolean; onConfirm: () => void; onBack: () => void}) => {
	useInput((input, key) => {
		if (key.return || input === 'y') onConfirm();
		else if (key.escape || input === 'n') onBack();
	}, {isActive});
	const substituted = Object.keys(alternatives).length;
	return (
		<Box flexDirection="column">
			<Text bold>Ready to import</Text>
			<Text>
				Import {stripControl(review.packageName)} ({review.artifacts} artifact{review.artifacts === 1 ? '' : 's'}) into sandbox {review.targetSandbox}: {substituted} substituted by existing objects, the rest created.
			</Text>
			<Text color={theme.warn}>Journeys and dataflows arrive as drafts; source credentials are not copied.</Text>
			<KeyHints hints={[['enter/y', 'import now'], ['esc/n', 'back to the conflicts']]} />
		</Box>
	);
};
