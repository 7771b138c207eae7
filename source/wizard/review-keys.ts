/**
 * What the keys of the two big review screens do to the wizard state, in one place: App and the
 * standalone reviews (benchmark, screen tests) pass these to the screens.
 */
import type {Dispatch} from 'react';
import {aepReviewPageSize} from '../steps/aep-review.js';
import {reviewPageSize} from '../steps/mstr-review.js';
import type {WizardAction} from './state.js';

export const mstrReviewKeys = (dispatch: Dispatch<WizardAction>, rows: number) => ({
	onMove: (delta: number) => dispatch({type: 'move', delta, pageSize: reviewPageSize, rows}),
	onCycleAction: (direction: 1 | -1) => dispatch({type: 'cycle-action', direction}),
	onCycleDefault: () => dispatch({type: 'cycle-default'}),
	onToggleUndo: () => dispatch({type: 'toggle-undo'}),
});

export const aepReviewKeys = (dispatch: Dispatch<WizardAction>) => ({
	onMove: (delta: number, rows: number) => dispatch({type: 'move', delta, pageSize: aepReviewPageSize, rows}),
	onCycle: (direction: 1 | -1) => dispatch({type: 'aep-cycle', direction}),
	onFilter: (text: string | undefined) => dispatch({type: 'aep-filter', text}),
});
