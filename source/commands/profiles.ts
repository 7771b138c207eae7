/** `packport profiles list|add|remove|show`. Never prints a secret. */
import {PackportError, isPackportError, usageError} from '../errors.js';
import {profileNamePattern} from '../config/profiles.js';
import type {SecretStore} from '../config/secret-store.js';
import type {Profile} from '../config/profile-types.js';
import {secretEnvVar, secretFromStdin, secretNoun, secretStdinFlag} from '../config/secrets.js';
import {checkServiceUrl} from '../http/url-policy.js';
import {isVendorId, vendorIds, vendorNames} from '../vendors/vendor-id.js';
import type {CommandContext} from './context.js';
import {commandFailure} from './failure-result.js';
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

/** MicroStrategy sign-in modes: standard, LDAP, API token (vendor-apis.md 2.2). */
export const mstrLoginModes = [1, 16, 4096];

/** What the user should know about a profile's fields that is not an error. */
export const profileNotes = (flags: Pick<ProfileFlags, 'vendor' | 'loginMode' | 'username'>): string[] =>
	flags.vendor === 'mstr' && Number(flags.loginMode) === 4096 && flags.username
		? [`With an API token (login mode 4096) MicroStrategy takes the token alone; the user name "${flags.username}" is not used and was not saved.`]
		: [];

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
		const loginMode = Number(flags.loginMode ?? 1);
		if (!mstrLoginModes.includes(loginMode)) throw usageError(`--login-mode ${flags.loginMode} is not a login mode packport supports.`, 'Use 1 (standard), 16 (LDAP) or 4096 (API token).');
		profile.loginMode = loginMode;
		// An API token names its user: no user name is asked for, and one given is not kept (profileNotes says so).
		if (loginMode !== 4096) profile.username = required(flags.username, '--username', vendor);
		if (flags.projectId) profile.projectId = flags.projectId;
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

/** Where a secret is kept, in words, with the file's real mode (never a mode it does not have). */
const secretPlace = (secrets: SecretStore) => (secrets.kind === 'keychain' ? `the ${secrets.location}` : `${secrets.location} (file, ${secrets.mode()})`);

const describe = (profile: Profile): Record<string, unknown> => {
	const {name, ...fields} = profile;
	return {name, ...fields};
};

/** Lines in pages: 300,000 profiles are neither one giant string nor 300,000 writes. */
const writePaged = (io: CommandContext['io'], lines: Iterable<string>) => {
	let page = '';
	for (const line of lines) {
		page += line;
		if (page.length > 64 * 1024) {
			io.write(page);
			page = '';
		}
	}

	io.write(page);
};

const listProfiles = ({io, store}: CommandContext, flags: ProfileFlags): number => {
	const {profiles, skipped} = store.read();
	if (flags.json) {
		const saved = store.secrets.savedNames(profiles.map(profile => profile.name));
		const rows = profiles.map(profile => JSON.stringify({...describe(profile), hasSecret: saved.has(profile.name)}, null, 2).replaceAll('\n', '\n  '));
		writePaged(io, rows.length === 0 ? ['[]\n'] : ['[\n', ...rows.map((row, index) => `  ${row}${index < rows.length - 1 ? ',' : ''}\n`), ']\n']);
	} else if (profiles.length === 0) {
		io.write(skipped > 0 ? `No profiles packport can read in ${store.configPath}.\n` : 'No profiles yet. Add one with `packport profiles add NAME --vendor mstr --url … --username …`.\n');
	} else {
		// A loop, not Math.max(...names): spreading 300,000 arguments overflows the stack.
		let width = 4;
		for (const profile of profiles) width = Math.max(width, profile.name.length);
		writePaged(io, [`${'NAME'.padEnd(width)}  VENDOR  URL\n`, ...profiles.map(profile => `${profile.name.padEnd(width)}  ${profile.vendor.padEnd(6)}  ${profile.url}\n`)]);
	}

	if (skipped > 0) io.writeError(`${skipped} profile${skipped === 1 ? '' : 's'} skipped in ${store.configPath}: not profiles packport can read.\n`);
	return 0;
};

