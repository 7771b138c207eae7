/** A real HTTP server on loopback for tests of the HTTP layer (like got's own with-server helper). */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export const withServer = async (handler: Handler) => {
	const server = http.createServer(handler);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
};
