import {Box, Text, useInput} from 'ink';
import {fit} from '../components/fit.js';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import {stripControl} from '../redact.js';
import type {VaultReview} from '../vendors/vault/types.js';

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

/** The validation results: steps with status, and the dependencies of the selected step. */
export const VaultReviewView = ({review, cursor, scrollTop, isActive, onMove, onDeploy, onFinish}: VaultReviewProps) => {
	useInput((input, key) => {
		if (key.upArrow) onMove(-1);
		else if (key.downArrow) onMove(1);
		else if (key.pageUp) onMove(-vaultReviewPageSize);
		else if (key.pageDown) onMove(vaultReviewPageSize);
		else if (input === 'd' && review.deployable) onDeploy();
		else if (key.return || input === 'f' || key.escape) onFinish();
	}, {isActive});
	const selected = review.steps[cursor];
	const visible = review.steps.slice(scrollTop, scrollTop + vaultReviewPageSize);
	return (
		<Box flexDirection="column">
			<Text bold>
				Validation results for {stripControl(review.packageName)}: <Text color={review.blockedSteps > 0 ? theme.error : theme.ok}>{stripControl(review.packageStatus)}</Text>
			</Text>
			{review.blockedSteps > 0 ? (
				<Text color={theme.error}>{review.blockedSteps} step(s) blocked by missing dependencies: this package cannot be deployed.</Text>
			) : review.deployable ? (
				<Text color={theme.ok}>The package can be deployed.</Text>
			) : (
				<Text color={theme.warn}>{review.validateOnly ? 'Validated only: nothing was imported.' : 'This package is not in a deployable state.'}</Text>
			)}
			<Box marginTop={1} flexDirection="column">
				<Text bold>
					{'  '}
					{fit('Step', 6)} {fit('Label', 34)} {fit('Type', 16)} {fit('Status', 16)}
				</Text>
				{visible.map((step, index) => {
					const row = scrollTop + index;
					const blocked = /block/i.test(step.status);
					return (
						<Text key={`${step.name}-${row}`} inverse={row === cursor} color={blocked ? theme.error : undefined}>
							{blocked ? '✖' : ' '} {fit(stripControl(step.name), 6)} {fit(stripControl(step.label), 34)} {fit(stripControl(step.type), 16)} {fit(stripControl(step.status), 16)}
						</Text>
					);
				})}
				<Text dimColor>
					rows {review.steps.length === 0 ? 0 : scrollTop + 1}–{Math.min(review.steps.length, scrollTop + vaultReviewPageSize)} of {review.steps.length}
				</Text>
			</Box>
			{selected && selected.dependencies.length > 0 ? (
				<Box flexDirection="column">
					<Text bold>Dependencies of step {stripControl(selected.name)}</Text>
					{selected.dependencies.map(dependency => (
						<Text key={`${dependency.type}.${dependency.name}`} color={/missing/i.test(dependency.status) ? theme.error : undefined}>
							{'  '}
							{stripControl(dependency.type)} {stripControl(dependency.name)}: {stripControl(dependency.status)}
						</Text>
					))}
				</Box>
			) : null}
			<KeyHints hints={review.deployable ? [['↑↓', 'move'], ['d', 'deploy…'], ['enter', 'finish without deploying']] : [['↑↓', 'move'], ['enter', 'finish']]} />
		</Box>
	);
};

export const VaultDeployConfirm = ({review, url, isActive, onConfirm, onBack}: {review: VaultReview; url: string; isActive: boolean; onConfirm: () => void; onBack: () => void}) => {
	useInput((input, key) => {
		if (key.return || input === 'y') onConfirm();
		else if (key.escape || input === 'n') onBack();
	}, {isActive});
	return (
		<Box flexDirection="column">
			<Text bold>Deploy {stripControl(review.packageName)}?</Text>
			<Text>
				{review.steps.length} steps go live in {url}.
			</Text>
			<Text color={theme.warn}>Vault does not roll back a deploy: steps that succeed stay deployed even if others fail.</Text>
			<KeyHints hints={[['enter/y', 'deploy now'], ['esc/n', 'back to the results']]} />
		</Box>
	);
};
