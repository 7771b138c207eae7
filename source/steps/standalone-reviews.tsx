/**
 * The two big review screens on their own, wired to the real wizard reducer the way App wires
 * them, without profiles or a server: what the keystroke benchmark and the screen tests drive.
 */
import {useReducer} from 'react';
import type {AepReview} from '../vendors/aep/types.js';
import type {MstrReview} from '../vendors/mstr/types.js';
import {initialState, wizardReducer} from '../wizard/state.js';
import {aepReviewProps, mstrReviewProps} from '../wizard/review-props.js';
import {AepReviewView} from './aep-review.js';
import {MstrReviewView} from './mstr-review.js';

const nothing = () => undefined;

export const StandaloneMstrReview = ({review, onCancel = nothing}: {review: MstrReview; onCancel?: () => void}) => {
	const [state, dispatch] = useReducer(wizardReducer, undefined, () =>
		wizardReducer(initialState(), {type: 'review-ready', review, defaults: {vendor: 'mstr', actions: {}, generateUndo: true}}),
	);
	return <MstrReviewView isActive {...mstrReviewProps(state, dispatch)} onConfirm={nothing} onCancel={onCancel} />;
};

export const StandaloneAepReview = ({review}: {review: AepReview}) => {
	const [state, dispatch] = useReducer(wizardReducer, undefined, () => wizardReducer(initialState(), {type: 'aep-review-ready', review, alternatives: {}}));
	return <AepReviewView isActive {...aepReviewProps(state, dispatch)} onSave={nothing} onConfirm={nothing} onCancel={nothing} />;
};
