/**
 * Keystroke-to-redrawn-frame in the big review screens, measured with the real components and
 * reducer: a key goes in through stdin, the clock stops when the frame changes.
 */
import {render} from 'ink-testing-library';
import {useReducer} from 'react';
import {AepReviewView, aepReviewPageSize} from '../steps/aep-review.js';
import {MstrReviewView, reviewPageSize} from '../steps/mstr-review.js';
import type {AepReview} from '../vendors/aep/types.js';
import {mstrTypeName} from '../vendors/mstr/object-types.js';
import type {MstrReview} from '../vendors/mstr/types.js';
import {initialState, visibleConflicts, wizardReducer} from '../wizard/state.js';

const aepReview = (count: number): AepReview => ({
	vendor: 'aep',
	packageId: 'p',
	packageName: 'Conflict Storm',
	targetSandbox: 'prod',
	artifacts: count,
	expiry: null,
	conflicts: Array.from({length: count}, (_, index) => ({
		id: `https://ns.adobe.com/acme/schemas/${index.toString(16).padStart(40, '0')}`,
		type: 'REGISTRY_SCHEMA',
		title: `Schema ${index + 1}`,
		suggestions: [1, 2, 3].map(rank => ({id: `target-${index}-${rank}`, type: 'REGISTRY_SCHEMA', title: `Schema ${index + 1} (copy ${rank})`})),
	})),
});

const mstrReview = (count: number): MstrReview => ({
	vendor: 'mstr',
	holderId: 'h',
	status: 'ready',
	settings: {defaultAction: 'replace'},
	objects: Array.from({length: count}, (_, index) => ({id: `ID${index}`, name: `Object ${index + 1}`, type: 12, typeName: mstrTypeName(12), action: 'replace', dateModified: '2024-05-01'})),
});

const AepHarness = ({review}: {review: AepReview}) => {
	const [state, dispatch] = useReducer(wizardReducer, undefined, () => wizardReducer(initialState(), {type: 'aep-review-ready', review, alternatives: {}}));
	return (
		<AepReviewView
			isActive
			review={review}
			alternatives={state.alternatives}
			filter={state.filter}
			filtering={state.filtering}
			cursor={state.cursor}
			scrollTop={state.scrollTop}
			trees={{}}
			onMove={(delta, rows) => dispatch({type: 'move', delta, pageSize: aepReviewPageSize, rows})}
			onCycle={direction => dispatch({type: 'aep-cycle', direction})}
			onFilter={text => dispatch({type: 'aep-filter', text})}
			onSave={() => undefined}
			onConfirm={() => undefined}
			onCancel={() => undefined}
		/>
	);
};

const MstrHarness = ({review}: {review: MstrReview}) => {
	const [state, dispatch] = useReducer(wizardReducer, undefined, () => wizardReducer(initialState(), {type: 'review-ready', review, defaults: {vendor: 'mstr', actions: {}, generateUndo: true}}));
	return (
		<MstrReviewView
			isActive
			review={review}
			choices={state.choices!}
			cursor={state.cursor}
			scrollTop={state.scrollTop}
			onMove={delta => dispatch({type: 'move', delta, pageSize: reviewPageSize, rows: review.objects.length})}
			onCycleAction={direction => dispatch({type: 'cycle-action', direction})}
			onCycleDefault={() => dispatch({type: 'cycle-default'})}
			onToggleUndo={() => dispatch({type: 'toggle-undo'})}
			onConfirm={() => undefined}
			onCancel={() => undefined}
		/>
	);
};

// Down, right, up, left: every key changes the frame, and the cursor never runs off the end.
const keys = ['\u001B[B', '\u001B[C', '\u001B[A', '\u001B[D'];

/** Milliseconds from each key to the next different frame, for `presses` keys. */
const measure = async (element: React.ReactElement, presses: number): Promise<number[]> => {
	const app = render(element);
	await new Promise(resolve => setTimeout(resolve, 50));
	const samples: number[] = [];
	for (let index = 0; index < presses; index++) {
		const before = app.lastFrame();
		const started = performance.now();
		app.stdin.write(keys[index % keys.length]!);
		while (app.lastFrame() === before) {
			await new Promise(resolve => setImmediate(resolve));
			if (performance.now() - started > 2000) break;
		}

		samples.push(performance.now() - started);
	}

	app.unmount();
	return samples;
};

export const benchReviews = async (presses = 200) => {
	// Warm up Ink, React and the JIT first, so the first measured screen is not penalised.
	await measure(<AepHarness review={aepReview(50)} />, 100);
	await measure(<MstrHarness review={mstrReview(50)} />, 100);
	const rows: Array<{screen: string; rows: number; samples: number[]}> = [];
	for (const count of [50, 2000, 5000]) rows.push({screen: 'AEP conflict review', rows: count, samples: await measure(<AepHarness review={aepReview(count)} />, presses)});
	for (const count of [50, 5000]) rows.push({screen: 'MicroStrategy definition', rows: count, samples: await measure(<MstrHarness review={mstrReview(count)} />, presses)});
	// Touch the helper so a change in its cost shows up here too.
	visibleConflicts(aepReview(10), 'schema');
	return rows;
};
