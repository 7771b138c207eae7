// Writes the sample MicroStrategy packages in fixtures/mstr, deterministically (fixed seed, no
// clock), in the emulator's .mmp format: node scripts/make-fixtures.mjs
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The format's one source, compiled on the spot (the build bundles the bin and emits no loose
// modules to import). Kept in node_modules/.cache so its own imports resolve from node_modules.
const compiled = path.join(root, 'node_modules/.cache/packport/mmp-format.mjs');
await build({entryPoints: [path.join(root, 'source/packages/mmp-format.ts')], outfile: compiled, bundle: true, packages: 'external', platform: 'node', format: 'esm', logLevel: 'error'});
const {encodeMmp} = await import(pathToFileURL(compiled).href);
const out = path.join(root, 'fixtures', 'mstr');
fs.mkdirSync(out, {recursive: true});

// A small linear congruential generator: the same fixtures on every run.
let seed = 20_261_123;
const random = () => {
	seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
	return seed / 2 ** 31;
};

const pick = list => list[Math.floor(random() * list.length)];
const id = () => Array.from({length: 32}, () => '0123456789ABCDEF'[Math.floor(random() * 16)]).join('');
const date = (year) => `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}T${String(Math.floor(random() * 24)).padStart(2, '0')}:15:09.000+0000`;
const owner = {id: '54F3D26011D2896560009A8E67019608'};
const object = (name, type, action, extra = {}) => ({
	id: id(),
	name,
	version: id(),
	type,
	owner,
	dateCreated: date(2019),
	dateModified: date(2024),
	action,
	includeDependents: true,
	explicitIncluded: true,
	level: type === 34 ? 'configuration_object' : 'project_object',
	...extra,
});

const settings = defaultAction => ({
	updateSchema: ['recal_table_logical_size', 'recal_table_keys_fact_entry_level'],
	aclOnReplacingObjects: 'use_existing',
	aclOnNewObjects: ['keep_acl_as_source_object'],
	defaultAction,
});
const demoProject = 'B19DEDCC11D4E0EFC000EB9495D0F44F';

const write = (name, definition) => fs.writeFileSync(path.join(out, name), encodeMmp(definition));

write('year.mmp', {
	type: 'project',
	projectId: demoProject,
	settings: settings('replace'),
	content: [
		{...object('Year', 12, 'replace'), id: '8D679D5111D3E4981000E787EC6DE8A4', version: '2215B50211EB7C9D8F150080EF651EEA', dateCreated: '2001-01-02T20:48:10.000+0000', dateModified: '2021-03-04T03:53:09.000+0000'},
		object('Revenue', 4, 'replace'),
		object('Revenue by Year', 3, 'replace'),
		object('Executive Summary', 55, 'replace'),
		object('Last 5 Years', 1, 'replace'),
	],
});

const subjects = ['Revenue', 'Profit', 'Cost', 'Units Sold', 'Discount', 'Margin', 'Customers', 'Orders', 'Returns', 'Inventory', 'Freight', 'Headcount'];
const dimensions = ['Region', 'Year', 'Quarter', 'Month', 'Category', 'Subcategory', 'Store', 'Channel', 'Supplier', 'Employee', 'Call Center', 'Country'];
const kinds = [
	[12, 'Attribute', n => n],
	[4, 'Metric', n => n],
	[3, 'Report', n => `${pick(subjects)} by ${n}`],
	[55, 'Document', n => `${pick(subjects)} Dashboard – ${n}`],
	[1, 'Filter', n => `${n} in Focus`],
	[13, 'Fact', n => `${n} Fact`],
	[15, 'Table', n => `LU_${n.toUpperCase().replaceAll(' ', '_')}`],
	[8, 'Folder', n => `${n} Reports`],
	[10, 'Prompt', n => `Choose ${n}`],
	[14, 'Hierarchy', n => `${n} Hierarchy`],
	[47, 'Consolidation', n => `${n} Groups`],
	[56, 'Drill map', n => `${n} Drill`],
	[58, 'Security filter', n => `${n} Access`],
	[2, 'Template', n => `${n} Grid`],
	[43, 'Role', n => `${n} Role`],
];
const actions = ['replace', 'replace', 'replace', 'use_existing', 'use_existing', 'use_newer', 'force_replace', 'keep_both'];
const content = [];
for (let index = 0; index < 300; index++) {
	const [type, , name] = pick(kinds);
	const base = type === 4 ? pick(subjects) : pick(dimensions);
	content.push(object(`${name(base)} ${index + 1}`, type, pick(actions)));
}

write('tutorial-reports.mmp', {type: 'project', projectId: demoProject, settings: settings('replace'), content});

write('keep-both.mmp', {
	type: 'project',
	projectId: demoProject,
	settings: settings('keep_both'),
	content: [object('Quarter', 12, 'keep_both'), object('Profit Margin', 4, 'keep_both'), object('Quarterly Review', 55, 'keep_both')],
});

write('config-users.mmp', {
	type: 'configuration',
	settings: {updateSchema: null, aclOnReplacingObjects: 'use_existing', aclOnNewObjects: ['keep_acl_as_source_object'], defaultAction: 'replace'},
	content: [object('Finance Analysts', 34, 'replace'), object('jdoe', 34, 'replace'), object('asmith', 34, 'use_existing')],
});

fs.writeFileSync(path.join(out, 'not-a-package.mmp'), 'This is a text file that was renamed to .mmp; it is not a MicroStrategy package.\n');
console.log(`fixtures written to ${path.relative(root, out)}`);
