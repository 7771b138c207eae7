/**
 * Keystroke-to-redrawn-frame in the big review screens, measured with the real components and
 * reducer: a key goes in through stdin, the clock stops when the frame changes.
 */
import {render} from 'ink-testing-library';
import {StandaloneAepReview, StandaloneMstrReview} from '../steps/standalone-reviews.js';
import type {AepReview} from '../vendors/aep/types.js';
import {mstrTypeName} from '../vendors/mstr/object-types.js';
import type {MstrReview} from '../vendors/mstr/types.js';
import {visibleConflicts} from '../wizard/state.js';

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
	await measure(<StandaloneAepReview review={aepReview(50)} />, 100);
	await measure(<StandaloneMstrReview review={mstrReview(50)} />, 100);
	const rows: Array<{screen: string; rows: number; samples: number[]}> = [];
	for (const count of [50, 2000, 5000]) rows.push({screen: 'AEP conflict review', rows: count, samples: await measure(<StandaloneAepReview review={aepReview(count)} />, presses)});
	for (const count of [50, 5000]) rows.push({screen: 'MicroStrategy definition', rows: count, samples: await measure(<StandaloneMstrReview review={mstrReview(count)} />, presses)});
	// Touch the helper so a change in its cost shows up here too.
	visibleConflicts(aepReview(10), 'schema');
	return rows;
};
