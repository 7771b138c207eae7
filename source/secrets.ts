/**
 * design.md section 2: a secret comes from, first match wins, the env var, --password-stdin /
 * --client-secret-stdin, the saved profile, or (wizard only) a masked prompt. Env vars are never saved.
 */
import type {Profile} from './profiles-types.js';
import type {SecretStore} from './profiles.js';
import type {VendorId} from './vendors/vendor-id.js';

export const secretEnvVar = (vendor: VendorId): string => (vendor === 'aep' ? 'PACKPORT_CLIENT_SECRET' : 'PACKPORT_PASSWORD');
export const secretStdinFlag = (vendor: VendorId): string => (vendor === 'aep' ? '--client-secret-stdin' : '--password-stdin');
/** MicroStrategy's API-token sign-in (login mode 4096) takes a token where others take a password. */
export const usesApiToken = (profile: Pick<Profile, 'vendor' | 'loginMode'>): boolean => profile.vendor === 'mstr' && profile.loginMode === 4096;

/** What the secret is called, for this profile (or, without one, for the vendor). */
export const secretNoun = (of: VendorId | Pick<Profile, 'vendor' | 'loginMode'>): string => {
	const profile = typeof of === 'string' ? {vendor: of} : of;
	if (profile.vendor === 'aep') return 'client secret';
	return usesApiToken(profile) ? 'API token' : 'password';
};

export type SecretSource = 'env' | 'stdin' | 'saved';

export const resolveSecret = (
	profile: Profile,
	{env, stdinSecret, store}: {env: Record<string, string | undefined>; stdinSecret?: string; store: SecretStore},
): {secret: string; source: SecretSource} | undefined => {
	const fromEnv = env[secretEnvVar(profile.vendor)];
	if (fromEnv) return {secret: fromEnv, source: 'env'};
	if (stdinSecret) return {secret: stdinSecret, source: 'stdin'};
	const saved = store.get(profile.name);
	return saved ? {secret: saved, source: 'saved'} : undefined;
};

/** One line from stdin: the trailing newline that `echo` and here-strings add is not part of it. */
export const secretFromStdin = (text: string): string => text.replace(/\r?\n$/, '');