const addProfile = async ({io, store}: CommandContext, name: string | undefined, flags: ProfileFlags): Promise<number> => {
	if (!name) throw usageError('profiles add needs a NAME.', 'E.g. `packport profiles add prod --vendor mstr --url https://host/MicroStrategyLibrary --username admin`.');
	const profile = profileFromFlags(name, flags);
	const replacing = store.get(name) !== undefined;
	const secret = flags.passwordStdin || flags.clientSecretStdin ? secretFromStdin(await io.readStdin()) : undefined;
	// Read the secret store before changing anything: a damaged or unsafe secrets file stops the
	// command with nothing saved, instead of half-way through.
	if (secret) store.secrets.get(name);
	store.save(profile);
	if (secret) {
		try {
			store.secrets.set(name, secret);
		} catch (error) {
			if (!isPackportError(error)) throw error;
			throw new PackportError(error.kind, `Profile '${name}' was saved, but its ${secretNoun(profile)} was not. ${error.message}`, {hint: error.hint, vendorCode: error.vendorCode});
		}
	}

	io.write(`${replacing ? 'Profile updated' : 'Profile saved'}: ${name} (${vendorNames[profile.vendor]}, ${profile.url}).\n`);
	for (const note of profileNotes(flags)) io.writeError(`Note: ${note}\n`);
	io.write(
		secret
			? `The ${secretNoun(profile)} is saved in ${secretPlace(store.secrets)}.\n`
			: `No ${secretNoun(profile)} saved: set ${secretEnvVar(profile.vendor)} or pass ${secretStdinFlag(profile.vendor)} when importing.\n`,
	);
	const note = secret ? store.takeFallbackWarning() : undefined;
	if (note) io.writeError(`${note}\n`);
	return 0;
};

const showProfile = ({io, store}: CommandContext, name: string | undefined, flags: ProfileFlags): number => {
	if (!name) throw usageError('profiles show needs a NAME.', 'List them with `packport profiles list`.');
	const profile = loadProfile(store, name);
	// Reading the secret checks its file: one open to other users stops here with the fix.
	const saved = store.secrets.get(name) !== undefined;
	const secret = {saved, store: saved ? store.secrets.location : null, kind: saved ? store.secrets.kind : null};
	if (flags.json) {
		io.write(`${JSON.stringify({...describe(profile), secret, config: store.configPath}, null, 2)}\n`);
		return 0;
	}

	for (const [key, value] of Object.entries(describe(profile))) io.write(`${key.padEnd(14)}${String(value)}\n`);
	io.write(`${secretNoun(profile).padEnd(14)}${saved ? `saved in ${secretPlace(store.secrets)}` : 'not saved'}\n`);
	io.write(`${'config'.padEnd(14)}${store.configPath}\n`);
	return 0;
};

const removeProfile = ({io, store}: CommandContext, name: string | undefined): number => {
	if (!name) throw usageError('profiles remove needs a NAME.', 'List them with `packport profiles list`.');
	// As in add: a secrets file packport may not touch stops the command before the profile goes.
	store.secrets.get(name);
	if (!store.remove(name)) throw usageError(`No profile named '${name}'.`, 'List them with `packport profiles list`.');
	store.secrets.delete(name);
	io.write(`Profile removed: ${name} (and its saved secret, if any).\n`);
	return 0;
};

const runAction = async (context: CommandContext, action: string | undefined, name: string | undefined, flags: ProfileFlags): Promise<number> => {
	switch (action) {
		case undefined:
		case 'list': {
			return listProfiles(context, flags);
		}

		case 'add': {
			return addProfile(context, name, flags);
		}

		case 'remove': {
			return removeProfile(context, name);
		}

		case 'show': {
			return showProfile(context, name, flags);
		}

		default: {
			throw usageError(`Unknown profiles command "${action}".`, 'Use list, add, remove or show.');
		}
	}
};

export const runProfilesCommand = async (context: CommandContext, action: string | undefined, name: string | undefined, flags: ProfileFlags): Promise<number> => {
	try {
		return await runAction(context, action, name, flags);
	} catch (error) {
		// Under --json a failure is still one JSON object on stdout (design.md section 4); the
		// Error and Hint lines follow on stderr from cli.tsx.
		if (flags.json && isPackportError(error)) context.io.write(`${JSON.stringify(commandFailure(error, {command: `profiles ${action ?? 'list'}`, profile: name ?? null}), null, 2)}\n`);
		throw error;
	}
};
