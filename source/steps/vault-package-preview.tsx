import {Box, Text, useInput} from 'ink';
import {KeyHints} from '../components/key-hints.js';
import {theme} from '../components/theme.js';
import {formatBytes} from '../packages/local-file.js';
import type {VpkManifest, VpkStep} from '../packages/vpk.js';
import {stripControl} from '../redact.js';
import type {PackageInfo} from '../vendors/vendor.js';

const maxStepsShown = 12;

/** What the local inspection found, before anything is uploaded. */
export const VaultPackagePreview = ({info, isActive, onImport, onBack}: {info: PackageInfo; isActive: boolean; onImport: () => void; onBack: () => void}) => {
	useInput((input, key) => {
		if (key.return || input === 'y') onImport();
		else if (key.escape) onBack();
	}, {isActive});
	const summary = (info.summary ?? {}) as {manifest?: VpkManifest; steps?: VpkStep[]; hasJavaSdk?: boolean};
	const manifest = summary.manifest;
	const steps = summary.steps ?? [];
	return (
		<Box flexDirection="column">
			<Text bold>
				{stripControl(manifest?.name ?? '')} <Text dimColor>{info.path}</Text>
			</Text>
			<Text>
				{stripControl(manifest?.summary ?? '')} · from Vault {stripControl(manifest?.sourceVault ?? '?')} by {stripControl(manifest?.author ?? '?')} · {stripControl(manifest?.packageType ?? '')} ·{' '}
				{formatBytes(info.bytes ?? 0)}
			</Text>
			{summary.hasJavaSdk ? <Text color={theme.warn}>Contains Java SDK code (deployment option: {stripControl(manifest?.javaSdkDeploymentOption ?? 'none')}).</Text> : null}
			<Box marginTop={1} flexDirection="column">
				<Text bold>{steps.length} steps</Text>
				{steps.slice(0, maxStepsShown).map(step => (
					<Text key={step.step}>
						{step.step}{' '}
						{step.components.length > 0
							? step.components.map(component => `${stripControl(component.type)} ${stripControl(component.name)}`).join(', ')
							: `data: ${step.dataFiles.map(name => stripControl(name)).join(', ')}`}
					</Text>
				))}
				{steps.length > maxStepsShown ? <Text dimColor>… and {steps.length - maxStepsShown} more</Text> : null}
				{steps
					.flatMap(step => step.components.flatMap(component => component.dependencies.filter(dependency => dependency.blocking && !dependency.inPackage).map(dependency => ({step, component, dependency}))))
					.map(({step, component, dependency}) => (
						<Text key={`${step.step}-${component.name}-${dependency.name}`} color={theme.warn}>
							{step.step} {stripControl(component.name)} needs {stripControl(dependency.type)} {stripControl(dependency.name)} in the target Vault (blocking)
						</Text>
					))}
			</Box>
			{info.warnings.map(warning => (
				<Text key={warning} color={theme.warn}>
					⚠ {stripControl(warning)}
				</Text>
			))}
			<Text color={theme.warn}>Importing creates an inbound package in the target Vault; nothing is deployed until you confirm it later.</Text>
			<KeyHints hints={[['enter', 'upload and import'], ['esc', 'choose another package']]} />
		</Box>
	);
};
