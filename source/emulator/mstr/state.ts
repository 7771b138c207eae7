/**
 * In-memory state of the MicroStrategy emulator: sessions own at most one holder and its imports,
 * and die after an idle time (the holder and the imports with them).
 */
import {randomBytes} from 'node:crypto';
import type {MmpDefinition} from '../../packages/mmp-format.js';

/** 1 standard, 16 LDAP, 4096 API token (mstrio api/authentication.py). */
export type LoginMode = 1 | 16 | 4096;

export type Session = {token: string; cookie: string; username: string; loginMode: LoginMode; importPolls: number; lastSeen: number};

/** Status words kept in lower case here; the routes write them as the active scenario says. */
export type HolderStatus = 'empty' | 'processing' | 'ready' | 'failed' | 'deleting';

export type Holder = {
	id: string;
	token: string;
	projectId?: string;
	status: HolderStatus;
	readyAt: number;
	definition?: MmpDefinition;
	/** Where the definition came from: an uploaded .mmp, or a PUT on the empty holder. */
	source?: 'upload' | 'put';
};

export type ImportJob = {
	id: string;
	token: string;
	holderId: string;
	startedAt: number;
	durationMs: number;
	/** How long after IMPORTED `undoPackageCreated` turns true (mstrUndoLagMs). */
	undoLagMs: number;
	generateUndo: boolean;
	fails: boolean;
	noUndo: boolean;
	definition: MmpDefinition;
	statusPolls: number;
};

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

export const createMstrState = ({sessionIdleMs}: {sessionIdleMs: number}) => ({
	sessions: new Map<string, Session>(),
	holders: new Map<string, Holder>(),
	imports: new Map<string, ImportJob>(),
	/** actionChanges: PUTs that changed a holder; ...Ignored: answered 202 and dropped; ...Refused: refused. */
	counters: {logins: 0, uploads: 0, uploadedBytes: 0, importsCreated: 0, actionChanges: 0, actionChangesIgnored: 0, actionChangesRefused: 0, sessionsExpired: 0},
	/** Ends a session and everything that lived in it (the holder is session-bound). */
	endSession(token: string) {
		this.sessions.delete(token);
		for (const [id, holder] of this.holders) if (holder.token === token) this.holders.delete(id);
		for (const [id, job] of this.imports) if (job.token === token) this.imports.delete(id);
	},
	/** Whether a session has been idle longer than the server allows. */
	isExpired(session: Session, now = Date.now()) {
		return now - session.lastSeen > sessionIdleMs;
	},
	/** Ends every session idle for too long, with its holder and imports. */
	expireIdle(now = Date.now()) {
		for (const session of [...this.sessions.values()]) {
			if (!this.isExpired(session, now)) continue;
			this.endSession(session.token);
			this.counters.sessionsExpired++;
		}
	},
	sessionIdleMs,
});

export type MstrState = ReturnType<typeof createMstrState>;
