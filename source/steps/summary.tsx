/**
 * The end of a run, in two parts. The report (what happened, the command that repeats it) is
 * printed once into the scrollback (<Static> in App): it is never redrawn, so a command wider than
 * the terminal stays one line the terminal soft-wraps, and copying it gives it back whole. Below
 * it, the live part: the ways on (sign in again, back to the review, another package, start over)
 * before "quit" — a failed or cancelled run is never a dead end.
 */
import {Box, Text, useInput} from 'ink';
import {KeyHints} from '../components/key-hints.js';
import {OneLine, ProseWithCommand} from '../components/one-line.js';
import {SelectList} from '../components/select-list.js';
import {useTerminalSize} from '../components/terminal-size.js';
import {theme} from '../components/theme.js';
import {RunNotes} from '../components/run-notes.js';
import {rollbackCommand} from '../output/rollback.js';
import {stripControl} from '../http/redact.js';
import type {RunReport, Way} from '../wizard/state.js';
import type {ImportResult} from '../engine/result.js';

const headline: Record<number, [string, string | undefined]> = {
	0: ['✔ Imported', theme.ok],
	1: ['✖ Import failed', theme.error],
	2: ['✖ Nothing imported: the package was refused', theme.error],
	3: ['✖ Nothing imported: could not connect or sign in', theme.error],
	4: ['⚠ Imported, with warnings', theme.warn],
	5: ['? Outcome unknown', theme.warn],
	130: ['- Not imported: stopped before the import started', theme.warn],
};

/** Said next to every command a demo prints: its profiles live only as long as the demo. */
/** A promote's first half, in one line: where the package was taken and how that ended. */
const promoteSource = (result: ImportResult): string | undefined => {
	const source = (result as ImportResult & {source?: {profile: string; jobIds: string[]; file: string | null; error: {message: string} | null}}).source;
	if (!source) return undefined;
	if (source.error) return `Source ${stripControl(source.profile)}: nothing taken (${stripControl(source.error.message)}); nothing was sent to the target.`;
	const jobs = source.jobIds.length > 0 ? `, job ${source.jobIds.map(id => stripControl(id)).join(', ')}` : '';
	return `Taken from ${stripControl(source.profile)}${jobs}${source.file ? `, kept at ${stripControl(source.file)}` : ''}`;
};

export const demoCommandNote = 'Demo profiles exist only in this demo; to run this headless, start `packport emulate` and add the profiles it prints.';

/** The run's own time: from start to end, less the time the user spent on the review and confirm screens. */
export const runSeconds = (report: Pick<RunReport, 'result' | 'reviewMs'>): string =>
	(Math.max(0, Date.parse(report.result.finishedAt) - Date.parse(report.result.startedAt) - report.reviewMs) / 1000).toFixed(1);

export const SummaryReport = ({report, demo = false}: {report: RunReport; demo?: boolean}) => {
	const {result, notes, command} = report;
	const {columns} = useTerminalSize();
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
	const tasks =
		result.vendor === 'aep'
			? (result.details.tasks as {completed: number; failed: number; withErrors?: number; created: number; reused: number} | undefined)
			: undefined;
	const deployCounts = (result.details.deploy as {counts?: Record<string, number>} | null | undefined)?.counts;
	return (
		// As wide as the terminal, so prose wraps at its edge; a command's own line may be wider.
		<Box flexDirection="column" marginBottom={1} width={columns}>
			<Text bold color={color}>
				{title}{' '}
				<Text dimColor>
					(exit code {result.exitCode}, {runSeconds(report)} s)
				</Text>
			</Text>
			<Box marginTop={1} flexDirection="column">
				<Text>
					Package {result.package?.path ?? stripControl(String(result.details.packageName ?? result.package?.name ?? ''))}
					{result.package?.id ? <Text dimColor> ({result.package.id})</Text> : null}
				</Text>
				{promoteSource(result) ? <Text>{promoteSource(result)}</Text> : null}
				{result.jobId ? <Text>Job {stripControl(result.jobId)}</Text> : null}
				{result.vendor === 'mstr' ? (
					<Text>
						Undo package{' '}
						{result.undoPackage ? (
							<Text color={theme.ok}>{result.undoPackage}</Text>
						) : (
							<Text dimColor>none{result.exitCode === 0 ? ' (not asked for)' : ''}</Text>
						)}
					</Text>
				) : null}
				{result.vendor === 'mstr' && result.undoPackage && result.runId ? (
					<OneLine dimColor text={`roll back: ${rollbackCommand(result.profile, result.runId)}`} />
				) : null}
				{typeof result.details.logFolder === 'string' ? <Text>Logs {result.details.logFolder}</Text> : null}
				{deployCounts ? (
					<Text>
						Deploy{' '}
						{Object.entries(deployCounts)
							.filter(([, count]) => count > 0)
							.map(([key, count]) => `${count} ${(count === 1 ? key.replace(/_steps$/, '_step') : key).replaceAll('_', ' ')}`)
							.join(', ')}
					</Text>
				) : null}
				{tasks && result.jobId ? (
					<Text>
						Tasks {tasks.completed} done, {tasks.failed} failed{tasks.withErrors ? `, ${tasks.withErrors} with errors` : ''} · {tasks.created} created,{' '}
						{tasks.reused} reused
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
						{replacements.length > 5 ? <Text dimColor> … {replacements.length - 5} more in --json</Text> : null}
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
					<ProseWithCommand key={warning} text={`⚠ ${stripControl(warning)}`} columns={columns} color={theme.warn} />
				))}
				<RunNotes notes={notes.filter(note => !result.warnings.includes(note.message))} />
				{result.error && result.exitCode !== 130 ? <ProseWithCommand text={stripControl(result.error.message)} columns={columns} color={theme.error} /> : null}
				{result.error?.hint ? <ProseWithCommand text={stripControl(result.error.hint)} columns={columns} color={theme.warn} /> : null}
			</Box>
			<Box marginTop={1} flexDirection="column">
				<Text dimColor>Repeat headless:</Text>
				<OneLine text={command} />
				{demo ? <Text dimColor>{demoCommandNote}</Text> : null}
			</Box>
		</Box>
	);
};

