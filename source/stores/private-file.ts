/**
 * secrets.json must be the user's own and closed to everyone else. Checked on every read, since
 * a file copied, restored from a backup or chmod-ed by hand loses its 0600 without packport
 * noticing otherwise (issue 14).
 */
import type fs from 'node:fs';
import {PackportError} from '../errors.js';

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/** The mode as said to the user, e.g. "mode 0600, readable only by you": always the real one. */
export const describeMode = (stats: Pick<fs.Stats, 'mode'>): string =>
	`mode ${octal(stats.mode)}${(stats.mode & 0o077) === 0 ? ', readable only by you' : ', open to other users'}`;

export const checkPrivateFile = (file: string, stats: fs.Stats, {uid = process.getuid?.(), platform = process.platform}: {uid?: number; platform?: string} = {}) => {
	// Windows has no POSIX modes or uids to check; its ACLs follow the profile folder.
	if (platform === 'win32') return;
	if (uid !== undefined && stats.uid !== uid) {
		throw new PackportError('usage', `${file} belongs to another user (uid ${stats.uid}), so packport won't read secrets from it.`, {
			hint: `If it is yours, run: sudo chown ${uid} ${file} && chmod 600 ${file}; otherwise remove it.`,
			vendorCode: 'SECRETS_FILE_UNSAFE',
		});
	}

	const open = stats.mode & 0o077;
	if (open !== 0) {
		throw new PackportError('usage', `${file} can be ${open & 0o044 ? 'read' : 'changed'} by other users (mode ${octal(stats.mode)}), so packport won't read secrets from it.`, {
			hint: `Run: chmod 600 ${file} (and change the passwords in it if someone may have read them).`,
			vendorCode: 'SECRETS_FILE_UNSAFE',
		});
	}
};
