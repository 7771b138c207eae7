/**
 * The two big review screens on their own, wired to the real wizard reducer the way App wires
 * them, without profiles or a server: what the keystroke benchmark and the screen tests drive.
 */
import {useReducer} from 'react';
import type {AepReview} from '../vendors/aep/types.js';
import type {MstrReview} from '../vendors/mstr/types.js';
import {initialState, wizardReducer} from '../wizard/state.js';
import {aepReviewKeys, mstrReviewKeys} from '../wizard/review-keys.js';
import {AepReviewView} from './aep-review.js';
import {MstrReviewView} from './mstr-review.js';

const nothing = () => undefined;

export const StandaloneMstrReview = ({review, onCancel = nothing}: {review: MstrReview; onCancel?: () => void}) => {
	const [state, dispatch] = useReducer(wizardReducer, undefined, () =>
		wizardReducer(initialState(), {type: 'review-ready', review, defaults: {vendor: 'mstr', actions: {}, generateUndo: true}}),
	);
	return (
		<MstrReviewView
			isActive
			review={state.review!}
			choices={state.choices!}
			cursor={state.cursor}
			scrollTop={state.scrollTop}
			{...mstrReviewKeys(dispatch, review.objects.length)}
			onConfirm={nothing}
			onCancel={onCancel}
		/>
	);
};

export const StandaloneAepReview = ({review}: {review: AepReview}) => {
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
			{...aepReviewKeys(dispatch)}
			onSave={nothing}
			onConfirm={nothing}
			onCancel={nothing}
		/>
	);
};