const wayWords = (way: Way, secretNoun: string, aep: boolean): [key: string, label: string] => {
	const words: Record<Way, [string, string]> = {
		secret: ['r', `Re-enter the ${secretNoun} and import again`],
		review: ['b', 'Back to the review (the choices you made are kept)'],
		again: ['a', 'Try the same package again'],
		package: ['p', aep ? 'Pick another package from the org' : 'Pick another package'],
		'start-over': ['s', 'Start over (the profile list)'],
	};
	return words[way];
};

/** The live part under the report: the ways on, then quit. Enter picks the highlighted one. */
export const SummaryMenu = ({
	ways,
	secretNoun = 'secret',
	success,
	aep = false,
	isActive,
	onWay,
	onQuit,
}: {
	ways: Way[];
	secretNoun?: string;
	success: boolean;
	aep?: boolean;
	isActive: boolean;
	onWay: (way: Way) => void;
	onQuit: () => void;
}) => {
	const entries = ways.map(way => {
		const [key, label] = wayWords(way, secretNoun, aep);
		return {way, key, label: success && way === 'package' ? 'Import another package' : label};
	});
	useInput(
		input => {
			if (input === 'q') {
				onQuit();
				return;
			}

			const chosen = entries.find(entry => entry.key === input);
			if (chosen) onWay(chosen.way);
		},
		{isActive},
	);
	const items = [
		...entries.map(entry => ({key: entry.way, value: entry.way, label: `${entry.key}  ${entry.label}`})),
		{key: 'quit', value: 'quit', label: 'q  Quit'},
	];
	return (
		<Box flexDirection="column">
			<Text bold>What next?</Text>
			<SelectList
				isFocused={isActive}
				items={items}
				// After a success, Enter leaves; after a failure, it takes the first way on.
				initialValue={success ? 'quit' : items[0]!.value}
				onSelect={item => (item.value === 'quit' ? onQuit() : onWay(item.value as Way))}
			/>
			<KeyHints
				hints={[
					['↑↓', 'move'],
					['enter', 'choose'],
					...(entries.length > 0 ? [[entries.map(entry => entry.key).join('/'), 'at once'] as [string, string]] : []),
					['q', 'quit'],
				]}
			/>
		</Box>
	);
};

/** A summary on its own (screen tests, the bench): the report and a menu with only "quit". */
export const Summary = ({
	result,
	notes = [],
	command,
	isActive,
	onQuit,
}: {
	result: RunReport['result'];
	notes?: RunReport['notes'];
	command: string;
	isActive: boolean;
	onQuit: () => void;
}) => (
	<Box flexDirection="column">
		<SummaryReport report={{id: 0, result, notes, command, reviewMs: 0}} />
		<SummaryMenu ways={[]} success={result.exitCode === 0} isActive={isActive} onWay={() => undefined} onQuit={onQuit} />
	</Box>
);
