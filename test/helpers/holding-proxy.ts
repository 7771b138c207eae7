/**
 * A real HTTP proxy in front of the emulator that holds one upload, as a slow or stalled network
 * does: `mid-body` stops reading after the first bytes (the client cannot finish sending),
 * `after-body` reads it whole and never answers (sent, the answer lost). Every other call is
 * forwarded; the emulator's own address in answers (Vault's login names its URL) becomes the proxy's.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type HoldMode = 'mid-body' | 'after-body';

export type HoldingProxy = {
	url: string;
	/** Resolves once the upload is held: its first bytes arrived (mid-body), or all of them (after-body). */
	held: Promise<void>;
	close(): Promise<void>;
};

export const startHoldingProxy = async (target: string, isUpload: (method: string, path: string) => boolean, mode: HoldMode): Promise<HoldingProxy> => {
	const targetUrl = new URL(target);
	let proxyOrigin = '';
	let markHeld!: () => void;
	const held = new Promise<void>(resolve => (markHeld = resolve));
	const server = http.createServer((request, response) => {
		if (isUpload(request.method ?? '', request.url ?? '')) {
			if (mode === 'mid-body') {
				request.once('data', () => {
					request.pause();
					markHeld();
				});
			} else {
				request.on('data', () => undefined);
				request.once('end', markHeld);
			}

			return;
		}

		const forwarded = http.request(
			{host: targetUrl.hostname, port: targetUrl.port, method: request.method, path: request.url, headers: {...request.headers, host: targetUrl.host}},
			answer => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => {
					const body = Buffer.from(Buffer.concat(chunks).toString('latin1').replaceAll(targetUrl.origin, proxyOrigin), 'latin1');
					const headers = {...answer.headers, 'content-length': String(body.length)};
					delete headers['transfer-encoding'];
					response.writeHead(answer.statusCode ?? 502, headers);
					response.end(body);
				});
			},
		);
		forwarded.on('error', () => response.destroy());
		request.pipe(forwarded);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	proxyOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: `${proxyOrigin}${targetUrl.pathname.replace(/\/$/, '')}`,
		held,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
};
