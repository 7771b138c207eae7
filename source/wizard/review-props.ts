/**
 * The wizard state and keys of the two big review screens as their props, in one place: App and
 * the standalone reviews (benchmark, screen tests) render the screens from these.
 */
import type {Dispatch} from 'react';
import {aepReviewPageSize} from '../steps/aep-review.js';
import {reviewPageSize} from '../steps/mstr-review.js';
import type {WizardAction, WizardState} from './state.js';

export const mstrReviewProps = (state: WizardState, dispatch: Dispatch<WizardAction>) => {
	const rows = state.review?.objects.length ?? 0;
	return {
		review: state.review!,
		choices: state.choices!,
		cursor: state.cursor,
		scrollTop: state.scrollTop,
		onMove: (delta: number) => dispatch({type: 'move', delta, pageSize: reviewPageSize, rows}),
		onCycleAction: (direction: 1 | -1) => dispatch({type: 'cycle-action', direction}),
		onCycleDefault: () => dispatch({type: 'cycle-default'}),
		onToggleUndo: () => dispatch({type: 'toggle-undo'}),
	};
};

export const aepReviewProps = (state: WizardState, dispatch: Dispatch<WizardAction>) => ({
	review: state.aepReview!,
	alternatives: state.alternatives,
	filter: state.filter,
	filtering: state.filtering,
	cursor: state.cursor,
	scrollTop: state.scrollTop,
	savedSubstitutions: state.savedSubstitutions,
	trees: state.trees,
	onMove: (delta: number, rows: number) => dispatch({type: 'move', delta, pageSize: aepReviewPageSize, rows}),
	onCycle: (direction: 1 | -1) => dispatch({type: 'aep-cycle', direction}),
	onFilter: (text: string | undefined) => dispatch({type: 'aep-filter', text}),
});
