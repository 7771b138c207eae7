import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {stripControl} from '../http/redact.js';
import type {StepLine} from '../wizard/state.js';
import {theme} from './theme.js';

const duration = (ms?: number) => (ms === undefined ? '' : ms < 1000 ? ` (${ms} ms)` : ` (${(ms / 1000).toFixed(1)} s)`);

/** Finished steps with ✔/✖, the running one with a spinner. */
export const StepList = ({steps}: {steps: StepLine[]}) => (
	<Box flexDirection="column">
		{steps.map(step => (
			<Text key={step.name}>
				{step.status === 'running' ? (
					<Text color={theme.accent}>
						<Spinner type="dots" />
					</Text>
				) : step.status === 'done' ? (
					<Text color={theme.ok}>✔</Text>
				) : (
					<Text color={theme.error}>✖</Text>
				)}{' '}
				{stripControl(step.label)}
				<Text dimColor>{duration(step.ms)}</Text>
			</Text>
		))}
	</Box>
);
