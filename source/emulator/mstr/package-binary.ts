/**
 * The source side's download (create-a-migration-package.md, "Download the package and save it as a
 * binary file"; fixtures/vendor-samples/mstr/package-binary.doc.json): `GET /api/packages/{id}/binary`
 * answers 200 with the package's bytes. The emulator's bytes are its demo `.mmp` format whose
 * definition is exactly what the holder holds (the PUT's type, settings, objects and actions), so
 * importing the file elsewhere applies the actions set on the source.
 */
import {encodeMmp, type MmpDefinition} from '../../packages/mmp-format.js';
import type {Request, Response, RouteHandler} from '../http-kit.js';
import type {HolderStatus} from './state.js';

type HolderView = {status: HolderStatus; definition?: MmpDefinition};

export type PackageBinaryDeps = {
	/** The caller's own holder (status brought up to date), or undefined with an error already sent. */
	ownHolder: (request: Request, response: Response, id: string) => HolderView | undefined;
	/** The documented error envelope. */
	error: (response: Response, status: number, code: string, message: string) => void;
	/** A status word as the active scenario writes it (upper case by default). */
	word: (status: string) => string;
};

export const packageBinaryRoute =
	({ownHolder, error, word}: PackageBinaryDeps): RouteHandler =>
	(request, response, {id = ''}) => {
		const holder = ownHolder(request, response, id);
		if (!holder) return;
		// Nothing to download until the holder is READY: an empty one, or one still being built, is refused
		// the way the import call refuses a holder that is not ready (ERR006, the 400 of the errors page).
		if (holder.status !== 'ready' || !holder.definition) {
			error(response, 400, 'ERR006', `Package ${id} is not ready (status ${word(holder.status)}); fill it and wait until it is READY before downloading it.`);
			return;
		}

		const bytes = encodeMmp(holder.definition);
		response.writeHead(200, {'content-type': 'application/octet-stream', 'content-length': bytes.length});
		response.end(Buffer.from(bytes));
	};
