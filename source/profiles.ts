/**
 * Profiles live in conf (settings only); secrets never do. They go to a separate file with mode
 * 0600 beside the config (issue 5 adds the OS keychain). Everything read back is checked and a
 * record that does not fit is dropped, not trusted.
 */
import path from 'node:path';
import Conf from 'conf';
import {createSecretStore, type SecretStore} from './secret-store.js';
import type {Profile} from './profiles-types.js';
import {isVendorId} from './vendors/vendor-id.js';

export type {Profile} from './profiles-types.js';

export type {SecretStore} from './secret-store.js';

export type ProfileStore = {
	list(): Profile[];
	get(name: string): Profile | undefined;
	save(profile: Profile): void;
	remove(name: string): boolean;
	readonly configDir: string;
	readonly configPath: string;
	/** Opened on first use: probing the keychain costs a native module load. */
	readonly secrets: SecretStore;
	/**
	 * The warning to show once per config folder when secrets fall back to the 0600 file, or
	 * undefined (keychain in use, or already shown). Calling it marks it shown.
	 */
	takeFallbackWarning(): string | undefined;
};

const textFields = [
	'url',
	'username',
	'apiVersion',
	'projectId',
	'imsUrl',
	'clientId',
	'orgId',
	'sandbox',
	'targetSandbox',
	'scopes',
] as const;

/** A profile read from disk, or undefined when the record is not one we wrote. */
export const parseProfile = (name: string, raw: unknown): Profile | undefined => {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const record = raw as Record<string, unknown>;
	if (!isVendorId(record.vendor) || typeof record.url !== 'string') return undefined;
	const profile: Profile = {name, vendor: record.vendor, url: record.url};
	for (const field of textFields) {
		const value = record[field];
		if (typeof value === 'string' && value !== '') profile[field] = value;
	}

	if (typeof record.loginMode === 'number' && Number.isInteger(record.loginMode)) profile.loginMode = record.loginMode;
	return profile;
};

export const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const createProfileStore = (configDir?: string, {secretStore = process.env.PACKPORT_SECRET_STORE}: {secretStore?: string} = {}): ProfileStore => {
	const conf = new Conf<{profiles: Record<string, unknown>; fileSecretsWarned?: boolean}>({
		projectName: 'packport',
		projectSuffix: '',
		cwd: configDir,
		configName: 'config',
		defaults: {profiles: {}},
		accessPropertiesByDotNotation: false,
		configFileMode: 0o600,
		clearInvalidConfig: false,
	});
	const directory = path.dirname(conf.path);
	let secrets: SecretStore | undefined;
	const profiles = (): Record<string, unknown> => {
		const value = conf.get('profiles');
		return typeof value === 'object' && value !== null ? value : {};
	};

	return {
		list: () =>
			Object.entries(profiles())
				.map(([name, raw]) => parseProfile(name, raw))
				.filter((profile): profile is Profile => profile !== undefined)
				.sort((a, b) => a.name.localeCompare(b.name)),
		get: name => (Object.hasOwn(profiles(), name) ? parseProfile(name, profiles()[name]) : undefined),
		save(profile) {
			const {name, ...fields} = profile;
			conf.set('profiles', {...profiles(), [name]: fields});
		},
		remove(name) {
			const all = profiles();
			if (!Object.hasOwn(all, name)) return false;
			delete all[name];
			conf.set('profiles', all);
			return true;
		},
		configDir: directory,
		configPath: conf.path,
		get secrets() {
			secrets ??= createSecretStore(directory, secretStore);
			return secrets;
		},
		takeFallbackWarning() {
			const store = this.secrets;
			if (store.kind !== 'file' || conf.get('fileSecretsWarned') === true) return undefined;
			conf.set('fileSecretsWarned', true);
			const why = store.fallbackReason ? `${store.fallbackReason}, so ` : '';
			return `Note: ${why}secrets are saved in ${store.location} (mode 0600, readable only by you). This note is shown once.`;
		},
	};
};
