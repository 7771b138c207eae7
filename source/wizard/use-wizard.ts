/**
 * The wizard's effects: it calls the services (never HTTP directly) and turns what comes back into
 * reducer actions. The engine's review callback is a promise kept in a ref, resolved when the user
 * confirms or backs out — so the engine stays in charge of cleanup on every path.
 */
import path from 'node:path';
import {stripControl} from '../http/redact.js';
import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {EngineEvent} from '../engine/events.js';
import type {ImportPlan} from '../engine/plan.js';
import type {ImportResult} from '../engine/result.js';
import {isPackportError} from '../errors.js';
import type {PromotePlan} from '../engine/promote.js';
import {describeSecretSource, resultWithSecretSource} from '../config/secrets.js';
import type {Profile} from '../config/profile-types.js';
import type {PackageInfo} from '../vendors/vendor.js';
import type {MstrChoices, MstrReview} from '../vendors/mstr/types.js';
import type {Choices, Review} from '../vendors/vendor.js';
import type {WizardServices} from './services.js';
import {initialState, visibleConflicts, wizardReducer, type Problem, type Way} from './state.js';

const problemOf = (error: unknown): Problem =>
	isPackportError(error) ? {message: error.message, hint: error.hint} : {message: error instanceof Error ? error.message : String(error)};

/** Upload progress arrives per chunk; the screen needs a few frames a second, not thousands. */
const progressFrameMs = 100;
const wizardTimeoutMs = 60 * 60_000;

