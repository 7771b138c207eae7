/** Shapes of the Vault configuration-migration flow (vendor-apis.md part 1). */
export type VaultDependency = {name: string; type: string; status: string};

export type VaultStep = {
	name: string;
	label: string;
	type: string;
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
	deployable: boolean;
	blockedSteps: number;
	steps: VaultStep[];
	validateOnly: boolean;
	/** Log files the server offers (validation log). */
	logs: Array<{filename: string; url: string}>;
};

export type VaultChoices = {vendor: 'vault'; deploy: boolean};

export type VaultOptions = {validateOnly?: boolean; deploy?: boolean};
