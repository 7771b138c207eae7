/**
 * The wizard as a pure reducer: one screen at a time, every key press an action. No React, no
 * I/O: use-wizard.ts runs the effects and feeds their results back as actions.
 */
import type {EngineEvent} from '../engine/events.js';
import type {ImportResult} from '../engine/result.js';
import type {Profile} from '../config/profile-types.js';
import {effectiveAction} from '../vendors/mstr/actions.js';
import {mstrActions, type MstrAction, type MstrChoices, type MstrReview} from '../vendors/mstr/types.js';
import type {AepReview, AepTarget} from '../vendors/aep/types.js';
import type {VaultReview} from '../vendors/vault/types.js';
import type {PackageInfo} from '../vendors/vendor.js';
import type {PackageCandidate, ServerPackage, TreeNode} from './services.js';

export type Screen =
	| 'profiles'
	| 'profile-form'
	| 'secret'
	| 'packages'
	| 'preparing'
	| 'package-preview'
	| 'review'
	| 'vault-review'
	| 'vault-confirm'
	| 'server-packages'
	| 'aep-target'
	| 'aep-review'
	| 'aep-confirm'
	| 'promote-source'
	| 'promote-secret'
	| 'promote-ref'
	| 'confirm'
	| 'running'
	| 'summary';

export type Problem = {message: string; hint?: string};

/**
 * The ways on from a finished run, offered before "quit": sign in again with another secret, the
 * same package again (its review with the choices made), another package, or the profile list.
 */
export type Way = 'secret' | 'review' | 'again' | 'package' | 'start-over';

/** What a finished run printed, kept for the scrollback (<Static>): never redrawn, never re-wrapped. */
export type RunReport = {
	id: number;
	result: ImportResult;
	notes: Array<{level: 'info' | 'warn' | 'error'; message: string}>;
	/** The headless command that repeats the run, one line. */
	command: string;
	/** Time the user spent on the review and confirm screens, left out of the run's time. */
	reviewMs: number;
};
export type StepLine = {name: string; label: string; status: 'running' | 'done' | 'failed' | 'skipped'; ms?: number};

export type WizardState = {
	screen: Screen;
	profiles: Profile[];
	profile?: Profile;
	secret?: string;
	packages: PackageCandidate[];
	packagePath?: string;
	packageInfo?: PackageInfo;
	/** What the current screen is waiting for ("Testing connection…"), if anything. */
	busy?: string;
	problem?: Problem;
	/** A one-time note shown under the screen until a package is picked (e.g. where secrets went). */
	notice?: string;
	steps: StepLine[];
	/** What the engine said along the way (a lost answer, the job found instead), latest last. */
	notes: Array<{level: 'info' | 'warn' | 'error'; message: string}>;
	upload?: {transferred: number; total: number};
	progress?: {percent?: number; serverStatus?: string; jobId?: string; nextPollAt?: number};
	startedAt?: number;
	review?: MstrReview;
	vaultReview?: VaultReview;
	serverPackages?: ServerPackage[];
	/** The server has more pages of packages than loaded so far. */
	morePackages?: boolean;
	aepReview?: AepReview;
	/** Adobe substitutions chosen so far: source artifact id -> existing target artifact. */
	alternatives: Record<string, AepTarget>;
	/** Text filter of the conflict list; `filtering` while the user types it. */
	filter: string;
	filtering: boolean;
	savedSubstitutions?: string;
	targetSandbox?: string;
	/** Dependency trees fetched so far, by artifact id ("loading" while a request runs). */
	trees: Record<string, TreeNode[] | 'loading' | 'unavailable'>;
	choices?: MstrChoices;
	/** Selected row of the review table, and the first visible one. */
	cursor: number;
	scrollTop: number;
	stopping: boolean;
	/** Ctrl-C while the server runs the job: the wizard asks detach/stop or keep watching. */
	askingInterrupt: boolean;
	result?: ImportResult;
	/** Every finished run's report, oldest first. */
	reports: RunReport[];
	/** This run showed a review the user could change (so "back to the review" means something). */
	reviewed: boolean;
	/** A run started again from the summary: the review comes back with the choices made before. */
	keepChoices: boolean;
	/**
	 * Promote: the source environment (a profile of the same vendor) and what to take from it; the
	 * run's first half takes it there, the second imports it into `profile` as usual.
	 */
	promote?: {from: Profile; ref?: string};
};

