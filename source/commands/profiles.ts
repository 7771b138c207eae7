/** `packport profiles list|add|remove|show`. Never prints a secret. */
import {usageError} from '../errors.js';
import {profileNamePattern} from '../profiles.js';
import type {SecretStore} from '../secret-store.js';
import type {Profile} from '../profiles-types.js';
import {secretEnvVar, secretFromStdin, secretNoun, secretStdinFlag} from '../secrets.js';
import {checkServiceUrl} from '../url-policy.js';
import {isVendorId, vendorIds, vendorNames} from '../vendors/vendor-id.js';
import type {CommandContext} from './context.js';
import {loadProfile} from './load-profile.js';

export type ProfileFlags = {
	vendor?: string;
	url?: string;
	username?: string;
	apiVersion?: string;
	projectId?: string;
	loginMode?: string;
	imsUrl?: string;
	clientId?: string;
	orgId?: string;
	sandbox?: string;
	targetSandbox?: string;
	scopes?: string;
	passwordStdin: boolean;
	clientSecretStdin: boolean;
	json: boolean;
};

const required = (value: string | undefined, flag: string, vendor: string): string => {
	if (!value) throw usageError(`${flag} is required for ${vendor} profiles.`, `Add ${flag} VALUE.`);
	return value;
};

/** A profile from `profiles add` flags, checked field by field. */
export const profileFromFlags = (name: string, flags: ProfileFlags): Profile => {
	if (!profileNamePattern.test(name)) throw usageError(`"${name}" is not a usable profile name.`, 'Use letters, digits, dot, dash or underscore (up to 64).');
	if (!isVendorId(flags.vendor)) throw usageError(`--vendor must be one of ${vendorIds.join(', ')}.`, 'E.g. --vendor mstr.');
	const vendor = flags.vendor;
	const url = checkServiceUrl(required(flags.url, '--url', vendor), '--url');
	const profile: Profile = {name, vendor, url};
	if (vendor === 'vault') {
		profile.username = required(flags.username, '--username', vendor);
		profile.apiVersion = flags.apiVersion ?? 'v25.2';
		if (!/^v\d+\.\d+$/.test(profile.apiVersion)) throw usageError(`--api-version ${profile.apiVersion} is not like v25.2.`, 'Use e.g. --api-version v25.2.');
	} else if (vendor === 'mstr') {
		profile.username = required(flags.username, '--username', vendor);
		if (flags.projectId) profile.projectId = flags.projectId;
		const loginMode = Number(flags.loginMode ?? 1);
		if (!Number.isInteger(loginMode) || loginMode <= 0) throw usageError(`--login-mode ${flags.loginMode} is not a login mode.`, 'Use 1 (standard), 16 (LDAP) or 4096 (API token).');
		profile.loginMode = loginMode;
	} else {
		profile.imsUrl = checkServiceUrl(flags.imsUrl ?? 'https://ims-na1.adobelogin.com', '--ims-url');
		profile.clientId = required(flags.clientId, '--client-id', vendor);
		profile.orgId = required(flags.orgId, '--org-id', vendor);
		if (flags.sandbox) profile.sandbox = flags.sandbox.toLowerCase();
		if (flags.targetSandbox) profile.targetSandbox = flags.targetSandbox.toLowerCase();
		if (flags.scopes) profile.scopes = flags.scopes;
	}

	return profile;
};

const secretPlace = (secrets: SecretStore) => (secrets.kind === 'keychain' ? `the ${secrets.location}` : `${secrets.location} (file, mode 0600, readable only by you)`);

const describe = (profile: Profile): Record<string, unknown> => {
	const {name, ...fields} = profile;
	return {name, ...fields};
};

export const runProfilesCommand = async (context: CommandContext, action: string | undefined, name: string | undefined, flags: ProfileFlags): Promise<number> => {
	const {io, store} = context;
	switch (action) {
		case undefined:
		case 'list': {
			const profiles = store.list();
			if (flags.json) {
				io.write(`${JSON.stringify(profiles.map(profile => ({...describe(profile), hasSecret: store.secrets.get(profile.name) !== undefined})), null, 2)}\n`);
			} else if (profiles.length === 0) {
				io.write('No profiles yet. Add one with `packport profiles add NAME --vendor mstr --url … --username …`.\n');
			} else {
				const width = Math.max(...profiles.map(profile => profile.name.length), 4);
				io.write(`${'NAME'.padEnd(width)}  VENDOR  URL\n`);
				for (const profile of profiles) io.write(`${profile.name.padEnd(width)}  ${profile.vendor.padEnd(6)}  ${profile.url}\n`);
			}

			return 0;
		}

		case 'add': {
			if (!name) throw usageError('profiles add needs a NAME.', 'E.g. `packport profiles add prod --vendor mstr --url https://host/MicroStrategyLibrary --username admin`.');
			const profile = profileFromFlags(name, flags);
			const replacing = store.get(name) !== undefined;
			const secret = flags.passwordStdin || flags.clientSecretStdin ? secretFromStdin(await io.readStdin()) : undefined;
			store.save(profile);
			if (secret) store.secrets.set(name, secret);
			io.write(`${replacing ? 'Profile updated' : 'Profile saved'}: ${name} (${vendorNames[profile.vendor]}, ${profile.url}).\n`);
			io.write(
				secret
					? `The ${secretNoun(profile.vendor)} is saved in ${secretPlace(store.secrets)}.\n`
					: `No ${secretNoun(profile.vendor)} saved: set ${secretEnvVar(profile.vendor)} or pass ${secretStdinFlag(profile.vendor)} when importing.\n`,
			);
			const note = secret ? store.takeFallbackWarning() : undefined;
			if (note) io.writeError(`${note}\n`);
			return 0;
		}

		case 'remove': {
			if (!name) throw usageError('profiles remove needs a NAME.', 'List them with `packport profiles list`.');
			if (!store.remove(name)) throw usageError(`No profile named '${name}'.`, 'List them with `packport profiles list`.');
			store.secrets.delete(name);
			io.write(`Profile removed: ${name} (and its saved secret, if any).\n`);
			return 0;
		}

		case 'show': {
			if (!name) throw usageError('profiles show needs a NAME.', 'List them with `packport profiles list`.');
			const profile = loadProfile(store, name);
			const saved = store.secrets.get(name) !== undefined;
			const secret = {saved, store: saved ? store.secrets.location : null, kind: saved ? store.secrets.kind : null};
			if (flags.json) {
				io.write(`${JSON.stringify({...describe(profile), secret, config: store.configPath}, null, 2)}\n`);
				return 0;
			}

			for (const [key, value] of Object.entries(describe(profile))) io.write(`${key.padEnd(14)}${String(value)}\n`);
			io.write(`${secretNoun(profile.vendor).padEnd(14)}${saved ? `saved in ${secretPlace(store.secrets)}` : 'not saved'}\n`);
			io.write(`${'config'.padEnd(14)}${store.configPath}\n`);
			return 0;
		}

		default:
			throw usageError(`Unknown profiles command "${action}".`, 'Use list, add, remove or show.');
	}
};
