// Writes sample and broken Vault packages in fixtures/vault, deterministically. Plain zips, as
// Vault exports them (vendor-apis.md 1.6). Run: node scripts/make-vpk-fixtures.mjs
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {deflateSync, zipSync, strToU8} from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'fixtures', 'vault');
fs.mkdirSync(out, {recursive: true});
// A fixed timestamp keeps the bytes identical run after run.
const mtime = new Date('2025-01-01T00:00:00Z');

const manifest = ({name, summary, javasdk = 'none', namespace = 'https://veevavault.com/'}) =>
	`<?xml version="1.0" encoding="UTF-8"?>
<vaultpackage xmlns="${namespace}">
  <name>${name}</name>
  <source>
    <vault>57750</vault>
    <author>release.engineer@example.com</author>
  </source>
  <packagetype>migration__v</packagetype>
  <summary>${summary}</summary>
  <description>${summary} (sample generated for packport)</description>
  <javasdk>
    <deployment_option>${javasdk}</deployment_option>
  </javasdk>
</vaultpackage>
`;

const depHeader = '"In Package","Blocking Type","Source Component Label","Source Component Name","Source Component Type","Target Component Label","Target Component Name","Target Component Type","Target Sub Component Name","Target Sub Component Type"\n';
const component = (step, type, name, {corrupt = false, needs = []} = {}) => {
	const mdl = `RECREATE ${type} ${name} (\n  label('${name.replace(/__c$/, '').replaceAll('_', ' ')}'),\n  active(true)\n);\n`;
	const md5 = createHash('md5').update(corrupt ? `${mdl}tampered` : mdl).digest('hex');
	return {
		[`components/${step}/${type}.${name}.mdl`]: strToU8(mdl),
		[`components/${step}/${type}.${name}.md5`]: strToU8(`${md5} ${type}.${name}`),
		[`components/${step}/${type}.${name}.dep`]: strToU8(depHeader + needs.map(([targetType, targetName]) => `"false","block__sys","${name}","${name}","${type}","${targetName}","${targetName}","${targetType}","",""\n`).join('')),
	};
};

const write = (name, files) => {
	const entries = Object.fromEntries(Object.entries(files).map(([file, data]) => [file, [typeof data === 'string' ? strToU8(data) : data, {mtime}]]));
	fs.writeFileSync(path.join(out, name), zipSync(entries));
};

write('small.vpk', {
	'vaultpackage.xml': manifest({name: 'PKG-0001', summary: 'Claims object and status picklist'}),
	...component('00010', 'Object', 'claim__c'),
	...component('00020', 'Picklist', 'claim_status__c'),
});

write('multi-step.vpk', {
	'vaultpackage.xml': manifest({name: 'PKG-0004', summary: 'Auto Claims Linking Config'}),
	...component('00010', 'Object', 'claim__c'),
	...component('00020', 'Doctype', 'claims_document__c'),
	...component('00030', 'Picklist', 'claim_status__c'),
	...component('00040', 'Objectworkflow', 'claim_review__c'),
	...component('00050', 'Pagelayout', 'claim_detail_page__c'),
	'components/00060/product__v.csv': 'name__v,external_id__v\nAspirin,P-001\nIbuprofen,P-002\n',
	'components/00060/product__v.xml': '<stepheader><label>DSET-00002-product__v</label><steprequired>false</steprequired></stepheader>\n',
});

write('java-sdk.vpk', {
	'vaultpackage.xml': manifest({name: 'PKG-0007', summary: 'Claim trigger code', javasdk: 'replace_all'}),
	...component('00010', 'Object', 'claim__c'),
	'javasdk/src/main/java/com/veeva/vault/custom/triggers/ClaimTrigger.java': 'package com.veeva.vault.custom.triggers;\n\npublic class ClaimTrigger {}\n',
});

write('blocked.vpk', {
	'vaultpackage.xml': manifest({name: 'PKG-0005', summary: 'Claims document type needing a rendition type the target lacks'}),
	...component('00010', 'Object', 'claim__c'),
	...component('00020', 'Doctype', 'claims_document__c', {needs: [['Renditiontype', 'air_bulk_03__c']]}),
});

