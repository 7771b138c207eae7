/**
 * Where saved secrets live. The OS keychain when one answers (macOS Keychain, Windows Credential
 * Manager, Secret Service on Linux, through @napi-rs/keyring); otherwise a file beside the config
 * with mode 0600, checked on every read, locked and replaced atomically on every write. Reads look
 * in both, so a secret saved before a keychain appeared is still found.
 * `PACKPORT_SECRET_STORE=file|keychain` chooses explicitly (containers, CI, tests).
 */
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {usageError} from '../errors.js';
import {createJsonFile} from '../stores/json-file.js';
import {checkPrivateFile, describeMode} from '../stores/private-file.js';

export type SecretStoreKind = 'keychain' | 'file';

export type SecretStore = {
	get(profileName: string): string | undefined;
	set(profileName: string, secret: string): void;
	delete(profileName: string): void;
	/** Which of these profiles have a saved secret: one read of the file for a list of 300,000. */
	savedNames(profileNames: string[]): Set<string>;
	readonly kind: SecretStoreKind;
	/** Where secrets are kept, said to the user by `profiles show`. */
	readonly location: string;
	/** The file's real mode in words ("mode 0600, readable only by you"); undefined for the keychain. */
	mode(): string | undefined;
	/** Why the keychain is not used, when it is not (for the one-time warning). */
	readonly fallbackReason?: string;
};

type KeyringEntry = {getPassword(): string | null | undefined; setPassword(secret: string): void; deletePassword(): boolean};
type KeyringModule = {Entry: new (service: string, account: string, options?: {linux?: {store?: string}}) => KeyringEntry};

// On Linux only the Secret Service persists; the kernel keyring it would fall back to forgets
// everything at reboot, which would lose saved profiles' secrets silently. Ignored elsewhere.
const entryOptions = {linux: {store: 'secret-service'}};

const loadKeyring = (): KeyringModule | string => {
	try {
		// Native module, loaded only when secrets are touched; a platform without a prebuilt binary
		// falls back to the file instead of failing to start.
		return createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
	} catch (error) {
		return `the keychain module could not load (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
	}
};

export const createFileSecretStore = (directory: string, fallbackReason?: string): SecretStore => {
	const secrets = createJsonFile(path.join(directory, 'secrets.json'), {
		redo: 'save the passwords again (`packport profiles add NAME … --password-stdin`)',
		check: checkPrivateFile,
	});
	return {
		get(name) {
			const value = secrets.read()?.[name];
			return typeof value === 'string' ? value : undefined;
		},
		set(name, secret) {
			secrets.update(current => ({...current, [name]: secret}));
		},
		delete(name) {
			// Most profiles have no copy here (keychain, or none saved): no lock, no write for them.
			if (!Object.hasOwn(secrets.read() ?? {}, name)) return;
			secrets.update(current => {
				if (!Object.hasOwn(current, name)) return undefined;
				delete current[name];
				return current;
			});
		},
		savedNames(names) {
			const all = secrets.read() ?? {};
			return new Set(names.filter(name => typeof all[name] === 'string'));
		},
		mode() {
			try {
				return describeMode(fs.statSync(secrets.path));
			} catch {
				return 'not written yet';
			}
		},
		kind: 'file',
		location: secrets.path,
		fallbackReason,
	};
};

/** One keychain service per config folder, so a test or demo config never sees the real profiles. */
const serviceFor = (directory: string) => `packport:${path.resolve(directory)}`;

const probeKeychain = (keyring: KeyringModule, service: string): string | undefined => {
	try {
		new keyring.Entry(service, '__packport_probe__', entryOptions).getPassword();
		return undefined;
	} catch (error) {
		return `no OS keychain answered (${error instanceof Error ? error.message : String(error)})`;
	}
};

const createKeychainSecretStore = (keyring: KeyringModule, service: string, file: SecretStore): SecretStore => {
	const entry = (name: string) => new keyring.Entry(service, name, entryOptions);
	const keychainHas = (name: string) => {
		try {
			const value = entry(name).getPassword();
			return typeof value === 'string' && value !== '';
		} catch {
			return false;
		}
	};

	return {
		get(name) {
			try {
				const value = entry(name).getPassword();
				if (typeof value === 'string' && value !== '') return value;
			} catch {
				// A locked or vanished keychain entry: the file may still hold an older copy.
			}

			return file.get(name);
		},
		set(name, secret) {
			entry(name).setPassword(secret);
			// Never two copies: the keychain one wins, a stale file copy goes.
			file.delete(name);
		},
		delete(name) {
			try {
				entry(name).deletePassword();
			} catch {
				// Nothing saved there.
			}

			file.delete(name);
		},
		savedNames(names) {
			const inFile = file.savedNames(names);
			return new Set(names.filter(name => inFile.has(name) || keychainHas(name)));
		},
		mode: () => undefined,
		kind: 'keychain',
		location: `OS keychain, service "${service}"`,
	};
};

export const createSecretStore = (directory: string, preference: string | undefined): SecretStore => {
	const choice = preference?.trim().toLowerCase() || 'auto';
	if (choice !== 'auto' && choice !== 'file' && choice !== 'keychain') {
		throw usageError(`PACKPORT_SECRET_STORE is "${preference}", which is not a store packport knows.`, 'Set it to file or keychain, or unset it.');
	}

	if (choice === 'file') return createFileSecretStore(directory);
	const service = serviceFor(directory);
	const keyring = loadKeyring();
	const problem = typeof keyring === 'string' ? keyring : probeKeychain(keyring, service);
	if (problem === undefined && typeof keyring !== 'string') return createKeychainSecretStore(keyring, service, createFileSecretStore(directory));
	if (choice === 'keychain') throw usageError(`PACKPORT_SECRET_STORE=keychain, but ${problem}.`, 'Unlock or install a keychain, or unset PACKPORT_SECRET_STORE to use the 0600 file.');
	return createFileSecretStore(directory, problem);
};
