import {faultCatalog} from './faults.js';

/** Fault scenarios, by vendor. Each vendor emulator reads the active set on every request. */
export const scenarioCatalog: Record<string, string> = {
	'mstr-import-fails': 'MicroStrategy: the import ends FAILED at about 40%, with iServerCode and subErrors naming two objects of the package',
	'mstr-import-suberrors': 'MicroStrategy: creating the import answers 500 ERR002 with iServerCode and subErrors naming two objects of the package',
	'mstr-slow-import': 'MicroStrategy: the import takes 20 times longer',
	'mstr-session-expiry': 'MicroStrategy: the session expires after the first import status poll',
	'mstr-actions-refused': 'MicroStrategy: changing actions on an uploaded package is refused (400 ERR010), the default; kept as a name',
	'mstr-actions-accepted': 'MicroStrategy: changing actions on an uploaded package is applied (per-object actions and settings.defaultAction)',
	'mstr-actions-ignored': 'MicroStrategy: changing actions on an uploaded package answers 202 PROCESSING and changes nothing',
	'mstr-lower-case': 'MicroStrategy: statuses in lower case (ready, imported …), as older servers send them; the docs write upper case',
	'mstr-no-ldap': 'MicroStrategy: LDAP sign-in (loginMode 16) is refused with ERR001 "not configured to support LDAP authentication"',
	'mstr-no-package-api': 'MicroStrategy: every /api/packages call answers 404 ERR004, as a server older than 2021 Update 2',
	'mstr-no-undo': 'MicroStrategy: no undo package is ever produced',
	'mstr-holder-fails': 'MicroStrategy: the package holder goes FAILED after the upload',
	'mstr-undo-html': 'MicroStrategy: the undo package download answers 200 with an HTML sign-in page',
	'mstr-hostile-text': 'MicroStrategy: the import id and status word carry terminal escape sequences',
	'mstr-no-status': 'MicroStrategy: the import status answers carry no status word',
	'mstr-delete-hang': 'MicroStrategy: deleting the import process never gets an answer',
	'mstr-undo-slow': 'MicroStrategy: the undo package download sends half, then the rest 5 s later',
	'vault-blocked': "Vault: the target lacks the rendition type air_bulk_03__c (Veeva's Validate Package sample) that the package's second step needs: that step comes back Blocked",
	'vault-deploy-warnings': 'Vault: the deploy ends deployed_with_warnings__v',
	'vault-deploy-failures': 'Vault: the deploy ends deployed_with_failures__v',
	'vault-deploy-no-status': 'Vault: the deploy results carry no package_status__v and no counts',
	'vault-session-expiry': 'Vault: the session expires after the first job status poll (INVALID_SESSION_ID)',
	'vault-dns-fallback': 'Vault: the login returns a session for another Vault (the DNS fallback trap)',
	'vault-hostile-names': 'Vault: the package name carries terminal escape sequences and log file names point outside the folder',
	'vault-job-fails': 'Vault: the import job ends ERRORS_ENCOUNTERED with no results link',
	'vault-export-fails': 'Vault: the Export Package job ends ERRORS_ENCOUNTERED, writes no .vpk and links no file',
	'vault-insufficient-access': 'Vault: the import call is refused with INSUFFICIENT_ACCESS (HTTP 200, FAILURE); nothing is created',
	'vault-validate-error': 'Vault: Validate Package (and Validate Inbound Package) answer package_status Error with a package_error text',
	'vault-warnings': 'Vault: the import results answer responseStatus WARNING with warnings[{type, message}]',
	'vault-log-error': 'Vault: every log download answers HTTP 200 with a FAILURE JSON envelope (INSUFFICIENT_ACCESS) instead of the file',
	'vault-upload-503-page': 'Vault: a proxy answers the upload (import or validate) with a 503 HTML page; nothing reaches Vault, no job is created',
	'aep-preflight-denied': 'Adobe: the preflight reports an artifact the integration may not create',
	'aep-put-only': 'Adobe: POST /packages/import answers 405; the import is submitted with PUT',
	'aep-submit-jobid': "Adobe: the submit answer carries a jobId, as the OpenAPI spec shows (the page's answer has none)",
	'aep-job-fails': 'Adobe: the import job ends FAILED',
	'aep-task-fails': 'Adobe: the job ends SUCCESS but one artifact task FAILED',
	'aep-token-expiry': 'Adobe: the access token is refused (401013) after the first job status answer',
	'aep-publish-fails': 'Adobe: a package publish ends PUBLISH_FAILED; the export job names the artifact and why',
	...faultCatalog('mstr', 'MicroStrategy'),
	...faultCatalog('vault', 'Vault'),
	...faultCatalog('aep', 'Adobe'),
};

export type {Scenarios} from './scenario-set.js';

export const checkScenarios = (names: string[]): void => {
	const unknown = names.filter(name => !(name in scenarioCatalog));
	if (unknown.length > 0) throw new Error(`Unknown scenario ${unknown.join(', ')}. Known: ${Object.keys(scenarioCatalog).join(', ')}.`);
};
