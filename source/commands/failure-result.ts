import type {ImportResult} from '../engine/result.js';
import type {PackportError} from '../errors.js';
import type {VendorId} from '../vendors/vendor-id.js';

/** The JSON result for a run that ended before the engine started (bad flags, unknown profile). */
export const failureResult = (error: PackportError, {vendor, profile, packageRef}: {vendor?: VendorId; profile?: string; packageRef?: string}): ImportResult => {
	const now = new Date().toISOString();
	return {
		ok: false,
		exitCode: error.exitCode,
		vendor: vendor ?? ('unknown' as VendorId),
		profile: profile ?? '',
		package: packageRef ? {path: packageRef} : null,
		jobId: null,
		status: error.kind === 'usage' ? 'invalid' : 'failed',
		startedAt: now,
		finishedAt: now,
		undoPackage: null,
		steps: [],
		details: {},
		warnings: [],
		error: error.toJSON(),
	};
};

/**
 * The JSON failure of the other commands (profiles, status) under --json: what a script
 * checks first (ok, exitCode, error), plus what the command knows. Printed before the error goes
 * to stderr, so stdout is never empty when --json was asked for.
 */
export const commandFailure = (error: PackportError, known: Record<string, unknown> = {}) => ({ok: false, exitCode: error.exitCode, ...known, error: error.toJSON()});
