/** In-memory state of the MicroStrategy emulator: sessions own at most one holder and its imports. */
import {randomBytes} from 'node:crypto';
import type {MmpDefinition} from '../../packages/mmp-format.js';

export type Session = {token: string; cookie: string; username: string; importPolls: number};

export type Holder = {
	id: string;
	token: string;
	projectId?: string;
	status: 'empty' | 'processing' | 'ready' | 'failed' | 'deleting';
	readyAt: number;
	definition?: MmpDefinition;
};

export type ImportJob = {
	id: string;
	token: string;
	holderId: string;
	startedAt: number;
	durationMs: number;
	generateUndo: boolean;
	fails: boolean;
	noUndo: boolean;
	definition: MmpDefinition;
	statusPolls: number;
};

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

export const createMstrState = () => ({
	sessions: new Map<string, Session>(),
	holders: new Map<string, Holder>(),
	imports: new Map<string, ImportJob>(),
	counters: {logins: 0, uploads: 0, uploadedBytes: 0, importsCreated: 0, actionChanges: 0},
	/** Ends a session and everything that lived in it (the holder is session-bound). */
	endSession(token: string) {
		this.sessions.delete(token);
		for (const [id, holder] of this.holders) if (holder.token === token) this.holders.delete(id);
		for (const [id, job] of this.imports) if (job.token === token) this.imports.delete(id);
	},
});

export type MstrState = ReturnType<typeof createMstrState>;
