import type {MstrChoices, MstrObject, MstrReview} from './types.js';

/**
 * The action an object will be imported with: its own override, else the new default when the
 * user changed it (`--default-action` applies to every object without an explicit `--action`),
 * else what the package says.
 */
export const effectiveAction = (object: MstrObject, choices: Pick<MstrChoices, 'defaultAction' | 'actions'>): string =>
	choices.actions[object.id] ?? choices.defaultAction ?? object.action;

export const hasActionChanges = (review: MstrReview, choices: MstrChoices): boolean =>
	review.objects.some(object => effectiveAction(object, choices) !== object.action) ||
	(choices.defaultAction !== undefined && choices.defaultAction !== review.settings.defaultAction);

export const countActions = (review: MstrReview, choices: Pick<MstrChoices, 'defaultAction' | 'actions'>): Record<string, number> => {
	const counts: Record<string, number> = {};
	for (const object of review.objects) {
		const action = effectiveAction(object, choices);
		counts[action] = (counts[action] ?? 0) + 1;
	}

	return counts;
};
