import type {CommandContext} from './context.js';

export const runWizardCommand = async (_context: CommandContext, _flags: {demo: boolean; profile?: string}): Promise<number> => 2;
