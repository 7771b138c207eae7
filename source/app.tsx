/** The wizard: one screen per step, driven by the pure reducer in wizard/state.ts. */
import {Box, Static, Text, useApp, useInput} from 'ink';
import {theme} from './components/theme.js';
import {ReserveRows, useTerminalSize} from './components/terminal-size.js';
import {wrapText} from './components/wrap.js';
import {stripControl} from './http/redact.js';
import {useCallback, useEffect} from 'react';
import type {ImportResult} from './engine/result.js';
import {ConfirmImport} from './steps/confirm-import.js';
import {MstrReviewView} from './steps/mstr-review.js';
import {PackagePicker} from './steps/package-picker.js';
import {PromoteRefField, PromoteSourcePicker} from './steps/promote-source.js';
import {ProfileForm} from './steps/profile-form.js';
import {ProfilePicker} from './steps/profile-picker.js';
import {ProgressView} from './steps/progress-view.js';
import {SecretPrompt} from './steps/secret-prompt.js';
import {ProblemLine} from './components/problem-line.js';
import {SummaryMenu, SummaryReport} from './steps/summary.js';
import {secretNoun} from './config/secrets.js';
import {AepPackagePicker} from './steps/aep-package-picker.js';
import {AepTarget} from './steps/aep-target.js';
import {AepConfirm, AepReviewView} from './steps/aep-review.js';
import {aepReviewProps, mstrReviewProps} from './wizard/review-props.js';
import {VaultPackagePreview} from './steps/vault-package-preview.js';
import {VaultDeployConfirm, VaultReviewView, vaultReviewPageSize} from './steps/vault-review.js';
import type {WizardServices} from './wizard/services.js';
import {waysOn} from './wizard/state.js';
import {useWizard} from './wizard/use-wizard.js';

export type AppProps = {
	services: WizardServices;
	initialProfile?: string;
	demo?: boolean;
	/** `leftWith`: the exit code when the wizard is left with no result (Ctrl-C: 130, or 5 with a job running). */
	onExit?: (result: ImportResult | undefined, leftWith?: number) => void;
	/** SIGTERM (or a first SIGINT from outside the terminal): stop without asking, clean up, leave. */
	terminateSignal?: AbortSignal;
};

