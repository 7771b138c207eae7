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
import {percentile} from './figure.js';

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

type Screen = {screen: string; rows: number; element: () => React.ReactElement};

const screens: Screen[] = [
	...[50, 2000, 5000].map(count => ({screen: 'AEP conflict review', rows: count, element: () => <StandaloneAepReview review={aepReview(count)} />})),
	...[50, 5000].map(count => ({screen: 'MicroStrategy definition', rows: count, element: () => <StandaloneMstrReview review={mstrReview(count)} />})),
];

/**
 * The p95 of `presses` keys per screen, in `rounds` interleaved rounds: one p95 scatters by a few
 * milliseconds on a shared machine (a GC or a neighbour), the median of the rounds much less.
 */
export const benchReviews = async (presses = 200, rounds = 5) => {
	// Warm up Ink, React and the JIT first, so the first measured screen is not penalised.
	await measure(<StandaloneAepReview review={aepReview(50)} />, 100);
	await measure(<StandaloneMstrReview review={mstrReview(50)} />, 100);
	const p95s = screens.map(() => [] as number[]);
	for (let round = 0; round < rounds; round++) {
		for (const [index, screen] of screens.entries()) p95s[index]!.push(percentile(await measure(screen.element(), presses), 95));
	}

	// Touch the helper so a change in its cost shows up here too.
	visibleConflicts(aepReview(10), 'schema');
	return screens.map((screen, index) => ({screen: screen.screen, rows: screen.rows, presses, p95s: p95s[index]!}));
};
