/** Shapes of the Vault configuration-migration flow (vendor-apis.md part 1). */
export type VaultDependency = {name: string; type: string; status: string};

export type VaultStep = {
	name: string;
	label: string;
	/** The component type (`type__v`: Object, Doctype…). */
	type: string;
	/** The step's kind (`step_type__v`: Component or Data), where Vault says. */
	kind?: string;
	status: string;
	dependencies: VaultDependency[];
};

export type VaultReview = {
	vendor: 'vault';
	/** `vaultPackage.id`, needed for deploy; null for --validate-only. */
	packageId: string | null;
	packageName: string;
	/** As the server says it: an API name (`imported__v`) or, from Validate Package, a label (`Blocked`). */
	packageStatus: string;
	/** Vault's `package_error` text, when it has one. */
	packageError?: string;
	/** The import job ran but linked no results (the published job answers have only `self`). */
	noResults?: boolean;
	deployable: boolean;
	blockedSteps: number;
	steps: VaultStep[];
	validateOnly: boolean;
	/** Log files the server offers (validation log). */
	logs: Array<{filename: string; url: string}>;
};

/** `declined`: the review was declined after the import (n, Esc, Ctrl-C), so nothing more is done. */
export type VaultChoices = {vendor: 'vault'; deploy: boolean; declined?: boolean};

export type VaultOptions = {
	validateOnly?: boolean;
	deploy?: boolean;
	/** Deploy later: an inbound package imported earlier, by id (no upload). */
	deployPackageId?: string;
	/** Where Vault's logs go when there is no package file to put them beside (deploy later). */
	logDir?: string;
};
