/**
 * One small error tree. Every error a user can see is a PackportError: it carries what the user
 * needs to act (vendor, HTTP status, vendor code, ticket/request id, a hint) and never a secret.
 * Anything else that escapes is "our bug" and is reported as such by cli.tsx.
 */
import type {VendorId} from './vendors/vendor-id.js';

export type ErrorKind =
	| 'usage' // bad flags, bad local input: nothing was sent (exit 2)
	| 'connect' // network, TLS, DNS, timeouts before a job existed (exit 3)
	| 'auth' // login refused, session lost before a job existed (exit 3)
	| 'server' // the server answered with an error or the job failed (exit 1)
	| 'unknown-outcome' // deadline, interruption, session lost while the job runs (exit 5)
	| 'interrupted'; // interrupted before anything was sent (exit 130)

export const exitCodeByKind: Record<ErrorKind, number> = {
	usage: 2,
	connect: 3,
	auth: 3,
	server: 1,
	'unknown-outcome': 5,
	interrupted: 130,
};

export type ErrorDetails = {
	vendor?: VendorId;
	status?: number;
	vendorCode?: string;
	requestId?: string;
	hint?: string;
	url?: string;
	cause?: unknown;
};

export class PackportError extends Error {
	readonly kind: ErrorKind;
	readonly vendor?: VendorId;
	readonly status?: number;
	readonly vendorCode?: string;
	readonly requestId?: string;
	readonly hint?: string;
	readonly url?: string;

	constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
		super(message, details.cause === undefined ? undefined : {cause: details.cause});
		this.name = 'PackportError';
		this.kind = kind;
		this.vendor = details.vendor;
		this.status = details.status;
		this.vendorCode = details.vendorCode;
		this.requestId = details.requestId;
		this.hint = details.hint;
		this.url = details.url;
	}

	get exitCode(): number {
		return exitCodeByKind[this.kind];
	}

	/** The `error` member of the JSON result (design.md section 4). */
	toJSON(): {code: string; message: string; hint: string | null} {
		return {code: this.vendorCode ?? this.kind, message: this.message, hint: this.hint ?? null};
	}
}

export const usageError = (message: string, hint?: string) => new PackportError('usage', message, {hint});

export const isPackportError = (error: unknown): error is PackportError => error instanceof PackportError;
