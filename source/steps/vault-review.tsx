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
import {useYesNo} from '../components/use-yes-no.js';
import {wrapClamped} from '../components/wrap.js';
import {counted} from '../output/words.js';
import {stripControl} from '../http/redact.js';
import type {VaultReview} from '../vendors/vault/types.js';

/** The page the wizard state scrolls by; the screen shows as many rows as the terminal has. */
export const vaultReviewPageSize = 10;

export type VaultReviewProps = {
	review: VaultReview;
	cursor: number;
	scrollTop: number;
	isActive: boolean;
	onMove: (delta: number) => void;
	onDeploy: () => void;
	onFinish: () => void;
};

// The type narrows first, then the status, then the label; the step name stays.
const concessions: Concession[] = [
	['shrink', 'type'],
	['shrink', 'status'],
	['shrink', 'label'],
	['drop', 'type'],
];

/**
 * The validation results: steps with status, and the dependencies of the selected step. The table
 * gets the rows the header, the dependencies and the keys leave, so the selected step is on screen.
 */
export const VaultReviewView = ({review, cursor, scrollTop, isActive, onMove, onDeploy, onFinish}: VaultReviewProps) => {
	const size = useTerminalSize();
	const {columns} = size;
	const hints: Hint[] = review.deployable
		? [
				['↑↓', 'move'],
				['d', 'deploy…'],
				['enter', 'finish without deploying'],
			]
		: [
				['↑↓', 'move'],
				['enter', 'finish'],
			];
	const selected = review.steps[cursor];
	const height = screenRows(size);
	const title = wrapClamped(`Validation results for ${stripControl(review.packageName)}: ${stripControl(review.packageStatus)}`, columns, 2);
	const verdict = wrapClamped(
		review.blockedSteps > 0
			? `${counted(review.blockedSteps, 'step')} blocked by missing dependencies: this package cannot be deployed.`
			: review.deployable
				? 'The package can be deployed.'
				: review.validateOnly
					? 'Validated only: nothing was imported.'
					: 'This package is not in a deployable state.',
		columns,
		2,
	);
	const dependencies = (max: number): string[] => {
		const all = selected?.dependencies ?? [];
		if (all.length === 0) return [];
		const lines = all.map(dependency => `  ${stripControl(dependency.type)} ${stripControl(dependency.name)}: ${stripControl(dependency.status)}`);
		const shown = lines.length > max ? [...lines.slice(0, max - 1), `  … and ${lines.length - max + 1} more`] : lines;
		return [`Dependencies of step ${stripControl(selected!.name)}`, ...shown.map(line => fit(line, columns).trimEnd())];
	};

	const fixed = (roomy: boolean, depLines: string[]) => title.length + verdict.length + (roomy ? 1 : 0) + 2 + depLines.length + keyHintRows(hints, columns);
	// Roomy while the table keeps 5 rows (or all it has).
	let roomy = true;
	let depLines = dependencies(5);
	if (height - fixed(roomy, depLines) < Math.max(1, Math.min(5, review.steps.length))) {
		roomy = false;
		depLines = dependencies(2);
	}

	const page = Math.max(1, height - fixed(roomy, depLines));
	const top = useScrollWindow(cursor, page, review.steps.length, scrollTop);
	useInput(
		(input, key) => {
			if (key.upArrow) onMove(-1);
			else if (key.downArrow) onMove(1);
			else if (key.pageUp) onMove(-page);
			else if (key.pageDown) onMove(page);
			else if (input === 'd' && review.deployable) onDeploy();
			else if (key.return || input === 'f' || key.escape) onFinish();
		},
		{isActive},
	);

	const ideal = useMemo(() => {
		const widest = (pick: (step: VaultReview['steps'][number]) => string, floor: number) =>
			Math.max(floor, ...review.steps.map(step => textWidth(stripControl(pick(step)))));
		return {
			name: Math.min(
				12,
				widest(step => step.name, 4),
			),
			label: Math.min(
				60,
				widest(step => step.label, 5),
			),
			type: Math.min(
				24,
				widest(step => step.type, 4),
			),
			status: Math.min(
				24,
				widest(step => step.status, 6),
			),
		};
	}, [review.steps]);
	const specs: ColumnSpec[] = [
		{key: 'name', ideal: ideal.name, min: ideal.name},
		{key: 'label', ideal: ideal.label, min: 10, flex: true, want: ideal.label},
		{key: 'type', ideal: ideal.type, min: 8},
		{key: 'status', ideal: ideal.status, min: 10},
	];
	// The marker (❯ ) and the blocked mark (✖ ) come first.
	const width = fitColumns(specs, columns - markerWidth - 2, concessions);
	const cells = (name: string, label: string, type: string, status: string) =>
		joinCells([
			[fit(name, width.name!), width.name!],
			[fit(label, width.label!), width.label!],
			[fit(type, width.type!), width.type!],
			[fit(status, width.status!), width.status!],
		]);
	const visible = review.steps.slice(top, top + page);
	return (
		<Box flexDirection="column">
			<Lines lines={title} bold />
			<Lines lines={verdict} color={review.blockedSteps > 0 ? theme.error : review.deployable ? theme.ok : theme.warn} />
			<Box marginTop={roomy ? 1 : 0} flexDirection="column">
				<Text bold wrap="truncate-end">
					{'    '}
					{cells('Step', 'Label', 'Type', 'Status')}
				</Text>
				{visible.map((step, index) => {
					const row = top + index;
					const blocked = /block/i.test(step.status);
					return (
						<SelectedRow key={`${step.name}-${row}`} selected={row === cursor} color={blocked ? theme.error : undefined}>
							{`${blocked ? '✖' : ' '} ${cells(stripControl(step.name), stripControl(step.label), stripControl(step.type), stripControl(step.status))}`}
						</SelectedRow>
					);
				})}
				<Text dimColor wrap="truncate-end">
					rows {review.steps.length === 0 ? 0 : top + 1}–{Math.min(review.steps.length, top + page)} of {review.steps.length}
				</Text>
			</Box>
			{depLines.length > 0 ? (
				<Box flexDirection="column">
					<Text bold wrap="truncate-end">
						{depLines[0]}
					</Text>
					{depLines.slice(1).map((line, index) => (
						// eslint-disable-next-line react/no-array-index-key -- lines of one list, in order
						<Text key={index} wrap="truncate-end" color={/missing/i.test(line) ? theme.error : undefined}>
							{line}
						</Text>
					))}
				</Box>
			) : null}
			<KeyHints hints={hints} columns={columns} />
		</Box>
	);
};

export const VaultDeployConfirm = ({
	review,
	url,
	isActive,
	onConfirm,
	onBack,
}: {
	review: VaultReview;
	url: string;
	isActive: boolean;
	onConfirm: () => void;
	onBack: () => void;
}) => {
	useYesNo({isActive, onYes: onConfirm, onNo: onBack});
	return (
		<Box flexDirection="column">
			<Text bold>Deploy {stripControl(review.packageName)}?</Text>
			<Text>
				{counted(review.steps.length, 'step')} {review.steps.length === 1 ? 'goes' : 'go'} live in {url}.
			</Text>
			<Text color={theme.warn}>Vault does not roll back a deploy: steps that succeed stay deployed even if others fail.</Text>
			<KeyHints
				hints={[
					['enter/y', 'deploy now'],
					['esc/n', 'back to the results'],
				]}
			/>
		</Box>
	);
};
