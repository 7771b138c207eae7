/**
 * design.md section 2: a secret comes from, first match wins, the profile-scoped env var
 * (`PACKPORT_PASSWORD_<PROFILE>`, `PACKPORT_CLIENT_SECRET_<PROFILE>`), the env var
 * (`PACKPORT_PASSWORD`, `PACKPORT_CLIENT_SECRET`), --password-stdin / --client-secret-stdin, the
 * saved profile, or (wizard only) a masked prompt. Env vars are never saved.
 *
 * The env var keeps winning over a saved secret (CI relies on it, as with GH_TOKEN); so that a
 * variable exported for one profile cannot silently blame another profile's password, every
 * resolution carries where it came from in words, for the authentication error's hint.
 */
import type {ImportResult} from '../engine/result.js';
import {PackportError} from '../errors.js';
import type {Profile} from './profile-types.js';
import type {SecretStore} from './profiles.js';
import type {VendorId} from '../vendors/vendor-id.js';

export const secretEnvVar = (vendor: VendorId): string => (vendor === 'aep' ? 'PACKPORT_CLIENT_SECRET' : 'PACKPORT_PASSWORD');
/** `PACKPORT_PASSWORD_PROD_EU` for profile `prod-eu`: upper case, every non-alphanumeric as `_`. */
export const profileSecretEnvVar = (profile: Pick<Profile, 'vendor' | 'name'>): string =>
	`${secretEnvVar(profile.vendor)}_${profile.name.toUpperCase().replaceAll(/[^A-Z\d]/g, '_')}`;
export const secretStdinFlag = (vendor: VendorId): string => (vendor === 'aep' ? '--client-secret-stdin' : '--password-stdin');
/** MicroStrategy's API-token sign-in (login mode 4096) takes a token where others take a password. */
export const usesApiToken = (profile: Pick<Profile, 'vendor' | 'loginMode'>): boolean => profile.vendor === 'mstr' && profile.loginMode === 4096;

/** What the secret is called, for this profile (or, without one, for the vendor). */
export const secretNoun = (of: VendorId | Pick<Profile, 'vendor' | 'loginMode'>): string => {
	const profile = typeof of === 'string' ? {vendor: of} : of;
	if (profile.vendor === 'aep') return 'client secret';
	return usesApiToken(profile) ? 'API token' : 'password';
};

/** "Set PACKPORT_PASSWORD_PROD (or PACKPORT_PASSWORD)": the ways to give a secret, for hints. */
export const secretEnvChoices = (profile: Pick<Profile, 'vendor' | 'name'>): string => `${profileSecretEnvVar(profile)} (or ${secretEnvVar(profile.vendor)})`;

/** `profile-env`: PACKPORT_PASSWORD_<PROFILE>; `env`: PACKPORT_PASSWORD; `prompt`: typed in the wizard. */
export type SecretSource = 'profile-env' | 'env' | 'stdin' | 'saved' | 'prompt';

export type ResolvedSecret = {
	secret: string;
	source: SecretSource;
	/** The variable it came from, for the env sources. */
	variable?: string;
	/**
	 * Where it came from, in words, for hints: "PACKPORT_PASSWORD from the environment; profile
	 * 'prod' also has a saved password (unset PACKPORT_PASSWORD to use it)".
	 */
	words: string;
};

/** Whether the profile has a saved secret; a store that cannot be read (bad mode, damaged) counts as none here. */
const hasSaved = (store: SecretStore, name: string): boolean => {
	try {
		return store.savedNames([name]).has(name);
	} catch {
		return false;
	}
};

/** Where a secret came from, in words (ImportPlan.secretSource). */
export const describeSecretSource = (
	profile: Pick<Profile, 'vendor' | 'name' | 'loginMode'>,
	source: SecretSource,
	{variable, alsoSaved = false}: {variable?: string; alsoSaved?: boolean} = {},
): string => {
	const noun = secretNoun(profile);
	const saved = (override: string) => (alsoSaved ? `; profile '${profile.name}' also has a saved ${noun} (${override} to use it)` : '');
	switch (source) {
		case 'profile-env':
		case 'env': {
			const name = variable ?? (source === 'env' ? secretEnvVar(profile.vendor) : profileSecretEnvVar(profile));
			return `${name} from the environment${saved(`unset ${name}`)}`;
		}

		case 'stdin':
			return `${secretStdinFlag(profile.vendor)}${saved(`drop ${secretStdinFlag(profile.vendor)}`)}`;
		case 'saved':
			return `the ${noun} saved for profile '${profile.name}'`;
		case 'prompt':
			return `the ${noun} typed in the wizard`;
	}
};

export const resolveSecret = (
	profile: Profile,
	{env, stdinSecret, store}: {env: Record<string, string | undefined>; stdinSecret?: string; store: SecretStore},
): ResolvedSecret | undefined => {
	const scoped = profileSecretEnvVar(profile);
	const general = secretEnvVar(profile.vendor);
	const found = (secret: string, source: SecretSource, variable?: string): ResolvedSecret => ({
		secret,
		source,
		...(variable ? {variable} : {}),
		// The store is read only to say so in words; the secret used is the one found first.
		words: describeSecretSource(profile, source, {variable, alsoSaved: source !== 'saved' && hasSaved(store, profile.name)}),
	});
	if (env[scoped]) return found(env[scoped], 'profile-env', scoped);
	if (env[general]) return found(env[general], 'env', general);
	if (stdinSecret) return found(stdinSecret, 'stdin');
	const saved = store.get(profile.name);
	return saved ? found(saved, 'saved') : undefined;
};

/** The sentence an authentication hint ends with, e.g. "Password used: PACKPORT_PASSWORD from the environment." */
export const secretSourceSentence = (noun: string, words: string): string => `${noun.charAt(0).toUpperCase()}${noun.slice(1)} used: ${words}.`;

/** The hint with the sentence added, once: a hint that names the source already (http.ts's 401 hint) stays as it is. */
export const withSecretSentence = (hint: string | null | undefined, noun: string, words: string | undefined): string => {
	if (!words) return hint ?? '';
	if (hint?.includes(words)) return hint;
	const sentence = secretSourceSentence(noun, words);
	return hint ? `${hint.replace(/\s+$/, '')}${/[.!?)]$/.test(hint.trim()) ? '' : '.'} ${sentence}` : sentence;
};

/** An authentication error (kind 'auth') with where the secret came from in its hint; others unchanged. */
export const withSecretSource = (error: PackportError, profile: Pick<Profile, 'vendor' | 'loginMode'>, words: string | undefined): PackportError => {
	if (!words || error.kind !== 'auth') return error;
	return new PackportError('auth', error.message, {
		vendor: error.vendor,
		status: error.status,
		vendorCode: error.vendorCode,
		requestId: error.requestId,
		url: error.url,
		cause: error.cause,
		hint: withSecretSentence(error.hint, secretNoun(profile), words),
	});
};

/**
 * The same for an import's result: the engine records an authentication failure as status
 * `unauthorized` (exit 3). Used by `packport import`/`undo`/`deploy` and the wizard.
 */
export const resultWithSecretSource = (result: ImportResult, profile: Pick<Profile, 'vendor' | 'loginMode'>, words: string | undefined): ImportResult => {
	if (!words || !result.error || result.status !== 'unauthorized') return result;
	return {...result, error: {...result.error, hint: withSecretSentence(result.error.hint, secretNoun(profile), words)}};
};

/** One line from stdin: the trailing newline that `echo` and here-strings add is not part of it. */
export const secretFromStdin = (text: string): string => text.replace(/\r?\n$/, '');
