import type {ImportPlan} from '../engine/plan.js';
import type {Choices} from '../vendors/vendor.js';

const quote = (value: string): string => (/^[\w./:=@%+,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);

/** The `packport import` line that repeats what the wizard just did, for the summary screen. */
export const headlessCommand = (plan: ImportPlan, choices: Choices | undefined): string => {
	const args = ['packport', 'import', '--profile', plan.profile.name, '--package', plan.packageRef];
	if (choices?.vendor === 'mstr') {
		if (choices.defaultAction) args.push('--default-action', choices.defaultAction);
		for (const [id, action] of Object.entries(choices.actions)) args.push('--action', `${id}=${action}`);
		if (!choices.generateUndo) args.push('--no-undo');
	}

	if (choices?.vendor === 'vault' && choices.deploy) args.push('--deploy');
	if (plan.options.aep?.targetSandbox) args.push('--target-sandbox', plan.options.aep.targetSandbox);
	if (plan.options.aep?.substitutionsFile) args.push('--substitutions', plan.options.aep.substitutionsFile);
	else if (choices?.vendor === 'aep') for (const [source, target] of Object.entries(choices.alternatives)) args.push('--substitute', `${source}=${target.id}`);
	if (plan.options.vault?.validateOnly) args.push('--validate-only');
	if (plan.options.mstr?.undoOut) args.push('--undo-out', plan.options.mstr.undoOut);
	args.push('--yes');
	return args.map(arg => quote(arg)).join(' ');
};
