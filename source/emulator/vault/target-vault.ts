/**
 * The configuration of the emulated target Vault, and how a package's steps read against it.
 * Standard components (API names ending `__v` or `__sys`, e.g. `default_status__v`, `country__v`,
 * `user__sys`, `annotation_keyword_targets__sys.base__v`) are in every Vault: "In Target", as in
 * every published validation sample. A custom one is "In Target" when this Vault has it (a few
 * from the start, and everything deployed since), "In Package" when the package brings it, and
 * otherwise missing: "Missing - Block" or "Missing - Ignore" as its `.dep` row's blocking type says.
 * Only what the package's `.dep` files name is listed; nothing is invented.
 */
import type {DependencyRow, PackageDataSet, PackageStep, ReceivedPackage} from './package-reader.js';

export type DependencyStatus = 'In Package' | 'In Target' | 'Missing - Block' | 'Missing - Ignore';
export type StepDependency = {component_name: string; component_type: string; subcomponent_name: string; subcomponent_type: string; status: DependencyStatus};
export type StepView = {
	step: PackageStep;
	name: string;
	label: string;
	type: string;
	blocked: boolean;
	action: string;
	dependencies: StepDependency[];
};

/** Custom components the emulated Vault holds before anything is deployed (from Veeva's Validate Package sample). */
const initialCustomComponents = ['reference_documents__c'];

export const isStandardComponent = (name: string): boolean => name !== '' && name.split('.').every(part => /__(?:v|sys)$/i.test(part));

const label = (name: string) =>
	name
		.replace(/__[a-z]+$/i, '')
		.replaceAll('_', ' ')
		.replace(/^./, first => first.toUpperCase());

export const createTargetVault = () => {
	const custom = new Set(initialCustomComponents);
	const has = (name: string): boolean => {
		const key = name.toLowerCase();
		if (isStandardComponent(key) || custom.has(key)) return true;
		// A subcomponent of a component the Vault has (claim__c.base__v once claim__c is there).
		const [parent = '', ...rest] = key.split('.');
		return rest.length > 0 && custom.has(parent) && rest.every(part => isStandardComponent(part));
	};

	const packageNames = (received: ReceivedPackage) =>
		new Set(
			received.steps.flatMap(step => [...step.components.map(component => component.name.toLowerCase()), ...step.data.map(data => data.object.toLowerCase())]),
		);

	const statusOf = (row: DependencyRow, inPackage: Set<string>): DependencyStatus => {
		const key = row.name.toLowerCase();
		if (inPackage.has(key) || inPackage.has(key.split('.')[0] ?? '')) return 'In Package';
		if (has(key)) return 'In Target';
		return row.blocking ? 'Missing - Block' : 'Missing - Ignore';
	};

	const dataLabel = (data: PackageDataSet) => data.label;

	return {
		has,
		/** Each step as Vault's validation reports it; `blockedStep` is the vault-blocked scenario's step. */
		view(received: ReceivedPackage, {blockedStep}: {blockedStep?: string} = {}): StepView[] {
			const inPackage = packageNames(received);
			return received.steps.map(step => {
				const rows = [...step.components.flatMap(component => component.dependencies), ...step.data.flatMap(data => data.dependencies)];
				const dependencies: StepDependency[] = rows.map(row => ({
					component_name: row.name,
					component_type: row.type,
					subcomponent_name: row.subName,
					subcomponent_type: row.subType,
					status: statusOf(row, inPackage),
				}));
				if (step.name === blockedStep) {
					// The scenario's target lacks the rendition type of Veeva's Validate Package sample.
					dependencies.push({
						component_name: 'air_bulk_03__c',
						component_type: 'Renditiontype',
						subcomponent_name: '',
						subcomponent_type: '',
						status: 'Missing - Block',
					});
				}

				const component = step.components[0];
				const data = step.data[0];
				return {
					step,
					name: component?.name ?? data?.object ?? step.name,
					label: component ? label(component.name) : data ? dataLabel(data) : step.name,
					type: component?.type ?? data?.dataType ?? 'Object',
					blocked: dependencies.some(dependency => dependency.status === 'Missing - Block'),
					action: component ? (has(component.name) ? 'Update' : 'Add (missing in Vault)') : (data?.action ?? 'Create'),
					dependencies,
				};
			});
		},
		/** What a deploy adds to the Vault: later packages find it "In Target". */
		add(names: string[]) {
			for (const name of names) if (!isStandardComponent(name)) custom.add(name.toLowerCase());
		},
	};
};

export type TargetVault = ReturnType<typeof createTargetVault>;
