/**
 * Profiles live in config.json (settings only); secrets never do: they go to the OS keychain or a
 * 0600 file beside it (secret-store.ts). The file is read on every use and changed only under its
 * lock (stores/json-file.ts), so parallel `profiles add` keep every profile, and a file that does
 * not parse is refused by name instead of being read as empty. Everything read back is checked and
 * a record that does not fit is skipped and counted, not trusted. Nothing is written until a
 * command changes something: reading commands never create the folder or the file.
 */
import path from 'node:path';
import {isPackportError, type PackportError} from '../errors.js';
import {createSecretStore, type SecretStore} from './secret-store.js';
import type {Profile} from './profile-types.js';
import {configDirFor} from '../stores/config-dir.js';
import {createJsonFile, damagedFile, type JsonObject} from '../stores/json-file.js';
import {isVendorId} from '../vendors/vendor-id.js';

export type {Profile} from './profile-types.js';

export type {SecretStore} from './secret-store.js';

export type ProfileStore = {
	/** Every readable profile, by name. Throws a PackportError naming config.json when it is damaged. */
	list(): Profile[];
	/** The same, with how many records were skipped because they are not profiles packport can read. */
	read(): {profiles: Profile[]; skipped: number};
	get(name: string): Profile | undefined;
	save(profile: Profile): void;
	remove(name: string): boolean;
	/** The error a damaged config.json gives, or undefined when it is fine (or absent). */
	problem(): PackportError | undefined;
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

const redo = 'add the profiles again (`packport profiles add NAME …`)';

// One collator, not localeCompare per pair: sorting 300,000 names stays well under a second.
const byName = new Intl.Collator('en').compare;

export const createProfileStore = (configDir?: string, {secretStore = process.env.PACKPORT_SECRET_STORE}: {secretStore?: string} = {}): ProfileStore => {
	const directory = path.resolve(configDir ?? configDirFor(process.env));
	const config = createJsonFile(path.join(directory, 'config.json'), {redo});
	let secrets: SecretStore | undefined;
	/** The profiles record; one that is not an object was not written by packport and is not overwritten. */
	const profilesOf = (data: JsonObject | undefined): JsonObject => {
		const value = data?.profiles;
		if (value === undefined) return {};
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
		throw damagedFile(config.path, '"profiles" is not an object', Buffer.from(JSON.stringify(data)), redo);
	};

	const read = () => {
		const records = profilesOf(config.read());
		const profiles: Profile[] = [];
		let skipped = 0;
		// Keys, not entries: 300,000 [name, record] pairs are a second copy for nothing.
		for (const name of Object.keys(records)) {
			const profile = parseProfile(name, records[name]);
			if (profile) profiles.push(profile);
			else skipped++;
		}

		return {profiles: profiles.sort((a, b) => byName(a.name, b.name)), skipped};
	};

	return {
		list: () => read().profiles,
		read,
		get(name) {
			const records = profilesOf(config.read());
			return Object.hasOwn(records, name) ? parseProfile(name, records[name]) : undefined;
		},
		save(profile) {
			const {name, ...fields} = profile;
			config.update(data => ({...data, profiles: {...profilesOf(data), [name]: fields}}));
		},
		remove(name) {
			let removed = false;
			config.update(data => {
				const all = profilesOf(data);
				if (!Object.hasOwn(all, name)) return undefined;
				delete all[name];
				removed = true;
				return {...data, profiles: all};
			});
			return removed;
		},
		problem() {
			try {
				profilesOf(config.read());
				return undefined;
			} catch (error) {
				if (isPackportError(error)) return error;
				throw error;
			}
		},
		configDir: directory,
		configPath: config.path,
		get secrets() {
			secrets ??= createSecretStore(directory, secretStore);
			return secrets;
		},
		takeFallbackWarning() {
			const store = this.secrets;
			if (store.kind !== 'file') return undefined;
			// Decided under the lock: of ten parallel `profiles add`, exactly one shows the note.
			let first = false;
			config.update(data => {
				if (data.fileSecretsWarned === true) return undefined;
				first = true;
				return {...data, fileSecretsWarned: true};
			});
			if (!first) return undefined;
			const why = store.fallbackReason ? `${store.fallbackReason}, so ` : '';
			return `Note: ${why}secrets are saved in ${store.location} (${store.mode()}). This note is shown once.`;
		},
	};
};