export type WizardAction =
	| {type: 'profiles-loaded'; profiles: Profile[]}
	| {type: 'profile-picked'; profile: Profile; needsSecret: boolean}
	| {type: 'new-profile'}
	| {type: 'form-cancelled'}
	| {type: 'busy'; what: string | undefined}
	| {type: 'problem'; problem: Problem | undefined}
	| {type: 'notice'; text: string | undefined}
	| {type: 'secret-entered'; secret: string}
	| {type: 'packages-loaded'; packages: PackageCandidate[]}
	| {type: 'package-inspected'; path: string; info: PackageInfo}
	| {type: 'engine-event'; event: EngineEvent; at: number}
	| {type: 'review-ready'; review: MstrReview; defaults: MstrChoices}
	| {type: 'vault-review-ready'; review: VaultReview}
	| {type: 'start-upload'}
	| {type: 'server-packages-loaded'; packages: ServerPackage[]; hasNextPage: boolean}
	| {type: 'server-package-picked'; id: string}
	| {type: 'aep-target-chosen'; sandbox: string}
	| {type: 'aep-review-ready'; review: AepReview; alternatives: Record<string, AepTarget>}
	| {type: 'aep-cycle'; direction: 1 | -1}
	| {type: 'aep-filter'; text: string | undefined}
	| {type: 'aep-saved'; path: string}
	| {type: 'to-aep-confirm'}
	| {type: 'aep-tree'; id: string; tree: TreeNode[] | 'loading' | 'unavailable'}
	| {type: 'to-vault-confirm'}
	| {type: 'move'; delta: number; pageSize: number; rows: number}
	| {type: 'cycle-action'; direction: 1 | -1}
	| {type: 'cycle-default'}
	| {type: 'toggle-undo'}
	| {type: 'to-confirm'}
	| {type: 'back-to-review'}
	| {type: 'import-started'; at: number}
	| {type: 'stopping'}
	| {type: 'ask-interrupt'; asking: boolean}
	| {type: 'finished'; result: ImportResult; command: string; reviewMs: number}
	| {type: 'try-again'; way: Way}
	| {type: 'promote-start'}
	| {type: 'promote-source-picked'; from: Profile; needsSecret: boolean}
	| {type: 'promote-secret-entered'}
	| {type: 'promote-ref-taken'; ref: string}
	| {type: 'back'};

export const initialState = (profiles: Profile[] = []): WizardState => ({
	screen: 'profiles',
	profiles,
	packages: [],
	steps: [],
	notes: [],
	cursor: 0,
	scrollTop: 0,
	stopping: false,
	askingInterrupt: false,
	alternatives: {},
	filter: '',
	filtering: false,
	trees: {},
	reports: [],
	reviewed: false,
	keepChoices: false,
});

/** The ways on a summary offers for this run, most likely first ("quit" always follows). */
export const waysOn = (state: WizardState): Way[] => {
	const result = state.result;
	if (!result) return ['start-over'];
	const ways: Way[] = [];
	// A promote runs both halves again from its start (its review comes with it); which of its two
	// secrets was refused is in the error, and fixing it is a profile matter.
	if (state.promote?.ref) {
		if (result.exitCode === 130 || (result.exitCode === 3 && result.status !== 'unauthorized')) ways.push('again');
		ways.push('package', 'start-over');
		return ways;
	}

	// A refused sign-in: a wrong or stale secret is the likely cause.
	if (result.status === 'unauthorized') ways.push('secret');
	// Stopped at the review or its confirmation (Esc, Ctrl-C): nothing was imported, go back to it.
	if (result.exitCode === 130 && state.reviewed) ways.push('review');
	else if (result.exitCode === 3 && result.status !== 'unauthorized') ways.push('again');
	else if (result.exitCode === 130) ways.push('again');
	ways.push('package', 'start-over');
	return ways;
};

