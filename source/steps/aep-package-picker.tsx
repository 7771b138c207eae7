import {Box, Text, useInput} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import {BusyLine} from '../components/busy-line.js';
import {fitColumns, joinCells, type ColumnSpec, type Concession} from '../components/columns.js';
import {editTail} from '../components/edit-line.js';
import {fit, fitStart} from '../components/fit.js';
import {keyHintRows, KeyHints, type Hint} from '../components/key-hints.js';
import {Lines} from '../components/lines.js';
import {problemLayout, ProblemLine} from '../components/problem-line.js';
import {useScrollWindow} from '../components/scroll-window.js';
import {markerWidth, SelectedRow} from '../components/selected-row.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {textWidth} from '../components/text-width.js';
import {wrapClamped} from '../components/wrap.js';
import {theme} from '../components/theme.js';
import type {Profile} from '../config/profile-types.js';
import type {ServerPackage} from '../wizard/services.js';
import type {Problem} from '../wizard/state.js';

const day = (epochMs: number | null) => (epochMs ? new Date(epochMs).toISOString().slice(0, 10) : 'never');
const baseHints: Hint[] = [
	['type', 'filter'],
	['↑↓', 'move'],
	['enter', 'choose'],
	['esc', 'back'],
];
// Tab, not a letter: every letter types into the filter.
const promoteHint: Hint = ['tab', 'promote from another environment'];
// The publish date shortens first, then the expiry, then the artifact count goes; names are cut last.
const concessions: Concession[] = [
	['shrink', 'published'],
	['shrink', 'state'],
	['drop', 'artifacts'],
	['shrink', 'name'],
	['drop', 'published'],
];

/** The org's packages, filtered as you type; only published, unexpired ones can be chosen. */
export type AepPackagePickerProps = {
	profile: Profile;
	packages?: ServerPackage[];
	hasMore?: boolean;
	isActive: boolean;
	problem?: Problem;
	onPick: (id: string) => void;
	/** A draft chosen twice: publish it in the source sandbox now, then import it. */
	onPublish?: (id: string) => void;
	/** Promote from another environment (tab): take a package from another profile of the org's vendor. */
	onPromote?: () => void;
	/** Something is under way (publishing): keys wait. */
	busy?: string;
	onNeedMore: () => void;
	onBack: () => void;
	/** The package to select first: the one picked last, when the user comes back. */
	initialId?: string;
};

