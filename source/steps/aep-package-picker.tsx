import {Box, Text, useInput} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import {BusyLine} from '../components/busy-line.js';
import {fit} from '../components/fit.js';
import {KeyHints} from '../components/key-hints.js';
import {ProblemLine} from '../components/problem-line.js';
import {theme} from '../components/theme.js';
import type {Profile} from '../profiles-types.js';
import type {ServerPackage} from '../wizard/services.js';
import type {Problem} from '../wizard/state.js';

const pageSize = 12;
const day = (epochMs: number | null) => (epochMs ? new Date(epochMs).toISOString().slice(0, 10) : 'never');

/** The org's packages, filtered as you type; only published, unexpired ones can be chosen. */
export type AepPackagePickerProps = {
	profile: Profile;
	packages?: ServerPackage[];
	hasMore?: boolean;
	isActive: boolean;
	problem?: Problem;
	onPick: (id: string) => void;
	onNeedMore: () => void;
	onBack: () => void;
};

export const AepPackagePicker = ({profile, packages, hasMore, isActive, problem, onPick, onNeedMore, onBack}: AepPackagePickerProps) => {
	const [filter, setFilter] = useState('');
	const [cursor, setCursor] = useState(0);
	const [refusal, setRefusal] = useState<string>();
	// Pages load as the cursor nears the end of the list; a filter looks at every page.
	useEffect(() => {
		if (hasMore && (filter !== '' || cursor >= (packages?.length ?? 0) - 5)) onNeedMore();
	}, [hasMore, filter, cursor, packages, onNeedMore]);
	const now = Date.now();
	const visible = useMemo(() => (packages ?? []).filter(item => item.name.toLowerCase().includes(filter.toLowerCase())), [packages, filter]);
	useInput(
		(input, key) => {
			if (key.escape) onBack();
			else if (key.upArrow) moveTo(cursor - 1);
			else if (key.downArrow) moveTo(cursor + 1);
			else if (key.return) {
				const chosen = visible[cursor];
				if (!chosen) return;
				const expired = chosen.expiry !== null && chosen.expiry < now;
				if (chosen.status === 'PUBLISHED' && !expired) onPick(chosen.id);
				// Say why instead of doing nothing: only published, unexpired packages import.
				else setRefusal(expired ? `${chosen.name} expired on ${day(chosen.expiry)}: publish it again in sandbox ${profile.sandbox ?? '?'} to import it.` : `${chosen.name} is ${chosen.status.toLowerCase().replaceAll('_', ' ')}: only published packages can be imported.`);
			} else if (key.backspace || key.delete) {
				setFilter(text => text.slice(0, -1));
				moveTo(0);
			} else if (input && !key.ctrl && !key.meta) {
				setFilter(text => text + input);
				moveTo(0);
			}
		},
		{isActive},
	);
	const moveTo = (index: number) => {
		setCursor(Math.max(0, Math.min(visible.length - 1, index)));
		setRefusal(undefined);
	};

	const top = cursor >= pageSize ? cursor - pageSize + 1 : 0;
	// Names repeat (Adobe's own list has two "acme"): the publish date and the id tell them apart.
	const selected = visible[cursor];
	return (
		<Box flexDirection="column">
			<Text bold>
				Choose a published package from sandbox <Text color={theme.accent}>{profile.sandbox ?? '?'}</Text> of {profile.orgId}
			</Text>
			<Text>
				Filter: {filter}
				<Text dimColor>{filter ? '' : '(type to filter by name)'}</Text>
			</Text>
			{packages === undefined ? <BusyLine what="Loading packages…" /> : null}
			<Box flexDirection="column" marginTop={1}>
				{visible.slice(top, top + pageSize).map((item, index) => {
					const expired = item.expiry !== null && item.expiry < now;
					const usable = item.status === 'PUBLISHED' && !expired;
					const state = expired ? 'expired' : item.status === 'PUBLISHED' ? `expires ${day(item.expiry)}` : item.status.toLowerCase().replaceAll('_', ' ');
					return (
						<Text key={item.id} inverse={top + index === cursor} dimColor={!usable}>
							{fit(item.name, 22)} {fit(`${item.artifacts} artifact${item.artifacts === 1 ? '' : 's'}`, 13)} {fit(item.publishDate ? `published ${day(item.publishDate)}` : '', 21)} {fit(state, 20)}
						</Text>
					);
				})}
				{packages && visible.length === 0 && !hasMore ? <Text dimColor>No package matches.</Text> : null}
				{hasMore ? <Text dimColor>More packages load as you scroll…</Text> : null}
			</Box>
			{selected ? <Text dimColor>Id: {selected.id}</Text> : null}
			{refusal ? <Text color={theme.warn}>{refusal}</Text> : null}
			<ProblemLine problem={problem} />
			<KeyHints hints={[['type', 'filter'], ['↑↓', 'move'], ['enter', 'choose'], ['esc', 'back']]} />
		</Box>
	);
};