export const App = ({services, initialProfile, demo = false, onExit, terminateSignal}: AppProps) => {
	const {exit} = useApp();
	const quit = useCallback(
		(result?: ImportResult, leftWith?: number) => {
			onExit?.(result, leftWith);
			exit();
		},
		[exit, onExit],
	);
	const wizard = useWizard(services, {initialProfile, onQuit: quit});
	const {columns} = useTerminalSize();
	const {state, dispatch} = wizard;
	const {terminate} = wizard;
	const back = () => dispatch({type: 'back'});
	const backToReview = () => dispatch({type: 'back-to-review'});
	useEffect(() => {
		if (!terminateSignal) return;
		if (terminateSignal.aborted) terminate();
		terminateSignal.addEventListener('abort', terminate, {once: true});
		return () => terminateSignal.removeEventListener('abort', terminate);
	}, [terminateSignal, terminate]);
	// Ctrl-C is the one key every screen shares: the wizard decides whether to clean up first.
	useInput((input, key) => {
		if (key.ctrl && input === 'c') wizard.interrupt();
	});

	// The progress screen names the package: Adobe's is known by its name, not its id.
	const packageTitle =
		state.profile?.vendor === 'aep'
			? stripControl(state.serverPackages?.find(item => item.id === state.packagePath)?.name ?? state.packagePath ?? '')
			: (state.packages.find(item => item.path === state.packagePath)?.label ?? state.packagePath);
	const screen = (() => {
		switch (state.screen) {
			case 'profiles':
				return (
					<ProfilePicker
						isActive
						profiles={state.profiles}
						demo={demo}
						initialValue={state.profile?.name}
						onPick={profile => wizard.pickProfile(profile)}
						onCreate={() => dispatch({type: 'new-profile'})}
						onQuit={() => quit()}
					/>
				);
			case 'profile-form':
				return (
					<ProfileForm
						isActive
						busy={state.busy}
						problem={state.problem}
						existingNames={state.profiles.map(profile => profile.name)}
						onSubmit={(profile, secret) => void wizard.submitProfile(profile, secret)}
						onInvalid={problem => dispatch({type: 'problem', problem})}
						onCancel={() => dispatch({type: 'form-cancelled'})}
					/>
				);
			case 'secret':
			case 'promote-secret': {
				const promoting = state.screen === 'promote-secret';
				return (
					<Box flexDirection="column">
						<SecretPrompt isActive profile={promoting ? state.promote!.from : state.profile!} onSubmit={promoting ? wizard.enterPromoteSecret : wizard.enterSecret} onBack={back} />
						{/* Why it asks again: the sign-in that refused the last one. */}
						<ProblemLine problem={state.problem} />
					</Box>
				);
			}
			case 'packages':
				return (
					<PackagePicker
						isActive
						profile={state.profile!}
						packages={state.packages}
						initialValue={state.packagePath}
						busy={state.busy}
						problem={state.problem}
						onPick={path => void wizard.pickPackage(path)}
						onPromote={services.promoteSources ? wizard.startPromoteChoice : undefined}
						onBack={back}
					/>
				);
			case 'promote-source':
				return <PromoteSourcePicker isActive target={state.profile!} profiles={wizard.promoteProfiles} onPick={wizard.pickPromoteSource} onBack={back} />;
			case 'promote-ref':
				return (
					<PromoteRefField
						isActive
						from={state.promote!.from}
						target={state.profile!}
						prompt={wizard.promotePrompt ?? 'Package on'}
						choices={wizard.promoteChoices}
						problem={state.problem}
						onSubmit={ref => void wizard.startPromote(ref)}
						onBack={back}
					/>
				);
			case 'preparing':
			case 'running':
				return (
					<ProgressView
						title={state.screen === 'preparing' ? 'Preparing' : 'Importing'}
						steps={state.steps}
						notes={state.notes}
						upload={state.upload}
						progress={state.progress}
						stopping={state.stopping}
						packagePath={packageTitle}
						startedAt={state.startedAt}
						askingInterrupt={state.askingInterrupt}
						vendor={state.profile?.vendor}
						profileName={state.profile?.name}
						onLeave={wizard.interrupt}
						onKeepWatching={wizard.keepWatching}
					/>
				);
			case 'review':
				return (
					<MstrReviewView isActive {...mstrReviewProps(state, dispatch)} onConfirm={() => dispatch({type: 'to-confirm'})} onCancel={wizard.cancelReview} />
				);
			case 'confirm':
				return (
					<ConfirmImport
						isActive
						profile={state.profile!}
						packagePath={state.promote?.ref ? `${state.promote.ref}, built on ${state.promote.from.name} first,` : (state.packagePath ?? '')}
						review={state.review!}
						choices={state.choices!}
						onConfirm={wizard.confirm}
						onBack={backToReview}
					/>
				);
			case 'summary':
				return (
					<SummaryMenu
						isActive
						ways={waysOn(state)}
						secretNoun={state.profile ? secretNoun(state.profile) : undefined}
						success={state.result?.exitCode === 0 || state.result?.exitCode === 4}
						aep={state.profile?.vendor === 'aep'}
						onWay={wizard.tryAgain}
						onQuit={() => quit(state.result)}
					/>
				);
			case 'package-preview':
				return <VaultPackagePreview isActive info={state.packageInfo!} onImport={wizard.startUpload} onBack={back} />;
			case 'vault-review':
				return (
					<VaultReviewView
						isActive
						review={state.vaultReview!}
						cursor={state.cursor}
						scrollTop={state.scrollTop}
						onMove={delta => dispatch({type: 'move', delta, pageSize: vaultReviewPageSize, rows: state.vaultReview?.steps.length ?? 0})}
						onDeploy={() => dispatch({type: 'to-vault-confirm'})}
						onFinish={() => wizard.decideDeploy(false)}
					/>
				);
			case 'vault-confirm':
				return (
					<VaultDeployConfirm
						isActive
						review={state.vaultReview!}
						url={state.profile?.url ?? ''}
						onConfirm={() => wizard.decideDeploy(true)}
						onBack={backToReview}
					/>
				);
			case 'server-packages':
				return (
					<AepPackagePicker
						isActive
						profile={state.profile!}
						packages={state.serverPackages}
						initialId={state.packagePath}
						hasMore={state.morePackages}
						problem={state.problem}
						onPick={wizard.pickServerPackage}
						onPublish={services.publishServerPackage ? wizard.publishServerPackage : undefined}
						onPromote={services.promoteSources ? wizard.startPromoteChoice : undefined}
						busy={state.busy}
						onNeedMore={wizard.loadMorePackages}
						onBack={back}
					/>
				);
			case 'aep-target':
				return <AepTarget isActive profile={state.profile!} onChoose={wizard.chooseTarget} onBack={back} />;
			case 'aep-review':
				return (
					<AepReviewView
						isActive
						{...aepReviewProps(state, dispatch)}
						onSave={wizard.saveSubstitutions}
						onConfirm={() => dispatch({type: 'to-aep-confirm'})}
						onCancel={wizard.cancelReview}
					/>
				);
			case 'aep-confirm':
				return (
					<AepConfirm isActive review={state.aepReview!} alternatives={state.alternatives} onConfirm={wizard.confirmSubstitutions} onBack={backToReview} />
				);
		}
	})();

	return (
		<Box flexDirection="column">
			<Static items={state.reports}>{report => <SummaryReport key={report.id} report={report} demo={demo} />}</Static>
			{/* The notice's lines come off the screen's rows, so the two fit the terminal together. */}
			<ReserveRows rows={state.notice ? wrapText(state.notice, columns).length : 0}>{screen}</ReserveRows>
			{state.notice ? <Text color={theme.warn}>{state.notice}</Text> : null}
		</Box>
	);
};
