import {Text} from 'ink';
import {theme} from './theme.js';

export const ProgressBar = ({fraction, width = 30}: {fraction: number; width?: number}) => {
	const clamped = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
	const filled = Math.round(clamped * width);
	return (
		<Text>
			<Text color={theme.accent}>{'█'.repeat(filled)}</Text>
			<Text dimColor>{'░'.repeat(width - filled)}</Text>
			<Text> {Math.floor(clamped * 100)}%</Text>
		</Text>
	);
};