/** What a run kept of its package (reviews, choices, a promote's source), dropped when another is picked. */
const noPackage = {
	review: undefined,
	choices: undefined,
	vaultReview: undefined,
	aepReview: undefined,
	alternatives: {},
	cursor: 0,
	scrollTop: 0,
	promote: undefined,
} satisfies Partial<WizardState>;

/** What is left of a run once the user starts another one from its summary. */
const freshRun = (state: WizardState): WizardState => ({
	...state,
	steps: [],
	notes: [],
	upload: undefined,
	progress: undefined,
	startedAt: undefined,
	stopping: false,
	askingInterrupt: false,
	result: undefined,
	busy: undefined,
	problem: undefined,
	reviewed: false,
	keepChoices: false,
	savedSubstitutions: undefined,
	trees: {},
	filter: '',
	filtering: false,
});

/** The conflicts the filter lets through (title, type or id contains the text, any case). */
export const visibleConflicts = (review: AepReview, filter: string) => {
	const needle = filter.trim().toLowerCase();
	return needle ? review.conflicts.filter(conflict => `${conflict.title} ${conflict.type} ${conflict.id}`.toLowerCase().includes(needle)) : review.conflicts;
};

const cycle = <T>(values: readonly T[], current: T | undefined, direction: 1 | -1): T => {
	const index = current === undefined ? -1 : values.indexOf(current);
	const next = (index + direction + values.length) % values.length;
	return values[next]!;
};

const applyStep = (steps: StepLine[], line: StepLine): StepLine[] => {
	const index = steps.findIndex(step => step.name === line.name);
	if (index === -1) return [...steps, line];
	const copy = [...steps];
	copy[index] = line;
	return copy;
};

const onEngineEvent = (state: WizardState, event: EngineEvent): WizardState => {
	if (event.type === 'step') return {...state, steps: applyStep(state.steps, {name: event.name, label: event.label, status: event.status, ms: event.ms})};
	if (event.type === 'progress') {
		if (event.transferred !== undefined) return {...state, upload: {transferred: event.transferred, total: event.total ?? state.upload?.total ?? 0}};
		return {
			...state,
			progress: {percent: event.percent, serverStatus: event.serverStatus, jobId: event.jobId ?? state.progress?.jobId, nextPollAt: event.nextPollAt},
		};
	}

	// The few notes a run makes are kept, the last 4 shown: enough for "answer lost" + "job found".
	return {...state, notes: [...state.notes, {level: event.level, message: event.message}].slice(-4)};
};

/** Keeps the cursor on screen: the window scrolls only when the cursor leaves it. */
export const scrollFor = (cursor: number, scrollTop: number, pageSize: number): number => {
	if (cursor < scrollTop) return cursor;
	if (cursor >= scrollTop + pageSize) return cursor - pageSize + 1;
	return scrollTop;
};

