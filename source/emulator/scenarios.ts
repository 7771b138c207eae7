import {faultCatalog} from './faults.js';

/** Fault scenarios, by vendor. Each vendor emulator reads the active set on every request. */
export const scenarioCatalog: Record<string, string> = {
	'mstr-import-fails': 'MicroStrategy: the import ends "failed" at about 40%',
	'mstr-slow-import': 'MicroStrategy: the import takes 20 times longer',
	'mstr-session-expiry': 'MicroStrategy: the session expires after the first import status poll',
	'mstr-actions-refused': 'MicroStrategy: changing actions on an uploaded package is refused (ERR0010)',
	'mstr-no-undo': 'MicroStrategy: no undo package is ever produced',
	'mstr-holder-fails': 'MicroStrategy: the package holder goes "failed" after the upload',
	'mstr-undo-html': 'MicroStrategy: the undo package download answers 200 with an HTML sign-in page',
	'mstr-hostile-text': 'MicroStrategy: the import id and status word carry terminal escape sequences',
	'mstr-no-status': 'MicroStrategy: the import status answers carry no status word',
	'mstr-delete-hang': 'MicroStrategy: deleting the import process never gets an answer',
	'mstr-undo-slow': 'MicroStrategy: the undo package download sends half, then the rest 5 s later',
	'vault-blocked': 'Vault: the imported package comes back Blocked, a step missing a dependency',
	'vault-deploy-warnings': 'Vault: the deploy ends deployed_with_warnings__v',
	'vault-deploy-failures': 'Vault: the deploy ends deployed_with_failures__v',
	'vault-session-expiry': 'Vault: the session expires after the first job status poll (INVALID_SESSION_ID)',
	'vault-dns-fallback': 'Vault: the login returns a session for another Vault (the DNS fallback trap)',
	'vault-hostile-names': 'Vault: the package name carries terminal escape sequences and log file names point outside the folder',
	'vault-job-fails': 'Vault: the import job ends ERRORS_ENCOUNTERED with no results link',
	'aep-preflight-denied': 'Adobe: the preflight reports an artifact the integration may not create',
	'aep-put-only': 'Adobe: POST /packages/import answers 405; the import is submitted with PUT',
	'aep-submit-jobid': "Adobe: the submit answer carries a jobId, as the OpenAPI spec shows (the page's answer has none)",
	'aep-job-fails': 'Adobe: the import job ends FAILED',
	'aep-task-fails': 'Adobe: the job ends SUCCESS but one artifact task FAILED',
	'aep-token-expiry': 'Adobe: the access token is refused (401013) after the first job status answer',
	...faultCatalog('mstr', 'MicroStrategy'),
	...faultCatalog('vault', 'Vault'),
	...faultCatalog('aep', 'Adobe'),
};

export type Scenarios = {has(name: string): boolean};

export const checkScenarios = (names: string[]): void => {
	const unknown = names.filter(name => !(name in scenarioCatalog));
	if (unknown.length > 0) throw new Error(`Unknown scenario ${unknown.join(', ')}. Known: ${Object.keys(scenarioCatalog).join(', ')}.`);
};
