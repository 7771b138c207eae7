/**
 * Profiles live in conf (settings only); secrets never do. They go to a separate file with mode
 * 0600 beside the config (issue 5 adds the OS keychain). Everything read back is checked and a
 * record that does not fit is dropped, not trusted.
 */
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type {Profile} from './profiles-types.js';
import {isVendorId} from './vendors/vendor-id.js';

export type {Profile} from './profiles-types.js';

export type SecretStore = {
	get(profileName: string): string | undefined;
	set(profileName: string, secret: string): void;
	delete(profileName: string): void;
	/** Where secrets are kept, for `profiles show`. */
	readonly location: string;
};

export type ProfileStore = {
	list(): Profile[];
	get(name: string): Profile | undefined;
	save(profile: Profile): void;
	remove(name: string): boolean;
	readonly configDir: string;
	readonly configPath: string;
	readonly secrets: SecretStore;
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

const createFileSecretStore = (directory: string): SecretStore => {
	const file = path.join(directory, 'secrets.json');
	const read = (): Record<string, string> => {
		try {
			const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
			return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
		} catch {
			return {};
		}
	};

	const write = (secrets: Record<string, string>) => {
		fs.mkdirSync(directory, {recursive: true, mode: 0o700});
		// Write to a private temp file and rename: the secret is never readable by others, not even briefly.
		const temporary = `${file}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, JSON.stringify(secrets, null, '\t'), {mode: 0o600});
		fs.renameSync(temporary, file);
		fs.chmodSync(file, 0o600);
	};

	return {
		get: name => {
			const value = read()[name];
			return typeof value === 'string' ? value : undefined;
		},
		set(name, secret) {
			write({...read(), [name]: secret});
		},
		delete(name) {
			const secrets = read();
			if (!(name in secrets)) return;
			delete secrets[name];
			write(secrets);
		},
		location: file,
	};
};

export const createProfileStore = (configDir?: string): ProfileStore => {
	const conf = new Conf<{profiles: Record<string, unknown>}>({
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
		secrets: createFileSecretStore(directory),
	};
};