export const wizardReducer = (state: WizardState, action: WizardAction): WizardState => {
	switch (action.type) {
		case 'profiles-loaded':
			return {...state, profiles: action.profiles};
		case 'profile-picked': {
			const next = {...state, profile: action.profile, problem: undefined, busy: undefined, promote: undefined};
			if (action.profile.vendor === 'aep') return {...next, screen: action.needsSecret ? 'secret' : 'server-packages', serverPackages: undefined};
			return {...next, screen: action.needsSecret ? 'secret' : 'packages'};
		}

		case 'new-profile':
			return {...state, screen: 'profile-form', problem: undefined};
		case 'form-cancelled':
			return {...state, screen: 'profiles', problem: undefined, busy: undefined};
		case 'busy':
			return {...state, busy: action.what};
		case 'problem':
			return {...state, problem: action.problem, busy: undefined};
		case 'notice':
			return {...state, notice: action.text};
		case 'secret-entered':
			return {...state, secret: action.secret, screen: 'packages', problem: undefined};
		case 'packages-loaded':
			return {...state, packages: action.packages};
		case 'package-inspected': {
			// Vault packages are shown (manifest, steps, checksums) before anything is uploaded.
			const screen = state.profile?.vendor === 'vault' ? 'package-preview' : 'preparing';
			return {
				...state,
				promote: undefined,
				packagePath: action.path,
				packageInfo: action.info,
				screen,
				busy: undefined,
				problem: undefined,
				notice: undefined,
				steps: [],
				notes: [],
				upload: undefined,
				progress: undefined,
			};
		}

		case 'start-upload':
			return state.screen === 'package-preview' ? {...state, screen: 'preparing'} : state;
		case 'vault-review-ready':
			return {...state, screen: 'vault-review', vaultReview: action.review, cursor: 0, scrollTop: 0, keepChoices: false};
		case 'server-packages-loaded': {
			// A list that keeps saying "more" but sends nothing new (a broken server) ends here.
			const known = new Set((state.serverPackages ?? []).map(item => item.id));
			const fresh = action.packages.filter(item => !known.has(item.id));
			return {...state, serverPackages: [...(state.serverPackages ?? []), ...fresh], morePackages: action.hasNextPage && fresh.length > 0, busy: undefined};
		}
		case 'server-package-picked':
			return {...state, screen: 'aep-target', packagePath: action.id, problem: undefined, notice: undefined};
		case 'aep-target-chosen':
			return {...state, screen: 'preparing', targetSandbox: action.sandbox, steps: [], notes: [], progress: undefined, problem: undefined};
		case 'aep-review-ready': {
			// Back to the review from a summary: the substitutions chosen before stay chosen.
			const alternatives = state.keepChoices ? state.alternatives : action.alternatives;
			const cursor = state.keepChoices ? Math.min(state.cursor, Math.max(0, action.review.conflicts.length - 1)) : 0;
			return {
				...state,
				screen: 'aep-review',
				aepReview: action.review,
				alternatives,
				cursor,
				scrollTop: state.keepChoices ? state.scrollTop : 0,
				filter: '',
				filtering: false,
				reviewed: true,
				keepChoices: false,
			};
		}
		case 'aep-cycle': {
			const review = state.aepReview;
			const conflict = review ? visibleConflicts(review, state.filter)[state.cursor] : undefined;
			if (!conflict) return state;
			// Choices in order: create new, then the ranked suggestions.
			const options = [undefined, ...conflict.suggestions];
			const current = state.alternatives[conflict.id]?.id;
			const index = Math.max(
				0,
				options.findIndex(option => option?.id === current),
			);
			const next = options[(index + action.direction + options.length) % options.length];
			const alternatives = {...state.alternatives};
			if (next) alternatives[conflict.id] = {id: next.id, type: next.type};
			else delete alternatives[conflict.id];
			return {...state, alternatives, savedSubstitutions: undefined};
		}

		case 'aep-filter':
			return action.text === undefined ? {...state, filtering: false} : {...state, filtering: true, filter: action.text, cursor: 0, scrollTop: 0};
		case 'aep-saved':
			return {...state, savedSubstitutions: action.path};
		case 'aep-tree':
			return {...state, trees: {...state.trees, [action.id]: action.tree}};
		case 'to-aep-confirm':
			return state.aepReview ? {...state, screen: 'aep-confirm'} : state;
		case 'to-vault-confirm':
			return state.vaultReview?.deployable ? {...state, screen: 'vault-confirm'} : state;
		case 'engine-event':
			return onEngineEvent(state, action.event);
		case 'review-ready': {
			// Back to the review from a summary: the actions chosen before stay chosen, the cursor where it was.
			if (state.keepChoices && state.choices) {
				const cursor = Math.min(state.cursor, Math.max(0, action.review.objects.length - 1));
				return {...state, screen: 'review', review: action.review, cursor, reviewed: true, keepChoices: false};
			}

			return {...state, screen: 'review', review: action.review, choices: action.defaults, cursor: 0, scrollTop: 0, reviewed: true};
		}
		case 'move': {
			if (action.rows === 0) return state;
			const cursor = Math.max(0, Math.min(action.rows - 1, state.cursor + action.delta));
			return {...state, cursor, scrollTop: scrollFor(cursor, state.scrollTop, action.pageSize)};
		}

		case 'cycle-action': {
			const {review, choices} = state;
			const object = review?.objects[state.cursor];
			if (!review || !choices || !object || review.actionsLocked) return state;
			const next = cycle(mstrActions, effectiveAction(object, choices) as MstrAction, action.direction);
			const actions = {...choices.actions};
			// An override equal to what the object would get anyway is no override.
			if (next === (choices.defaultAction ?? object.action)) delete actions[object.id];
			else actions[object.id] = next;
			return {...state, choices: {...choices, actions}};
		}

		case 'cycle-default': {
			const {review, choices} = state;
			if (!review || !choices || review.actionsLocked) return state;
			const current = choices.defaultAction ?? (review.settings.defaultAction as MstrAction | undefined);
			const next = cycle(mstrActions, current, 1);
			// Back at the package's own default means "no change", so the headless command stays short.
			return {...state, choices: {...choices, defaultAction: next === review.settings.defaultAction ? undefined : next}};
		}

		case 'toggle-undo':
			return state.choices ? {...state, choices: {...state.choices, generateUndo: !state.choices.generateUndo}} : state;
		case 'to-confirm':
			return state.review ? {...state, screen: 'confirm'} : state;
		case 'back-to-review':
			return {...state, screen: state.aepReview ? 'aep-review' : state.vaultReview ? 'vault-review' : 'review'};
		case 'import-started':
			return {...state, screen: 'running', startedAt: action.at};
		case 'stopping':
			return {...state, stopping: true, askingInterrupt: false};
		case 'ask-interrupt':
			return {...state, askingInterrupt: action.asking};
		case 'finished': {
			const report: RunReport = {id: state.reports.length + 1, result: action.result, notes: state.notes, command: action.command, reviewMs: action.reviewMs};
			return {...state, screen: 'summary', result: action.result, busy: undefined, reports: [...state.reports, report]};
		}

		case 'try-again': {
			const next = freshRun(state);
			const list = state.profile?.vendor === 'aep' ? 'server-packages' : 'packages';
			switch (action.way) {
				case 'secret':
					return {...next, screen: 'secret', secret: undefined};
				case 'review':
				case 'again':
					// The same package runs again up to its review; the choices made are kept.
					return {...next, screen: 'preparing', keepChoices: true};
				case 'package':
					return {...next, ...noPackage, screen: list};
				case 'start-over':
					return {...next, ...noPackage, screen: 'profiles', secret: undefined};
			}
		}

		case 'promote-start':
			return {...state, screen: 'promote-source', problem: undefined, notice: undefined};
		case 'promote-source-picked':
			return {...state, screen: action.needsSecret ? 'promote-secret' : 'promote-ref', promote: {from: action.from}, problem: undefined};
		case 'promote-secret-entered':
			return {...state, screen: 'promote-ref', problem: undefined};
		case 'promote-ref-taken':
			// The run shows the progress of both halves, then the usual review of the target.
			return state.promote
				? {...state, screen: 'preparing', promote: {...state.promote, ref: action.ref}, packagePath: action.ref, steps: [], notes: [], progress: undefined, upload: undefined, problem: undefined}
				: state;
		case 'back':
			if (state.screen === 'promote-source')
				return {...state, screen: state.profile?.vendor === 'aep' ? 'server-packages' : 'packages', promote: undefined, problem: undefined};
			if (state.screen === 'promote-secret' || state.screen === 'promote-ref') return {...state, screen: 'promote-source', problem: undefined};
			if (state.screen === 'packages' || state.screen === 'secret' || state.screen === 'server-packages')
				return {...state, screen: 'profiles', problem: undefined};
			if (state.screen === 'package-preview') return {...state, screen: 'packages'};
			if (state.screen === 'aep-target') return {...state, screen: 'server-packages'};
			return state;
	}
};

/** True when the effective actions contain keep_both while an undo package is asked for. */
export const keepBothWarning = (review: MstrReview, choices: MstrChoices): boolean =>
	choices.generateUndo && review.objects.some(object => effectiveAction(object, choices) === 'keep_both');
