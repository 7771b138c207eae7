import {Box, Text, useInput} from 'ink';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import type {ImportResult} from '../engine/result.js';
import {stripControl} from '../redact.js';
import {RunNotes} from '../components/run-notes.js';
import {rollbackCommand} from '../output/rollback.js';
import type {WizardState} from '../wizard/state.js';

const headline: Record<number, [string, string | undefined]> = {
	0: ['✔ Imported', theme.ok],
	1: ['✖ Import failed', theme.error],
	2: ['✖ Nothing imported: the package was refused', theme.error],
	3: ['✖ Nothing imported: could not connect or sign in', theme.error],
	4: ['⚠ Imported, with warnings', theme.warn],
	5: ['? Outcome unknown', theme.warn],
	130: ['- Not imported: stopped before the import started', theme.warn],
};

export const Summary = ({result, notes, command, isActive, onQuit}: {result: ImportResult; notes?: WizardState['notes']; command: string; isActive: boolean; onQuit: () => void}) => {
	useInput((input, key) => {
		if (key.return || input === 'q' || key.escape) onQuit();
	}, {isActive});
	const [baseTitle, color] = headline[result.exitCode] ?? ['✖ Import failed', theme.error];
	const title =
		result.status === 'deployed'
			? '✔ Imported and deployed'
			: result.error?.code === 'PREFLIGHT_DENIED'
				? '✖ Nothing imported: permissions missing in the target sandbox'
				: result.exitCode === 1 && !result.jobId
					? '✖ Nothing imported: the server refused a step before the import'
					: baseTitle;
	const cleanup = (result.details.cleanup ?? {done: [], left: []}) as {done: string[]; left: string[]};
	const replacements = Object.entries((result.details.replacementMap as Record<string, unknown> | undefined) ?? {});
	const toDos = (result.details.toDos as string[] | undefined) ?? [];
	const tasks = result.vendor === 'aep' ? (result.details.tasks as {completed: number; failed: number; withErrors?: number; created: number; reused: number} | undefined) : undefined;
	const deployCounts = (result.details.deploy as {counts?: Record<string, number>} | null | undefined)?.counts;
	const seconds = ((Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000).toFixed(1);
	return (
		<Box flexDirection="column">
			<Text bold color={color}>
				{title} <Text dimColor>(exit code {result.exitCode}, {seconds} s)</Text>
			</Text>
			<Box marginTop={1} flexDirection="column">
				<Text>
					Package {result.package?.path ?? stripControl(String(result.details.packageName ?? result.package?.name ?? ''))}
					{result.package?.id ? <Text dimColor> ({result.package.id})</Text> : null}
				</Text>
				{result.jobId ? <Text>Job {stripControl(result.jobId)}</Text> : null}
				{result.vendor === 'mstr' ? (
					<Text>
						Undo package{' '}
						{result.undoPackage ? <Text color={theme.ok}>{result.undoPackage}</Text> : <Text dimColor>none{result.exitCode === 0 ? ' (not asked for)' : ''}</Text>}
						{result.undoPackage && result.runId ? <Text dimColor> · roll back: {rollbackCommand(result.profile, result.runId)}</Text> : null}
					</Text>
				) : null}
				{typeof result.details.logFolder === 'string' ? <Text>Logs {result.details.logFolder}</Text> : null}
				{deployCounts ? (
					<Text>
						Deploy {Object.entries(deployCounts).filter(([, count]) => count > 0).map(([key, count]) => `${count} ${key.replaceAll('_', ' ')}`).join(', ')}
					</Text>
				) : null}
				{tasks && result.jobId ? (
					<Text>
						Tasks {tasks.completed} done, {tasks.failed} failed{tasks.withErrors ? `, ${tasks.withErrors} with errors` : ''} · {tasks.created} created, {tasks.reused} reused
					</Text>
				) : null}
				{replacements.length > 0 ? (
					<Box flexDirection="column">
						<Text>Replacement map ({replacements.length})</Text>
						{replacements.slice(0, 5).map(([source, target]) => (
							<Text key={source} dimColor>
								{'  '}
								{stripControl(source)} → {stripControl(String(target))}
							</Text>
						))}
						{replacements.length > 5 ? <Text dimColor>  … {replacements.length - 5} more in --json</Text> : null}
					</Box>
				) : null}
				{toDos.map(toDo => (
					<Text key={toDo} color={theme.warn}>
						To do: {toDo}
					</Text>
				))}
				{result.vendor === 'aep' ? null : <Text>Cleanup {cleanup.done.length > 0 ? cleanup.done.join(', ') : 'nothing to clean up'}</Text>}
				{cleanup.left.map(line => (
					<Text key={line} color={theme.error}>
						Left on the server: {stripControl(line)}
					</Text>
				))}
				{result.warnings.map(warning => (
					<Text key={warning} color={theme.warn}>
						⚠ {stripControl(warning)}
					</Text>
				))}
				<RunNotes notes={notes} />
				{result.error && result.exitCode !== 130 ? <Text color={theme.error}>{stripControl(result.error.message)}</Text> : null}
				{result.error?.hint ? <Text color={theme.warn}>{stripControl(result.error.hint)}</Text> : null}
			</Box>
			<Box marginTop={1} flexDirection="column">
				<Text dimColor>Repeat headless:</Text>
				<Text>{command}</Text>
			</Box>
			<KeyHints hints={[['enter/q', 'quit']]} />
		</Box>
	);
};
