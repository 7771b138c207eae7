/** Shapes of the AEP sandbox-tooling import (vendor-apis.md part 3). */
export type AepTarget = {id: string; type: string};
export type AepSuggestion = {id: string; type: string; title: string};
export type AepConflict = {id: string; type: string; title: string; suggestions: AepSuggestion[]};

export type AepReview = {
	vendor: 'aep';
	packageId: string;
	packageName: string;
	targetSandbox: string;
	artifacts: number;
	expiry: number | null;
	/** Ranked suggestions first; an empty list means "create new" is the only choice. */
	conflicts: AepConflict[];
};

export type AepChoices = {vendor: 'aep'; alternatives: Record<string, AepTarget>};

export type AepOptions = {
	targetSandbox?: string;
	alternatives?: Record<string, AepTarget>;
	substitute?: Record<string, string>;
	/** Where the wizard saved the choices, for the command that repeats the import. */
	substitutionsFile?: string;
};
