import type {VendorId} from '../vendors/vendor-id.js';

/** The JSON result of design.md section 4; `--json` prints exactly this. */
export type ImportResult = {
	ok: boolean;
	exitCode: number;
	vendor: VendorId;
	profile: string;
	package: {path?: string; id?: string; name?: string; bytes?: number; sha256?: string} | null;
	jobId: string | null;
	status: string;
	startedAt: string;
	finishedAt: string;
	undoPackage: string | null;
	steps: Array<{name: string; status: string; ms: number}>;
	details: Record<string, unknown>;
	warnings: string[];
	error: {code: string; message: string; hint: string | null} | null;
	/** The run's id in history (`packport undo --run ID` rolls back an import that saved an undo package). */
	runId?: string;
	/** For `packport undo`: the run this import rolls back. */
	rollbackOf?: string;
};
