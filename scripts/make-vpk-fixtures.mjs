// Writes sample and broken Vault packages in fixtures/vault, deterministically. Plain zips, as
// Vault exports them (vendor-apis.md 1.6). Run: node scripts/make-vpk-fixtures.mjs
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {zipSync, strToU8} from 'fflate';

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