export const AepPackagePicker = ({profile, packages, hasMore, isActive, problem, onPick, onPublish, onPromote, busy, onNeedMore, onBack, initialId}: AepPackagePickerProps) => {
	const hints = onPromote ? [...baseHints.slice(0, 3), promoteHint, baseHints[3]!] : baseHints;
	const [filter, setFilter] = useState('');
	const [cursor, setCursor] = useState(() =>
		Math.max(
			0,
			(packages ?? []).findIndex(item => item.id === initialId),
		),
	);
	const [refusal, setRefusal] = useState<string>();
	// The draft whose refusal offers to publish it: Enter on it again publishes.
	const [offered, setOffered] = useState<string>();
	// Pages load as the cursor nears the end of the list; a filter looks at every page.
	useEffect(() => {
		if (hasMore && (filter !== '' || cursor >= (packages?.length ?? 0) - 5)) onNeedMore();
	}, [hasMore, filter, cursor, packages, onNeedMore]);
	const size = useTerminalSize();
	const {columns} = size;
	const now = Date.now();
	const visible = useMemo(() => (packages ?? []).filter(item => item.name.toLowerCase().includes(filter.toLowerCase())), [packages, filter]);
	// Keys of one read arrive one by one before a re-render: each works on what the last one left.
	// Only the handlers write it (a render with older state must not undo a move it has not seen).
	const latest = useRef({cursor, filter});
	const moveTo = (index: number, count = visible.length) => {
		latest.current.cursor = Math.max(0, Math.min(count - 1, index));
		setCursor(latest.current.cursor);
		setRefusal(undefined);
		setOffered(undefined);
	};

	// What goes above and below the list, wrapped to the width; the list gets the rows left.
	const selected = visible[cursor];
	const height = screenRows(size);
	const title = wrapClamped(`Choose a published package from sandbox ${profile.sandbox ?? '?'} of ${profile.orgId ?? '?'}`, columns, 2);
	const refusalLines = refusal ? wrapClamped(refusal, columns, 2) : [];
	const problemLines = problemLayout(problem, columns, 4);
	const fixed =
		title.length + 1 + (packages === undefined ? 1 : 0) + 1 + 1 + (selected ? 1 : 0) + (busy ? 1 : refusalLines.length) + problemLines.rows + keyHintRows(hints, columns);
	const page = Math.max(1, height - fixed);
	const top = useScrollWindow(cursor, page, visible.length);
	useInput(
		(input, key) => {
			const {cursor, filter} = latest.current;
			if (key.escape) onBack();
			else if (key.tab && onPromote) onPromote();
			else if (key.upArrow) moveTo(cursor - 1);
			else if (key.downArrow) moveTo(cursor + 1);
			else if (key.pageUp) moveTo(cursor - page);
			else if (key.pageDown) moveTo(cursor + page);
			else if (key.return) {
				const chosen = visible[cursor];
				if (!chosen) return;
				const expired = chosen.expiry !== null && chosen.expiry < now;
				if (chosen.status === 'PUBLISHED' && !expired) onPick(chosen.id);
				else if (chosen.status === 'DRAFT' && onPublish && offered === chosen.id) onPublish(chosen.id);
				else if (chosen.status === 'DRAFT' && onPublish) {
					setOffered(chosen.id);
					setRefusal(`${chosen.name} is a draft: press enter again to publish it now in sandbox ${profile.sandbox ?? '?'} (Adobe makes it importable), then import it.`);
				}
				// Say why instead of doing nothing: only published, unexpired packages import.
				else
					setRefusal(
						expired
							? `${chosen.name} expired on ${day(chosen.expiry)}: publish it again in sandbox ${profile.sandbox ?? '?'} to import it.`
							: chosen.status === 'DRAFT'
								? `${chosen.name} is a draft: publish it in the source sandbox (${profile.sandbox ?? '?'}) first, then import it.`
								: `${chosen.name} is ${chosen.status.toLowerCase().replaceAll('_', ' ')}: only published packages can be imported.`,
					);
			} else if (!key.ctrl && !key.meta) {
				// Several Backspaces (or a paste) in one read: each byte counts (edit-line.ts).
				const edit = editTail(filter, input, key);
				if (edit.text !== filter) {
					latest.current.filter = edit.text;
					setFilter(edit.text);
					moveTo(0, 1);
				}
			}
		},
		{isActive: isActive && !busy},
	);

	// Once per list and filter: what the widest name shown needs.
	const nameWidth = useMemo(() => Math.min(50, Math.max(8, ...visible.map(item => textWidth(item.name)))), [visible]);
	const specs: ColumnSpec[] = [
		{key: 'name', ideal: nameWidth, min: 12, flex: true},
		{key: 'artifacts', ideal: 12, min: 12},
		{key: 'published', ideal: 20, min: 10},
		{key: 'state', ideal: 18, min: 15},
	];
	const width = fitColumns(specs, columns - markerWidth, concessions);
	const stateOf = (item: ServerPackage) => {
		const expired = item.expiry !== null && item.expiry < now;
		if (expired) return 'expired';
		if (item.status !== 'PUBLISHED') return item.status.toLowerCase().replaceAll('_', ' ');
		return width.state! >= 18 ? `expires ${day(item.expiry)}` : `exp. ${day(item.expiry)}`;
	};

	const published = (item: ServerPackage) => (item.publishDate ? (width.published! >= 20 ? `published ${day(item.publishDate)}` : day(item.publishDate)) : '');
	const shown = visible.slice(top, top + page);
	const position =
		packages === undefined
			? ''
			: visible.length === 0
				? hasMore
					? 'Loading more packages…'
					: 'No package matches.'
				: `rows ${top + 1}–${top + shown.length} of ${visible.length}${hasMore ? ' · more load as you scroll' : ''}`;
	// Names repeat (Adobe's own list has two "acme"): the publish date and the id tell them apart.
	return (
		<Box flexDirection="column">
			<Lines lines={title} bold />
			<Text wrap="truncate-end">
				Filter: {filter}
				<Text dimColor>{filter ? '' : '(type to filter by name)'}</Text>
			</Text>
			{packages === undefined ? <BusyLine what="Loading packages…" /> : null}
			<Box flexDirection="column" marginTop={1}>
				{shown.map((item, index) => {
					const expired = item.expiry !== null && item.expiry < now;
					const usable = item.status === 'PUBLISHED' && !expired;
					return (
						<SelectedRow key={item.id} selected={top + index === cursor} dimColor={!usable}>
							{joinCells([
								[fit(item.name, width.name!), width.name!],
								[fit(`${item.artifacts} artifact${item.artifacts === 1 ? '' : 's'}`, width.artifacts!), width.artifacts!],
								[fit(published(item), width.published!), width.published!],
								[fit(stateOf(item), width.state!), width.state!],
							])}
						</SelectedRow>
					);
				})}
				<Text dimColor wrap="truncate-end">
					{position}
				</Text>
			</Box>
			{selected ? (
				<Text dimColor wrap="truncate-end">
					Id: {fitStart(selected.id, columns - 4).trimEnd()}
				</Text>
			) : null}
			{busy ? <BusyLine what={busy} /> : <Lines lines={refusalLines} color={theme.warn} />}
			<ProblemLine problem={problem} columns={columns} maxRows={4} />
			<KeyHints hints={hints} columns={columns} />
		</Box>
	);
};
