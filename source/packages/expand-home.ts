/**
 * `~` and `~/…` at the start of a path typed or passed as a flag, as a shell would expand them.
 * A quoted `'~/x'` or `--package=~/x` reaches packport unexpanded: both the wizard's path field and
 * the headless path options go through here. `~user/…` is left alone (another user's home).
 */
import os from 'node:os';
import path from 'node:path';

export const homeFolder = (env: Record<string, string | undefined> = process.env): string => {
	const home = process.platform === 'win32' ? env.USERPROFILE : env.HOME;
	return home && path.isAbsolute(home) ? home : os.homedir();
};

export const expandHome = (value: string, env?: Record<string, string | undefined>): string => {
	if (value === '~') return homeFolder(env);
	if (value.startsWith('~/') || (process.platform === 'win32' && value.startsWith('~\\'))) return path.join(homeFolder(env), value.slice(2));
	return value;
};

/** The same for an optional flag value. */
export const expandHomeFlag = (value: string | undefined, env?: Record<string, string | undefined>): string | undefined => (value === undefined ? undefined : expandHome(value, env));
