const reasons: Record<string, string> = {
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EROFS: 'the file system is read-only',
	EISDIR: 'it is a folder',
	ENOTDIR: 'a part of its path is a file',
};

/** Why a file operation failed, in words, without the temp file names that system messages carry. */
export const ioReason = (error: unknown): string => {
	const code = (error as NodeJS.ErrnoException).code;
	if (code) return reasons[code] ? `${reasons[code]} (${code})` : code;
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
};
