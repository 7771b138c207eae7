/**
 * Faults every vendor emulator can inject, named `<vendor>-<fault>` in the scenario list. They sit
 * where real servers misbehave: status polls (bursts of 5xx pages, 429, a hang, broken JSON), the
 * upload (the connection cut half-way) and the submit (the job is created, the answer is lost).
 */
import type {Request, Response} from './http-kit.js';
import type {Scenarios} from './scenario-set.js';

export type FaultVendor = 'mstr' | 'vault' | 'aep';

export const faultCatalog = (vendor: FaultVendor, name: string): Record<string, string> => ({
	[`${vendor}-5xx-burst`]: `${name}: the first 3 job status polls answer 503 with an HTML page`,
	[`${vendor}-rate-limit`]: `${name}: the first 2 job status polls answer 429 with Retry-After: 1`,
	[`${vendor}-poll-hang`]: `${name}: the first job status poll never answers (the client must time out)`,
	[`${vendor}-bad-json`]: `${name}: the first 2 job status polls answer 200 with truncated JSON`,
	[`${vendor}-submit-lost`]: `${name}: the import is created, then the connection drops before the answer`,
	[`${vendor}-huge-answer`]: `${name}: the first job status poll answers 200 with a 2 GiB JSON body`,
	[`${vendor}-trickle`]: `${name}: every job status answer arrives one byte a second`,
	...(vendor === 'aep' ? {} : {[`${vendor}-upload-reset`]: `${name}: the connection is reset half-way through the upload`}),
});

/** Answers a job status poll with the injected fault, if any; true when it did. `poll` counts from 1. */
export const pollFault = (vendor: FaultVendor, scenarios: Scenarios, poll: number, response: Response): boolean => {
	if (scenarios.has(`${vendor}-5xx-burst`) && poll <= 3) {
		response.writeHead(503, {'content-type': 'text/html', 'retry-after': '0'});
		response.end('<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>');
		return true;
	}

	if (scenarios.has(`${vendor}-rate-limit`) && poll <= 2) {
		response.writeHead(429, {'content-type': 'application/json', 'retry-after': '1'});
		response.end(JSON.stringify({message: 'Too many requests'}));
		return true;
	}

	if (scenarios.has(`${vendor}-poll-hang`) && poll === 1) {
		// Say nothing; the socket closes when the client gives up or the emulator shuts down.
		response.on('close', () => response.destroy());
		return true;
	}

	if (scenarios.has(`${vendor}-huge-answer`) && poll === 1) {
		// Written as the client reads (drain), so only the client's memory is at stake.
		response.writeHead(200, {'content-type': 'application/json'});
		const chunk = Buffer.alloc(1024 * 1024, 0x20);
		let left = 2048;
		const pump = () => {
			while (left > 0) {
				left--;
				if (!response.write(left === 2047 ? Buffer.from('{"status":"') : chunk)) return void response.once('drain', pump);
			}

			response.end('"}');
		};

		response.on('close', () => (left = 0));
		pump();
		return true;
	}

	if (scenarios.has(`${vendor}-trickle`)) {
		response.writeHead(200, {'content-type': 'application/json'});
		const timer = setInterval(() => response.write(' '), 1000);
		response.on('close', () => clearInterval(timer));
		return true;
	}

	if (scenarios.has(`${vendor}-bad-json`) && poll <= 2) {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"status": "OK", "data": {"id": ');
		return true;
	}

	return false;
};

/** The submit was processed, but its answer never arrives: the caller cannot know the job exists. */
export const loseAnswer = (response: Response): void => {
	response.socket?.destroy();
};

/** Cuts the connection once about half of the upload arrived; nothing is created. */
export const resetUploadHalfWay = async (request: Request): Promise<void> => {
	const total = Number(request.headers['content-length'] ?? 0);
	let received = 0;
	await new Promise<void>(resolve => {
		const stop = () => {
			request.socket.destroy();
			resolve();
		};

		request.on('data', (chunk: Buffer) => {
			received += chunk.length;
			if (received >= total / 2) stop();
		});
		request.on('end', stop);
		request.on('error', () => resolve());
	});
};
