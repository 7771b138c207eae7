/**
 * stdin for --password-stdin / --client-secret-stdin, read with a cap. Reading "until the end"
 * grew by ~180 MB/s on `< /dev/zero` and never heard SIGTERM (issue 14, finding 15): now more than
 * the cap is refused at the cap, and a stdin that never ends gives way to the first Ctrl-C or
 * SIGTERM. Either way stdin is closed, so nothing keeps the process alive or growing.
 */
import type {Readable} from 'node:stream';
import {PackportError, usageError} from '../errors.js';

/** A password, API token or client secret is a few hundred bytes; 64 KiB is far past any of them. */
export const maxStdinSecretBytes = 64 * 1024;

export const readBoundedStdin = async (stream: Readable, {maxBytes = maxStdinSecretBytes, signal}: {maxBytes?: number; signal: AbortSignal}): Promise<string> =>
	new Promise((resolve, reject) => {
		const pieces: Buffer[] = [];
		let bytes = 0;
		const settle = (error: Error | undefined) => {
			stream.off('data', onData);
			stream.off('end', onEnd);
			stream.off('error', onError);
			signal.removeEventListener('abort', onAbort);
			if (error) {
				// Stop reading now: a device or a writer that never stops must not keep us here.
				stream.destroy();
				reject(error);
			} else {
				resolve(Buffer.concat(pieces).toString('utf8'));
			}
		};

		const onData = (piece: Buffer | string) => {
			const buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
			bytes += buffer.length;
			if (bytes > maxBytes) {
				settle(usageError(
					`stdin holds more than ${maxBytes / 1024} KB; a secret read with --password-stdin or --client-secret-stdin is never that long.`,
					'Send only the secret on stdin, e.g. `printf %s "$PASSWORD" | packport … --password-stdin`.',
				));
				return;
			}

			pieces.push(buffer);
		};

		const onEnd = () => settle(undefined);
		const onError = (error: Error) => settle(usageError(`Can't read stdin: ${error.message}.`, 'Pass the secret on stdin from a file or a pipe.'));
		const onAbort = () => settle(new PackportError('interrupted', 'Interrupted while reading the secret from stdin; nothing was sent.'));
		if (signal.aborted) {
			onAbort();
			return;
		}

		signal.addEventListener('abort', onAbort, {once: true});
		stream.on('data', onData);
		stream.once('end', onEnd);
		stream.once('error', onError);
	});
