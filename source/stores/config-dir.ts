/**
 * Where packport keeps config.json, secrets.json and history.jsonl: the folder conf chose before
 * (env-paths: XDG on Linux, Library/Preferences on macOS, AppData on Windows), from the environment
 * the command was given, not from the process's.
 */
import os from 'node:os';
import path from 'node:path';
import {usageError} from '../errors.js';

const homeOf = (env: Record<string, string | undefined>, platform: string): string => {
	// What os.homedir() reads first on each platform.
	let home = platform === 'win32' ? env.USERPROFILE : env.HOME;
	try {
		// Without HOME, the account's home from the password database, as conf did.
		home ||= os.homedir();
	} catch {
		// No account entry either (a container run with a bare uid).
	}

	if (!home || !path.isAbsolute(home)) throw usageError("Can't tell where packport's config folder is: HOME is not set.", 'Set HOME, or PACKPORT_CONFIG_DIR to a folder.');
	return home;
};

export const configDirFor = (env: Record<string, string | undefined>, platform: string = process.platform): string => {
	if (env.PACKPORT_CONFIG_DIR) return path.resolve(env.PACKPORT_CONFIG_DIR);
	if (platform === 'darwin') return path.join(homeOf(env, platform), 'Library', 'Preferences', 'packport');
	if (platform === 'win32') return path.join(env.APPDATA || path.join(homeOf(env, platform), 'AppData', 'Roaming'), 'packport', 'Config');
	const xdg = env.XDG_CONFIG_HOME;
	return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homeOf(env, platform), '.config'), 'packport');
};
