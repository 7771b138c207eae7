import {Box, Text, useInput} from 'ink';
import {fit} from '../components/fit.js';
import {keyHintRows, KeyHints, type Hint} from '../components/key-hints.js';
import {Lines} from '../components/lines.js';
import {screenRows, useTerminalSize} from '../components/terminal-size.js';
import {theme} from '../components/theme.js';
import {wrapClamped} from '../components/wrap.js';
import {formatBytes} from '../packages/local-file.js';
import type {VpkManifest, VpkStep} from '../packages/vpk.js';
import {stripControl} from '../http/redact.js';
import type {PackageInfo} from '../vendors/vendor.js';
import {counted} from '../output/words.js';

/**
 * What the local inspection found, before anything is uploaded. It fits the terminal: the steps
 * get the rows the header, the notes and the keys leave, a line each; the rest is counted.
 */
export const VaultPackagePreview = ({info, isActive, onImport, onBack}: {info: PackageInfo; isActive: boolean; onImport: () => void; onBack: () => void}) => {
	const size = useTerminalSize();
	const {columns} = size;
	useInput(
		(input, key) => {
			if (key.return || input === 'y') onImport();
			else if (key.escape) onBack();
		},
		{isActive},
	);
	const summary = (info.summary ?? {}) as {manifest?: VpkManifest; steps?: VpkStep[]; hasJavaSdk?: boolean};
	const manifest = summary.manifest;
	const steps = summary.steps ?? [];
	const title = wrapClamped(`${stripControl(manifest?.name ?? '')} ${info.path}`, columns, 2);
	const about = wrapClamped(
		`${stripControl(manifest?.summary ?? '')} · from Vault ${stripControl(manifest?.sourceVault ?? '?')} by ` +
			`${stripControl(manifest?.author ?? '?')} · ${stripControl(manifest?.packageType ?? '')} · ${formatBytes(info.bytes ?? 0)}`,
		columns,
		2,
	);
	const java = summary.hasJavaSdk
		? wrapClamped(`Contains Java SDK code (deployment option: ${stripControl(manifest?.javaSdkDeploymentOption ?? 'none')}).`, columns, 2)
		: [];
	const warnings = info.warnings.flatMap(warning => wrapClamped(`⚠ ${stripControl(warning)}`, columns, 2));
	const inbound = wrapClamped('Importing creates an inbound package in the target Vault; nothing is deployed until you confirm it later.', columns, 2);
	const stepLines = steps.map(step =>
		fit(
			`${step.step} ${
				step.components.length > 0
					? step.components.map(component => `${stripControl(component.type)} ${stripControl(component.name)}`).join(', ')
					: `data: ${step.dataFiles.map(name => stripControl(name)).join(', ')}`
			}`,
			columns,
		).trimEnd(),
	);
	const blocking = steps.flatMap(step =>
		step.components.flatMap(component =>
			component.dependencies
				.filter(dependency => dependency.blocking && !dependency.inPackage)
				.map(dependency =>
					fit(
						`${step.step} ${stripControl(component.name)} needs ${stripControl(dependency.type)} ${stripControl(dependency.name)} in the target Vault (blocking)`,
						columns,
					).trimEnd(),
				),
		),
	);
	const hints: Hint[] = [
		['enter', 'upload and import'],
		['esc', 'choose another package'],
	];
	// Rows for the steps and the blocking dependencies; what does not fit is counted on one line.
	const room = Math.max(2, screenRows(size) - title.length - about.length - java.length - 2 - warnings.length - inbound.length - keyHintRows(hints, columns));
	const shownBlocking = clampList(blocking, Math.max(1, Math.floor(room / 2)), more => `… and ${more} more blocking dependencies`);
	const shownSteps = clampList(stepLines, Math.max(1, room - shownBlocking.length), more => `… and ${more} more`);
	return (
		<Box flexDirection="column">
			<Lines lines={title} bold />
			<Lines lines={about} />
			<Lines lines={java} color={theme.warn} />
			<Box marginTop={1} flexDirection="column">
				<Text bold>{counted(steps.length, 'step')}</Text>
				<Lines lines={shownSteps} />
				<Lines lines={shownBlocking} color={theme.warn} />
			</Box>
			<Lines lines={warnings} color={theme.warn} />
			<Lines lines={inbound} color={theme.warn} />
			<KeyHints hints={hints} columns={columns} />
		</Box>
	);
};

/** At most `max` lines; the last says how many were left out. */
const clampList = (lines: string[], max: number, more: (count: number) => string): string[] =>
	lines.length <= max ? lines : [...lines.slice(0, Math.max(0, max - 1)), more(lines.length - Math.max(0, max - 1))];
