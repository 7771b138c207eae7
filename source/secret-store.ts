/**
 * Where saved secrets live. The OS keychain when one answers (macOS Keychain, Windows Credential
 * Manager, Secret Service on Linux, through @napi-rs/keyring); otherwise a file beside the config
 * with mode 0600. Reads look in both, so a secret saved before a keychain appeared is still found.
 * `PACKPORT_SECRET_STORE=file|keychain` chooses explicitly (containers, CI, tests).
 */
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {usageError} from './errors.js';

export type SecretStoreKind = 'keychain' | 'file';

export type SecretStore = {
	get(profileName: string): string | undefined;
	set(profileName: string, secret: string): void;
	delete(profileName: string): void;
	readonly kind: SecretStoreKind;
	/** Where secrets are kept, said to the user by `profiles show`. */
	readonly location: string;
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
		// A private temp file renamed into place: never readable by others, not even briefly, and a
		// concurrent reader sees the old file or the new one, never half of one.
		const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
		fs.writeFileSync(temporary, JSON.stringify(secrets, null, '\t'), {mode: 0o600});
		fs.renameSync(temporary, file);
		fs.chmodSync(file, 0o600);
	};

	return {
		get(name) {
			const value = read()[name];
			return typeof value === 'string' ? value : undefined;
		},
		set(name, secret) {
			write({...read(), [name]: secret});
		},
		delete(name) {
			const secrets = read();
			if (!Object.hasOwn(secrets, name)) return;
			delete secrets[name];
			write(secrets);
		},
		kind: 'file',
		location: file,
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