export const useWizard = (
	services: WizardServices,
	{initialProfile, onQuit}: {initialProfile?: string; onQuit: (result?: ImportResult, leftWith?: number) => void},
) => {
	const [state, dispatch] = useReducer(wizardReducer, undefined, () => initialState(services.listProfiles()));
	// The package list as last shown, for callbacks that must know what a picked path was.
	const packagesSeen = useRef(state.packages);
	const inspected = useRef<PackageInfo | undefined>(undefined);
	packagesSeen.current = state.packages;
	const secret = useRef<string | undefined>(undefined);
	/** Where `secret` came from, in words, for the run's authentication hints. */
	const secretWords = useRef<string | undefined>(undefined);
	const plan = useRef<ImportPlan | undefined>(undefined);
	const engine = useRef<{controller: AbortController; running: boolean} | undefined>(undefined);
	const reviewResolver = useRef<((choices: Choices | null) => void) | undefined>(undefined);
	/** SIGTERM: nobody to ask; clean up, then leave with the run's exit code. */
	const quitWhenDone = useRef(false);
	const chosen = useRef<Choices | undefined>(undefined);
	const lastFrame = useRef(0);
	const pending = useRef<string | undefined>(undefined);
	const savedFile = useRef<string | undefined>(undefined);
	const loadingPage = useRef(false);
	/** When the current review appeared, and the time spent on reviews this run (not the run's own time). */
	const reviewShownAt = useRef<number | undefined>(undefined);
	const reviewMs = useRef(0);
	/** After "re-enter the secret": the package the failed run imported, to import again once it is typed. */
	const retryPackage = useRef<string | undefined>(undefined);
	// enterSecret continues a retried run with functions defined further down.
	const startImportRef = useRef<((profile: Profile, packagePath: string, targetSandbox?: string) => void) | undefined>(undefined);
	const pickPackageRef = useRef<((packagePath: string) => Promise<void>) | undefined>(undefined);

	/** Adobe packages live in the org: list them once a secret is known. */
	const loadServerPackages = useCallback(
		(profile: Profile) => {
			if (!secret.current) return;
			loadingPage.current = true;
			services
				.listServerPackages(profile, secret.current, 0)
				.then(
					page => dispatch({type: 'server-packages-loaded', ...page}),
					(error: unknown) => {
						// A refused sign-in (a wrong or stale client secret) is no dead end: ask for the secret, saying why.
						if (isPackportError(error) && error.kind === 'auth') {
							secret.current = undefined;
							dispatch({type: 'try-again', way: 'secret'});
						}

						dispatch({type: 'problem', problem: problemOf(error)});
					},
				)
				.finally(() => (loadingPage.current = false));
		},
		[services],
	);

	/** The next page, when the cursor nears the end of what is loaded or a filter needs it all. */
	const loadMorePackages = useCallback(() => {
		if (loadingPage.current || !state.morePackages || !state.profile || !secret.current) return;
		loadingPage.current = true;
		services
			.listServerPackages(state.profile, secret.current, state.serverPackages?.length ?? 0)
			.then(
				page => dispatch({type: 'server-packages-loaded', ...page}),
				(error: unknown) => dispatch({type: 'problem', problem: problemOf(error)}),
			)
			.finally(() => (loadingPage.current = false));
	}, [services, state.morePackages, state.profile, state.serverPackages]);

	const pickProfile = useCallback(
		(profile: Profile, knownSecret?: string) => {
			secret.current = knownSecret ?? services.resolveSecret(profile);
			const source = knownSecret ? undefined : services.secretSource?.(profile);
			secretWords.current = knownSecret ? describeSecretSource(profile, 'prompt') : source?.words;
			dispatch({type: 'profile-picked', profile, needsSecret: secret.current === undefined});
			// A variable exported for another profile (or long ago) must not sign in unnoticed: the
			// wizard says which secret it will use before it signs in, as the error would after.
			if (source?.fromEnvironment) dispatch({type: 'notice', text: `Signing in with ${source.words}.`});
			if (profile.vendor === 'aep') loadServerPackages(profile);
			else void services.findPackages(profile).then(packages => dispatch({type: 'packages-loaded', packages}));
		},
		[services, loadServerPackages],
	);

	const enterSecret = useCallback(
		(value: string) => {
			secret.current = value;
			if (state.profile) secretWords.current = describeSecretSource(state.profile, 'prompt');
			dispatch({type: 'secret-entered', secret: value});
			const again = retryPackage.current;
			retryPackage.current = undefined;
			if (state.profile?.vendor === 'aep') {
				dispatch({type: 'profile-picked', profile: state.profile, needsSecret: false});
				if (again && state.serverPackages) {
					// The org's list is known: straight on with the package that failed to sign in.
					dispatch({type: 'server-package-picked', id: again});
					dispatch({type: 'aep-target-chosen', sandbox: state.targetSandbox ?? state.profile.targetSandbox ?? ''});
					startImportRef.current?.(state.profile, again, state.targetSandbox);
				} else loadServerPackages(state.profile);
			} else if (again) void pickPackageRef.current?.(again);
		},
		[state.profile, state.serverPackages, state.targetSandbox, loadServerPackages],
	);

	// A run that died mid-import (crash, kill -9) left its job behind: offer the way back to it.
	useEffect(() => {
		const runs = services.interruptedRuns();
		if (runs.length === 0) return;
		// History lines may hold what a server once sent: no control sequence reaches the screen.
		const clean = (value: unknown) => stripControl(String(value ?? '')).replaceAll(/[\r\n\t]+/g, ' ');
		const lines = runs.slice(-3).map(run => {
			const what = `  job ${clean(run.jobId)} (profile ${clean(run.profile)}, ${clean(run.package ?? 'package')}, ${clean(run.at).slice(0, 16).replace('T', ' ')})`;
			// MicroStrategy keeps an import only in the session that started it: nothing can re-attach.
			// The command on a line of its own, so it is copied whole (not broken where the prose wraps).
			return run.vendor === 'mstr'
				? `${what}: MicroStrategy, lost with its session — check the target project`
				: `${what}:\n  packport status --profile ${clean(run.profile)} --job ${clean(run.jobId)} --watch`;
		});
		dispatch({
			type: 'notice',
			text: `${runs.length === 1 ? 'An import was' : `${runs.length} imports were`} still running when packport last stopped. Re-attach with:\n${lines.join('\n')}`,
		});
	}, [services]);

	useEffect(() => {
		const profile = initialProfile ? services.listProfiles().find(candidate => candidate.name === initialProfile) : undefined;
		if (profile) pickProfile(profile);
	}, [initialProfile, services, pickProfile]);

	const submitProfile = useCallback(
		async (profile: Profile, typedSecret: string) => {
			dispatch({type: 'busy', what: `Testing the connection to ${profile.url}…`});
			try {
				await services.testConnection(profile, typedSecret);
			} catch (error) {
				dispatch({type: 'problem', problem: problemOf(error)});
				return;
			}

			const note = services.saveProfile(profile, typedSecret);
			if (note) dispatch({type: 'notice', text: note});
			dispatch({type: 'profiles-loaded', profiles: services.listProfiles()});
			pickProfile(profile, typedSecret);
		},
		[services, pickProfile],
	);

	const onEngineEvent = useCallback((event: EngineEvent) => {
		if (event.type === 'progress' && event.transferred !== undefined && event.transferred !== event.total) {
			const now = Date.now();
			if (now - lastFrame.current < progressFrameMs) return;
			lastFrame.current = now;
		}

		dispatch({type: 'engine-event', event, at: Date.now()});
	}, []);

	/** The engine's review: the vendor's screen, answered when the user confirms or cancels it (resolveReview). */
	const askReview = useCallback(
		async (review: Review, defaults: Choices) =>
			new Promise<Choices | null>(resolve => {
				reviewResolver.current = resolve;
				reviewShownAt.current = Date.now();
				if (review.vendor === 'vault') dispatch({type: 'vault-review-ready', review});
				else if (review.vendor === 'mstr') dispatch({type: 'review-ready', review, defaults: defaults as MstrChoices});
				else dispatch({type: 'aep-review-ready', review, alternatives: defaults.vendor === 'aep' ? defaults.alternatives : {}});
			}),
		[],
	);

	const startImport = useCallback(
		(profile: Profile, packagePath: string, targetSandbox?: string) => {
			const controller = new AbortController();
			reviewMs.current = 0;
			reviewShownAt.current = undefined;
			chosen.current = undefined;
			savedFile.current = undefined;
			engine.current = {controller, running: true};
			// Importing an undo package rolls an import back; undoing the undo is not offered.
			const candidate = packagesSeen.current.find(item => item.path === packagePath);
			const rollback = Boolean(candidate?.rollbackOf);
			const options =
				profile.vendor === 'aep'
					? {aep: {targetSandbox: targetSandbox ?? profile.targetSandbox}}
					: candidate?.deployPackageId
						? {vault: {deploy: true, deployPackageId: candidate.deployPackageId, logDir: candidate.logDir}}
						: {mstr: {generateUndo: !rollback}};
			plan.current = {profile, secret: secret.current ?? '', secretSource: secretWords.current, packageRef: packagePath, options, timeoutMs: wizardTimeoutMs};
			void services
				.runImport(plan.current, {
					signal: controller.signal,
					onEvent: onEngineEvent,
					review: askReview,
				})
				.then(ended => {
					const result = resultWithSecretSource(ended, profile, secretWords.current);
					engine.current = {controller, running: false};
					inspected.current?.dispose?.();
					inspected.current = undefined;
					// Adobe: the saved substitutions file stands for the choices in the command that repeats them.
					const ran = plan.current!;
					const repeat = savedFile.current ? {...ran, options: {...ran.options, aep: {...ran.options.aep, substitutionsFile: savedFile.current}}} : ran;
					dispatch({type: 'finished', result, command: services.headlessCommand(repeat, chosen.current), reviewMs: reviewMs.current});
					if (quitWhenDone.current) onQuit(result);
				});
		},
		[services, onEngineEvent],
	);

	/** Promote: the source profile's secret, and where it came from (the target's stays in `secret`). */
	const sourceSecret = useRef<{secret: string; words?: string} | undefined>(undefined);
	/** A promote's review of the definition is on screen (before anything runs). */
	const preReview = useRef(false);
	const promoteInfo = useRef<{profiles: Profile[]; prompt: string; fileBase(ref: string): string} | undefined>(undefined);

	/** "Promote from another environment": the other profiles of the target's vendor. */
	const startPromoteChoice = useCallback(() => {
		const target = state.profile;
		if (!target || !services.promoteSources) return;
		void services.promoteSources(target).then(found => {
			promoteInfo.current = found;
			if (found) dispatch({type: 'promote-start'});
		});
	}, [services, state.profile]);

	/** What the source lists to take (Vault's outbound packages), loaded once its secret is known. */
	const [promoteChoices, setPromoteChoices] = useState<string[] | undefined>();
	const loadPromoteChoices = useCallback(
		(from: Profile) => {
			setPromoteChoices(undefined);
			if (!sourceSecret.current || !services.promoteChoices) return;
			services.promoteChoices(from, sourceSecret.current.secret).then(setPromoteChoices, (error: unknown) => {
				// The list is a help, not a step: a refused sign-in or a server without it leaves the typed name.
				dispatch({type: 'problem', problem: problemOf(error)});
			});
		},
		[services],
	);

	const pickPromoteSource = useCallback(
		(from: Profile) => {
			const known = services.resolveSecret(from);
			sourceSecret.current = known === undefined ? undefined : {secret: known, words: services.secretSource?.(from)?.words};
			dispatch({type: 'promote-source-picked', from, needsSecret: known === undefined});
			if (known !== undefined) loadPromoteChoices(from);
		},
		[services, loadPromoteChoices],
	);

	const enterPromoteSecret = useCallback(
		(value: string) => {
			if (!state.promote) return;
			sourceSecret.current = {secret: value, words: describeSecretSource(state.promote.from, 'prompt')};
			dispatch({type: 'promote-secret-entered'});
			loadPromoteChoices(state.promote.from);
		},
		[state.promote, loadPromoteChoices],
	);

	/** Both halves: take REF from the source, then the import into the target as startImport runs it. */
	const startPromote = useCallback(
		async (ref: string) => {
			const target = state.profile;
			const from = state.promote?.from;
			const info = promoteInfo.current;
			if (!target || !from || !info || !services.runPromote || !services.checkPromoteRef || !sourceSecret.current) return;
			const folder = services.workingFolder?.() ?? process.cwd();
			// Vault's logs go beside where the wizard runs, as `packport promote` puts them: the package
			// itself is a temp file whose folder goes at the end of the run.
			const options: ImportPlan['options'] =
				target.vendor === 'aep'
					? {aep: {targetSandbox: target.targetSandbox}}
					: target.vendor === 'mstr'
						? {mstr: {generateUndo: true}}
						: {vault: {logDir: path.join(folder, `${info.fileBase(ref)}-vault-logs`)}};
			let checked: string;
			try {
				checked = await services.checkPromoteRef(target, ref, options);
			} catch (error) {
				dispatch({type: 'problem', problem: problemOf(error)});
				return;
			}

			reviewMs.current = 0;
			reviewShownAt.current = undefined;
			chosen.current = undefined;
			savedFile.current = undefined;
			// MicroStrategy: the actions are set on the definition, before the build, so the package
			// carries them and the target applies them; the import half then asks nothing more.
			let decided: MstrChoices | undefined;
			let definition: MstrReview | undefined;
			try {
				definition = await services.promoteDefinition?.(target, ref);
			} catch (error) {
				dispatch({type: 'problem', problem: problemOf(error)});
				return;
			}

			if (definition) {
				// The confirmation names what is built, and where.
				dispatch({type: 'promote-ref-taken', ref});
				preReview.current = true;
				const choices = await askReview(definition, {vendor: 'mstr', actions: {}, generateUndo: true});
				preReview.current = false;
				if (!choices || choices.vendor !== 'mstr') return;
				decided = choices;
				options.mstr = {
					generateUndo: choices.generateUndo,
					...(choices.defaultAction ? {defaultAction: choices.defaultAction} : {}),
					...(Object.keys(choices.actions).length > 0 ? {actions: choices.actions} : {}),
				};
			}

			const controller = new AbortController();
			engine.current = {controller, running: true};
			dispatch({type: 'promote-ref-taken', ref});
			const targetPlan: ImportPlan = {
				profile: target,
				secret: secret.current ?? '',
				secretSource: secretWords.current,
				packageRef: checked,
				options,
				timeoutMs: wizardTimeoutMs,
			};
			plan.current = targetPlan;
			const promotePlan: PromotePlan = {
				source: {profile: from, secret: sourceSecret.current.secret, secretSource: sourceSecret.current.words},
				target: targetPlan,
				ref: checked,
				fileBase: info.fileBase(ref),
				// An undo package or Vault's logs made beside the temp package are kept where the wizard runs.
				outFolder: folder,
			};
			const ended = await services.runPromote(promotePlan, {
				signal: controller.signal,
				onSourceEvent: onEngineEvent,
				onEvent: onEngineEvent,
				review: async (review, defaults) =>
					// Reviewed and confirmed before the build: the package holds those actions now.
					decided ? defaults : askReview(review, defaults),
			});
			engine.current = {controller, running: false};
			if (decided) chosen.current = decided;
			const result = ended.source.error
				? resultWithSecretSource(ended, from, sourceSecret.current?.words)
				: resultWithSecretSource(ended, target, secretWords.current);
			// The command that repeats both halves: promote's flags around the import's options.
			const importLine = services.headlessCommand({...targetPlan, packageRef: ref}, chosen.current);
			const command = importLine.replace(/^packport import --profile (\S+)/, (_whole, to: string) => `packport promote --from ${from.name} --to ${to}`);
			dispatch({type: 'finished', result, command, reviewMs: reviewMs.current});
			if (quitWhenDone.current) onQuit(result);
		},
		[services, state.profile, state.promote, onEngineEvent, onQuit],
	);

	const pickPackage = useCallback(
		async (packagePath: string) => {
			const profile = state.profile;
			if (!profile) return;
			const deployLater = packagesSeen.current.find(item => item.path === packagePath && item.deployPackageId);
			if (deployLater) {
				// Nothing to inspect or upload: straight to checking the inbound package and the deploy question.
				dispatch({type: 'package-inspected', path: packagePath, info: {id: packagePath, name: packagePath, warnings: []}});
				dispatch({type: 'start-upload'});
				startImport(profile, packagePath);
				return;
			}

			dispatch({type: 'busy', what: `Checking ${packagePath}…`});
			try {
				// A package folder is zipped to a temp file for its preview: one at a time, gone when done.
				inspected.current?.dispose?.();
				const info = await services.inspectPackage(profile, packagePath);
				inspected.current = info;
				dispatch({type: 'package-inspected', path: packagePath, info});
				// Vault shows the inspection first and uploads on Enter (startUpload).
				if (profile.vendor === 'vault') pending.current = info.path ?? packagePath;
				else startImport(profile, info.path ?? packagePath);
			} catch (error) {
				dispatch({type: 'problem', problem: problemOf(error)});
			}
		},
		[services, state.profile, startImport],
	);

	const resolveReview = (choices: Choices | null) => {
		const resolve = reviewResolver.current;
		reviewResolver.current = undefined;
		if (reviewShownAt.current !== undefined) reviewMs.current += Date.now() - reviewShownAt.current;
		reviewShownAt.current = undefined;
		chosen.current = choices ?? undefined;
		resolve?.(choices);
	};

	const confirm = useCallback(() => {
		if (!state.choices) return;
		dispatch({type: 'import-started', at: Date.now()});
		resolveReview(state.choices);
	}, [state.choices]);

	const startUpload = useCallback(() => {
		if (!state.profile || !pending.current) return;
		dispatch({type: 'start-upload'});
		startImport(state.profile, pending.current);
	}, [state.profile, startImport]);

	/** Vault: the review resolves with the deploy decision. */
	const decideDeploy = useCallback((deploy: boolean) => {
		dispatch({type: 'import-started', at: Date.now()});
		resolveReview({vendor: 'vault', deploy});
	}, []);

	const pickServerPackage = useCallback((id: string) => dispatch({type: 'server-package-picked', id}), []);

	/** A draft in the org's list: publish it in the source sandbox, then on to the import as if picked. */
	const publishServerPackage = useCallback(
		(id: string) => {
			const profile = state.profile;
			const name = state.serverPackages?.find(item => item.id === id)?.name ?? id;
			if (!profile || !secret.current || !services.publishServerPackage) return;
			const publishing = `Publishing ${stripControl(name)} in sandbox ${profile.sandbox ?? '?'}…`;
			dispatch({type: 'busy', what: publishing});
			services
				.publishServerPackage(profile, secret.current, id, status => dispatch({type: 'busy', what: `${publishing} ${stripControl(status)}`}))
				.then(
					() => {
						dispatch({type: 'busy', what: undefined});
						dispatch({type: 'notice', text: `Published ${stripControl(name)} in sandbox ${profile.sandbox ?? '?'}.`});
						dispatch({type: 'server-package-picked', id});
					},
					(error: unknown) => {
						dispatch({type: 'busy', what: undefined});
						dispatch({type: 'problem', problem: problemOf(error)});
					},
				);
		},
		[services, state.profile, state.serverPackages],
	);

	const chooseTarget = useCallback(
		(sandbox: string) => {
			if (!state.profile || !state.packagePath) return;
			dispatch({type: 'aep-target-chosen', sandbox});
			startImport(state.profile, state.packagePath, sandbox);
		},
		[state.profile, state.packagePath, startImport],
	);

	const confirmSubstitutions = useCallback(() => {
		dispatch({type: 'import-started', at: Date.now()});
		resolveReview({vendor: 'aep', alternatives: state.alternatives});
	}, [state.alternatives]);

	const saveSubstitutions = useCallback(() => {
		try {
			const file = services.saveSubstitutions(state.aepReview?.packageName ?? 'package', state.alternatives);
			savedFile.current = file;
			dispatch({type: 'aep-saved', path: file});
		} catch (error) {
			dispatch({type: 'problem', problem: problemOf(error)});
		}
	}, [services, state.aepReview, state.alternatives]);

	// The selected conflict's dependency tree, fetched once per artifact, after the cursor rests.
	const selectedConflict = state.screen === 'aep-review' && state.aepReview ? visibleConflicts(state.aepReview, state.filter)[state.cursor] : undefined;
	const knownTree = selectedConflict ? state.trees[selectedConflict.id] : undefined;
	useEffect(() => {
		if (!selectedConflict || knownTree || !state.profile || !state.aepReview || !secret.current) return;
		const {id, type} = selectedConflict;
		const timer = setTimeout(() => {
			dispatch({type: 'aep-tree', id, tree: 'loading'});
			services.dependencyTree(state.profile!, secret.current!, state.aepReview!.packageId, {id, type}).then(
				tree => dispatch({type: 'aep-tree', id, tree}),
				() => dispatch({type: 'aep-tree', id, tree: 'unavailable'}),
			);
		}, 150);
		return () => clearTimeout(timer);
	}, [selectedConflict, knownTree, state.profile, state.aepReview, services]);

	const cancelReview = useCallback(() => {
		// Esc on a promote's review of the definition: nothing has run; back to what to take.
		if (preReview.current) {
			preReview.current = false;
			resolveReview(null);
			dispatch({type: 'promote-secret-entered'});
			return;
		}

		dispatch({type: 'import-started', at: Date.now()});
		dispatch({type: 'stopping'});
		resolveReview(null);
	}, []);

	/** Ctrl-C: during an import, stop and clean up first; a second Ctrl-C, or any other time, leaves. */
	const interrupt = useCallback(() => {
		// The job runs on the server: leaving is a decision (detach, or for MicroStrategy stop), so ask
		// once; a second Ctrl-C while asking confirms it.
		// Vault's import job runs while the wizard still prepares the review: the same question there.
		const jobRunning = (state.screen === 'running' || state.screen === 'preparing') && state.progress?.jobId !== undefined && !reviewResolver.current;
		if (engine.current?.running && !state.stopping && jobRunning && !state.askingInterrupt) {
			dispatch({type: 'ask-interrupt', asking: true});
			return;
		}

		if (engine.current?.running && !state.stopping) {
			dispatch({type: 'stopping'});
			if (reviewResolver.current) resolveReview(null);
			else engine.current.controller.abort();
			return;
		}

		engine.current?.controller.abort();
		// Leaving with no result: 130 when nothing was sent, 5 when a job is left running (README).
		onQuit(state.result, state.result ? undefined : state.progress?.jobId ? 5 : 130);
	}, [state.stopping, state.result, state.screen, state.progress?.jobId, state.askingInterrupt, onQuit]);

	const terminate = useCallback(() => {
		if (!engine.current?.running) {
			onQuit(state.result, state.result ? undefined : 130);
			return;
		}

		quitWhenDone.current = true;
		dispatch({type: 'stopping'});
		if (reviewResolver.current) resolveReview(null);
		else engine.current.controller.abort();
	}, [state.result, onQuit]);

	const keepWatching = useCallback(() => dispatch({type: 'ask-interrupt', asking: false}), []);

	startImportRef.current = startImport;
	pickPackageRef.current = pickPackage;

	/** A way on from the summary: no rebuild, no restart; the profile, secret and lists are kept. */
	const tryAgain = useCallback(
		(way: Way) => {
			const {profile, packagePath} = state;
			if (!profile) return;
			if (way === 'secret' || way === 'start-over') secret.current = undefined;
			retryPackage.current = way === 'secret' ? packagePath : undefined;
			dispatch({type: 'try-again', way});
			if (way === 'again' && state.promote?.ref) void startPromote(state.promote.ref);
			else if ((way === 'review' || way === 'again') && packagePath) {
				if (profile.vendor === 'aep') {
					dispatch({type: 'aep-target-chosen', sandbox: state.targetSandbox ?? profile.targetSandbox ?? ''});
					startImport(profile, packagePath, state.targetSandbox);
				} else void pickPackage(packagePath);
			}
		},
		[state, startImport, pickPackage, startPromote],
	);

	return {
		state,
		dispatch,
		pickProfile,
		enterSecret,
		submitProfile,
		pickPackage,
		pickServerPackage,
		loadMorePackages,
		chooseTarget,
		startUpload,
		decideDeploy,
		confirm,
		confirmSubstitutions,
		saveSubstitutions,
		cancelReview,
		interrupt,
		terminate,
		keepWatching,
		tryAgain,
		startPromoteChoice,
		publishServerPackage,
		pickPromoteSource,
		enterPromoteSecret,
		startPromote,
		promotePrompt: promoteInfo.current?.prompt,
		promoteChoices,
		promoteProfiles: promoteInfo.current?.profiles ?? [],
	};
};