write('checksum-mismatch.vpk', {
	'vaultpackage.xml': manifest({name: 'PKG-0009', summary: 'One component does not match its checksum'}),
	...component('00010', 'Object', 'claim__c', {corrupt: true}),
	...component('00020', 'Picklist', 'claim_status__c'),
});

// --- Real-world traits (issue 13) -----------------------------------------------------------
// Each reproduces, with our own content, something real packages do (158 public .vpk files: Veeva's
// vsdk-* samples, Vault-Custom-Pages, VAPIL's test packages). Written by the small zip writer below,
// which can add what fflate's zipSync does not: folder entries and data descriptors.

const crcTable = Array.from({length: 256}, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xed_b8_83_20 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
const crc32 = data => {
	let c = 0xff_ff_ff_ff;
	for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xff_ff_ff_ff) >>> 0;
};

// 2025-01-01 00:00 in MS-DOS form.
const dosDate = ((2025 - 1980) << 9) | (1 << 5) | 1;
/**
 * A plain zip: each entry deflated (fflate, so the bytes do not depend on Node's zlib), a name
 * ending in "/" a folder entry. With `descriptors`, sizes and CRC follow each entry's data in a
 * data descriptor (general purpose flag bit 3), as zips written by streaming tools have them.
 */
const writeZip = (name, files, {descriptors = false} = {}) => {
	const parts = [];
	const directory = [];
	let offset = 0;
	for (const [entryName, content] of files) {
		const folder = entryName.endsWith('/');
		const raw = folder ? new Uint8Array(0) : typeof content === 'string' ? strToU8(content) : content;
		const data = folder ? raw : deflateSync(raw, {level: 6});
		const method = folder ? 0 : 8;
		const crc = crc32(raw);
		const nameBytes = Buffer.from(entryName, 'utf8');
		const flags = (descriptors && !folder ? 0x08 : 0) | (nameBytes.length === entryName.length ? 0 : 0x08_00);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04_03_4b_50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(flags, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt16LE(0, 10);
		local.writeUInt16LE(dosDate, 12);
		const inHeader = !(flags & 0x08);
		local.writeUInt32LE(inHeader ? crc : 0, 14);
		local.writeUInt32LE(inHeader ? data.length : 0, 18);
		local.writeUInt32LE(inHeader ? raw.length : 0, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		parts.push(local, nameBytes, data);
		let length = local.length + nameBytes.length + data.length;
		if (!inHeader) {
			const descriptor = Buffer.alloc(16);
			descriptor.writeUInt32LE(0x08_07_4b_50, 0);
			descriptor.writeUInt32LE(crc, 4);
			descriptor.writeUInt32LE(data.length, 8);
			descriptor.writeUInt32LE(raw.length, 12);
			parts.push(descriptor);
			length += descriptor.length;
		}

		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02_01_4b_50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(flags, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt16LE(0, 12);
		central.writeUInt16LE(dosDate, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(raw.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(folder ? 0x10 : 0, 38);
		central.writeUInt32LE(offset, 42);
		directory.push(central, nameBytes);
		offset += length;
	}

	const directoryBytes = Buffer.concat(directory);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06_05_4b_50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(directoryBytes.length, 12);
	end.writeUInt32LE(offset, 16);
	fs.writeFileSync(path.join(out, name), Buffer.concat([...parts, directoryBytes, end]));
};

const md5Of = text => createHash('md5').update(text).digest('hex');
const tidy = text => `${text.trim()}\n`;
/** What Finder leaves: a .DS_Store (6,148 bytes, "Bud1" after its first word) and AppleDouble `._name` files. */
const dsStore = (() => {
	const bytes = new Uint8Array(6148);
	bytes.set([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31], 0);
	return bytes;
})();
const appleDouble = (() => {
	const bytes = new Uint8Array(163);
	bytes.set([0, 5, 0x16, 7, 0, 2, 0, 0, ...strToU8('Mac OS X        ')], 0);
	return bytes;
})();
/** An .mdl with its .md5 (`<hash> <Type.name>`) and, when it needs something, its .dep. */
const mdlComponent = (step, type, name, mdl, {needs = []} = {}) => [
	[`components/${step}/${type}.${name}.mdl`, mdl],
	[`components/${step}/${type}.${name}.md5`, `${md5Of(mdl)} ${type}.${name}`],
	[`components/${step}/${type}.${name}.dep`, depHeader + needs.map(([inPackage, targetType, targetName]) => `"${inPackage}","block__sys","${name}","${name}","${type}","${targetName}","${targetName}","${targetType}","",""\n`).join('')],
];
/** A data step: the CSV and its `<stepheader>` (Vault's export; Veeva's toolbox refreshes checksum and count). */
const dataStep = (step, label, csv, {object, action, idparam = '', records = true}) => [
	[`components/${step}/${label}.CSV`, csv],
	[
		`components/${step}/${label}.xml`,
		`<stepheader><label>${label}</label><steprequired>False</steprequired><checksum>${md5Of(csv)}</checksum><datastepheader><object>${object}</object>${idparam ? `<idparam>${idparam}</idparam>` : '<idparam/>'}<datatype>Object</datatype><action>${action}</action><recordmigrationmode>False</recordmigrationmode>${records ? `<recordcount>${csv.trimEnd().split('\n').length - 1}</recordcount>` : ''}</datastepheader></stepheader>`,
	],
];

// A Custom Pages package as Veeva's IntelliJ toolbox writes it and a Mac zips it: root
// <VaultPackage>, folder entries, a Web SDK distribution, Java SDK code, .DS_Store files and
// __MACOSX/ AppleDouble entries.
const customPagesManifest = tidy(`
<VaultPackage xmlns="https://veevavault.com/">
  <name>claims-dashboard</name>
  <source>
      <vault>57750</vault>
      <author>release.engineer@example.com</author>
  </source>
  <packagetype>migration__v</packagetype>
  <summary>Claims dashboard custom page</summary>
  <description>Code and configuration for the claims dashboard custom page (sample generated for packport)</description>
  <javasdk>
    <deployment_option>incremental</deployment_option>
  </javasdk>
</VaultPackage>`);
const pageMdl = tidy(`
RECREATE Page claims_dashboard__c (
   label('Claims Dashboard'),
   active(true),
   client_distribution('Clientdistribution.claims_dashboard__c'),
   page_client_code('claims_dashboard'),
   page_server_code('com.veeva.vault.custom.pages.ClaimsDashboardController')
);`);
const tabMdl = tidy(`
RECREATE Tab claims_dashboard__c (
   label('Claims Dashboard'),
   active(true),
   order(100),
   page('Page.claims_dashboard__c')
);`);
const customPagesFiles = [
	['components/', null],
	['components/00010/', null],
	...mdlComponent('00010', 'Page', 'claims_dashboard__c', pageMdl),
	['components/00020/', null],
	...mdlComponent('00020', 'Tab', 'claims_dashboard__c', tabMdl, {needs: [['true', 'Page', 'claims_dashboard__c']]}),
	['javasdk/', null],
	['javasdk/.DS_Store', dsStore],
	['javasdk/src/main/java/com/veeva/vault/custom/pages/ClaimsDashboardController.java', tidy(`
package com.veeva.vault.custom.pages;

import com.veeva.vault.sdk.api.core.*;
import com.veeva.vault.sdk.api.executeas.ExecuteAs;
import com.veeva.vault.sdk.api.executeas.ExecuteAsUser;
import com.veeva.vault.sdk.api.page.*;

@ExecuteAs(ExecuteAsUser.REQUEST_OWNER)
@PageControllerInfo
public class ClaimsDashboardController implements PageController {
    @Override
    public PageLoadResponse onLoad(PageLoadContext context) {
        return context.newLoadResponseBuilder().build();
    }
}`)],
	['vaultpackage.xml', customPagesManifest],
	['websdk/', null],
	['websdk/.DS_Store', dsStore],
	['websdk/claims_dashboard__c/', null],
	['websdk/claims_dashboard__c/distribution-manifest.json', `${JSON.stringify({name: 'claims_dashboard__c', pages: [{name: 'claims_dashboard', file: 'index.js', export: 'default'}], stylesheets: ['index.css']}, null, 2)}\n`],
	['websdk/claims_dashboard__c/dist/index.js', "import {definePage} from '@veeva/vault';\nexport default definePage(({element}) => { element.textContent = 'Claims dashboard'; });\n"],
	['websdk/claims_dashboard__c/dist/index.css', '.claims-dashboard { font-family: sans-serif; }\n'],
];
writeZip('custom-pages.vpk', [
	...customPagesFiles,
	// Finder's companions for every entry, as the real samples carry them.
	...customPagesFiles.filter(([name]) => !name.endsWith('.DS_Store')).map(([name]) => {
		const parts = name.replace(/\/$/, '').split('/');
		return [`__MACOSX/${[...parts.slice(0, -1), `._${parts.at(-1)}`].join('/')}`, appleDouble];
	}),
]);

// Data steps as Vault exports them: upper-case .CSV beside a <stepheader> .xml, in a zip whose
// entries carry data descriptors.
const storeCsv = '"name__v","city__c","external_id__c"\n"Bicycle Barn","Pleasanton","STORE-001"\n"Spoke & Chain","Oakland","STORE-002"\n"Gear Up","San Jose","STORE-003"\n';
const accessoryCsv = '"name__v","store__cr.external_id__c","description__c"\n"Bell","STORE-001","Chrome bell"\n"Pump","STORE-002","Floor pump, with a gauge\nand a spare valve"\n';
writeZip('data-steps.vpk', [
	['vaultpackage.xml', manifest({name: 'PKG-0012', summary: 'Bicycle stores and their accessories'})],
	...mdlComponent('00010', 'Object', 'bicycle_store__c', tidy(`
RECREATE Object bicycle_store__c (
   label('Bicycle Store'),
   label_plural('Bicycle Stores'),
   active(true)
);`)),
	...dataStep('00020', 'DSET-00002-Bicycle Store', storeCsv, {object: 'bicycle_store__c', action: 'Upsert', idparam: 'external_id__c'}),
	// A header without a record count: packport counts the rows (a quoted line break stays in its row).
	...dataStep('00030', 'DSET-00002-Bicycle Accessory', accessoryCsv, {object: 'bicycle_accessory__c', action: 'Create', records: false}),
], {descriptors: true});

// A Workflow exported as JSON (its .md5 is not the md5 of the file's bytes, as in Veeva's own
// samples), and multi-command MDL with an .xml step header instead of an .md5 (Veeva's toolbox):
// one header up to date, one left stale after the MDL was edited.
const workflow = {procDef: {labels: {en: 'Claim Review'}, status: 'active', flowType: 'standard', nodes: [{name: {en: 'Start'}, publicKey: 'start__v', nextSteps: ['review__c']}, {name: {en: 'Review'}, publicKey: 'review__c', nextSteps: ['end__c']}, {name: {en: 'End'}, publicKey: 'end__c', nextSteps: []}], publicKey: 'claim_review__c', lifecyclePublicKey: 'claim_lifecycle__c'}};
const claimMdl = tidy(`
RECREATE Object claim__c (
   label('Claim'),
   label_plural('Claims'),
   active(true)
);
ALTER Object claim__c ADD Field amount__c (
   label('Amount'),
   type('Number'),
   active(true)
);`);
const validationMdl = tidy(`
RECREATE Objectvalidation claim__c.amount_positive__c (
   label('Amount is positive'),
   active(true),
   expression('amount__c > 0')
);
ALTER Objectvalidation claim__c.amount_positive__c MODIFY (
   error_message('The amount must be positive')
);`);
const stepHeader = (label, checksum) => tidy(`
<stepheader>
  <label>${label}</label>
  <checksum>${checksum}</checksum>
</stepheader>`);
writeZip('workflow-json.vpk', [
	['vaultpackage.xml', manifest({name: 'PKG-0013', summary: 'Claim lifecycle, its review workflow and the claim object'})],
	...mdlComponent('00010', 'Doclifecycle', 'claim_lifecycle__c', tidy(`
RECREATE Doclifecycle claim_lifecycle__c (
   label('Claim Lifecycle'),
   active(true)
);`)),
	['components/00020/Workflow.claim_lifecycle__c.claim_review__c.json', `${JSON.stringify(workflow, null, 2)}\n`],
	['components/00020/Workflow.claim_lifecycle__c.claim_review__c.md5', `${md5Of(JSON.stringify(workflow))} Workflow.claim_lifecycle__c.claim_review__c`],
	['components/00020/Workflow.claim_lifecycle__c.claim_review__c.dep', `${depHeader}"true","block__sys","claim_review__c","claim_lifecycle__c.claim_review__c","Workflow","Claim Lifecycle","claim_lifecycle__c","Doclifecycle","",""\n`],
	['components/00030/Object.claim__c.mdl', claimMdl],
	['components/00030/Object.claim__c.xml', stepHeader('Object.claim__c', md5Of(claimMdl))],
	['components/00040/Objectvalidation.claim__c.amount_positive__c.mdl', validationMdl],
	['components/00040/Objectvalidation.claim__c.amount_positive__c.xml', stepHeader('Objectvalidation.claim__c.amount_positive__c', md5Of(validationMdl.replace('> 0', '>= 0')))],
]);

// A Java SDK code package as Veeva's samples ship them: no <packagetype>, an empty <vault>, no steps.
writeZip('minimal-manifest.vpk', [
	['vaultpackage.xml', tidy(`
<vaultpackage xmlns="https://veevavault.com/">
    <name>PKG-claims-sdk-code</name>
    <source>
        <vault></vault>
        <author>Vault Developer</author>
    </source>
    <summary>Claim trigger code</summary>
    <description>Java SDK code for the claim triggers (sample generated for packport)</description>
    <javasdk>
        <deployment_option>incremental</deployment_option>
    </javasdk>
</vaultpackage>`)],
	['javasdk/src/main/java/com/veeva/vault/custom/triggers/ClaimFieldDefaults.java', tidy(`
package com.veeva.vault.custom.triggers;

import com.veeva.vault.sdk.api.core.*;
import com.veeva.vault.sdk.api.data.*;

@RecordTriggerInfo(object = "claim__c", events = {RecordEvent.BEFORE_INSERT})
public class ClaimFieldDefaults implements RecordTrigger {
    public void execute(RecordTriggerContext context) {}
}`)],
]);

// A package kept in source control as a folder; packport zips it on the fly. README.md is not part
// of the package and is left out of the zip.
const folderPackage = path.join(out, 'folder-package');
fs.rmSync(folderPackage, {recursive: true, force: true});
const channelCsv = '"name__v","external_id__c"\n"Web form","CH-WEB"\n"Phone","CH-PHONE"\n';
for (const [name, content] of [
	['vaultpackage.xml', manifest({name: 'PKG-0011', summary: 'Claims intake, kept as a folder', javasdk: 'incremental'})],
	['README.md', '# Claims intake\n\nA Vault package kept as a folder (sample generated for packport). Import it with\n`packport import --profile PROFILE --package fixtures/vault/folder-package`; packport zips it on the fly.\n'],
	...mdlComponent('00010', 'Object', 'claim_intake__c', tidy(`
RECREATE Object claim_intake__c (
   label('Claim Intake'),
   active(true)
);`)),
	...mdlComponent('00020', 'Picklist', 'intake_channel__c', tidy(`
RECREATE Picklist intake_channel__c (
   label('Intake Channel'),
   active(true)
);`)),
	...dataStep('00030', 'DSET-00001-Intake Channel', channelCsv, {object: 'intake_channel__c', action: 'Upsert', idparam: 'external_id__c'}),
	['javasdk/src/main/java/com/veeva/vault/custom/triggers/ClaimIntakeTrigger.java', 'package com.veeva.vault.custom.triggers;\n\npublic class ClaimIntakeTrigger {}\n'],
]) {
	const file = path.join(folderPackage, name);
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, content);
}

// Broken packages: each must be refused locally, before any request.
fs.writeFileSync(path.join(out, 'empty.vpk'), '');
fs.writeFileSync(path.join(out, 'not-a-zip.vpk'), 'PK? no, just text pretending to be a package.\n');
write('no-manifest.vpk', {...component('00010', 'Object', 'claim__c')});
write('no-namespace.vpk', {'vaultpackage.xml': manifest({name: 'PKG-0002', summary: 'x', namespace: 'https://example.com/'})});
write('unparsable-manifest.vpk', {'vaultpackage.xml': '<vaultpackage xmlns="https://veevavault.com/"><name>PKG'});
write('path-traversal.vpk', {'vaultpackage.xml': manifest({name: 'PKG-0003', summary: 'x'}), '../../etc/evil.mdl': 'RECREATE'});
// 200 MB of spaces deflate to ~200 KB: a manifest "bomb".
write('huge-manifest.vpk', {'vaultpackage.xml': new Uint8Array(200 * 1024 * 1024).fill(32)});
console.log(`fixtures written to ${path.relative(root, out)}`);
