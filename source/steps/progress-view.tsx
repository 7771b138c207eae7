import {Box, Text, useInput} from 'ink';
import {useEffect, useState} from 'react';
import {KeyHints} from '../components/key-hints.js';
import {ProgressBar} from '../components/progress-bar.js';
import {RunNotes} from '../components/run-notes.js';
import {StepList} from '../components/step-list.js';
import {useTerminalSize} from '../components/terminal-size.js';
import {theme} from '../components/theme.js';
import {formatBytes} from '../packages/local-file.js';
import {stripControl} from '../http/redact.js';
import type {VendorId} from '../vendors/vendor-id.js';
import type {WizardState} from '../wizard/state.js';

const clock = (ms: number) => {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** Re-renders every second so elapsed time and the next-poll countdown move. */
const useNow = () => {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, []);
	return now;
};

export type ProgressViewProps = Pick<WizardState, 'steps' | 'upload' | 'progress' | 'stopping' | 'packagePath' | 'startedAt'> & {
	notes?: WizardState['notes'];
	title: string;
	askingInterrupt?: boolean;
	vendor?: VendorId;
	profileName?: string;
	onLeave?: () => void;
	onKeepWatching?: () => void;
};

/** Ctrl-C while the job runs on the server: what leaving means depends on the vendor. */
const InterruptQuestion = ({vendor, jobId, profileName}: {vendor?: VendorId; jobId: string; profileName?: string}) =>
	vendor === 'mstr' ? (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.warn} paddingX={1}>
			<Text>Stop? packport ends its session, which deletes the import process (job above);</Text>
			<Text>MicroStrategy cannot hand it to a new session, so its outcome stays unknown.</Text>
			<KeyHints hints={[['s', 'stop and clean up'], ['w', 'keep watching'], ['ctrl-c', 'stop']]} />
		</Box>
	) : (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.warn} paddingX={1}>
			<Text>Job {jobId} goes on on the server if you leave. Detach? Re-attach later with:</Text>
			<Text color={theme.accent}>packport status --profile {profileName} --job {jobId} --watch</Text>
			<KeyHints hints={[['d', 'detach'], ['w', 'keep watching'], ['ctrl-c', 'detach']]} />
		</Box>
	);

export const ProgressView = ({title, steps, notes, upload, progress, stopping, packagePath, startedAt, askingInterrupt = false, vendor, profileName, onLeave, onKeepWatching}: ProgressViewProps) => {
	const now = useNow();
	// The bar narrows on a narrow terminal so its line keeps the server's words.
	const {columns} = useTerminalSize();
	const barWidth = Math.max(10, Math.min(30, columns - 45));
	useInput(
		input => {
			if (input === 'w' || input === 'W') onKeepWatching?.();
			else if (/^[dsDS]$/.test(input)) onLeave?.();
		},
		{isActive: askingInterrupt},
	);
	const uploading = steps.some(step => step.name === 'upload' && step.status === 'running');
	const importing = steps.some(step => (step.name === 'import' || step.name === 'deploy-job') && step.status === 'running');
	return (
		<Box flexDirection="column">
			<Text bold>
				{title} <Text dimColor>{packagePath}</Text>
			</Text>
			<Box marginTop={1} flexDirection="column">
				<StepList steps={steps} />
			</Box>
			<RunNotes notes={notes} />
			{uploading && upload ? (
				<Text>
					Upload <ProgressBar width={barWidth} fraction={upload.total ? upload.transferred / upload.total : 0} /> {formatBytes(upload.transferred)} / {formatBytes(upload.total)}
				</Text>
			) : null}
			{importing && progress ? (
				<Box flexDirection="column">
					{progress.percent === undefined ? (
						<Text>Job status: server says “{stripControl(progress.serverStatus ?? '…')}”</Text>
					) : (
						<Text>
							Import <ProgressBar width={barWidth} fraction={progress.percent / 100} /> server says “{stripControl(progress.serverStatus ?? '…')}”
						</Text>
					)}
					<Text dimColor>
						Job {stripControl(progress.jobId ?? '')}
						{progress.nextPollAt ? ` · next check in ${Math.max(0, Math.ceil((progress.nextPollAt - now) / 1000))} s` : ''}
					</Text>
				</Box>
			) : null}
			{startedAt ? <Text dimColor>Elapsed {clock(now - startedAt)}</Text> : null}
			{stopping ? <Text color={theme.warn}>Stopping… cleaning up the server before leaving.</Text> : null}
			{askingInterrupt && !stopping ? <InterruptQuestion vendor={vendor} jobId={stripControl(progress?.jobId ?? '')} profileName={profileName} /> : null}
			{askingInterrupt && !stopping ? null : <KeyHints hints={[['ctrl-c', stopping ? 'again to leave at once' : progress?.jobId ? 'detach or stop…' : 'stop and clean up']]} />}
		</Box>
	);
};
