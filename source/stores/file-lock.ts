/**
 * A lock beside a file (`FILE.lock`), so that read-modify-write of config.json and secrets.json by
 * several packport processes at once keeps every change (issue 14: ten parallel `profiles add` kept
 * 2–9 of 10). The lock is created with O_EXCL and holds the owner's pid; a lock whose process is
 * gone (crash, kill -9) is taken over; waiting is bounded. Everything is synchronous: the stores'
 * callers (commands, wizard services) are, and a lock is held for a few milliseconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import {PackportError} from '../errors.js';
import {ioReason} from './io-reason.js';

export type LockOptions = {
	/** How long to wait for another process's lock before giving up. */
	waitMs?: number;
	/** A lock older than this is taken over even if its pid seems alive (the pid was reused). */
	staleMs?: number;
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export const processAlive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, it is just not ours.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

type Holder = {pid?: number; host?: string; text: string; ageMs: number};

const readHolder = (lock: string): Holder | undefined => {
	try {
		const text = fs.readFileSync(lock, 'utf8');
		const [pid, host] = text.split('\n');
		const number = Number(pid);
		return {pid: Number.isInteger(number) && number > 0 ? number : undefined, host, text, ageMs: Date.now() - fs.statSync(lock).mtimeMs};
	} catch {
		return undefined;
	}
};

const isStale = (holder: Holder, staleMs: number): boolean => {
	if (holder.ageMs > staleMs) return true;
	// A lock is written in one call right after its create: empty for seconds means its writer died.
	if (holder.pid === undefined) return holder.ageMs > 10_000;
	// Another host's pid says nothing about this one (a shared home folder).
	if (holder.host && holder.host !== os.hostname()) return false;
	return !processAlive(holder.pid);
};

/**
 * Removes a stale lock if the file still holds what was judged stale (a tiny window remains, and
 * stale locks need a crash first). True when the way is free to try again.
 */
const removeStale = (lock: string, holder: Holder): boolean => {
	try {
		if (fs.readFileSync(lock, 'utf8') !== holder.text) return true;
		fs.unlinkSync(lock);
		return true;
	} catch (error) {
		// Gone already (someone else took it over) is fine; a lock we cannot remove is waited out.
		return (error as NodeJS.ErrnoException).code === 'ENOENT';
	}
};

const lockError = (file: string, lock: string, error: unknown) =>
	new PackportError('usage', `Can't lock ${file} for writing: ${ioReason(error)}.`, {
		hint: `Check that you can write to ${lock}'s folder.`,
		vendorCode: 'STORE_WRITE_FAILED',
		cause: error,
	});

/** Runs `work` while holding FILE.lock. Throws a PackportError (exit 2) when the lock stays busy. */
export const withFileLock = <T>(file: string, work: () => T, {waitMs = 10_000, staleMs = 5 * 60_000}: LockOptions = {}): T => {
	const lock = `${file}.lock`;
	const deadline = Date.now() + waitMs;
	let delay = 2;
	let mine: string | undefined;
	while (mine === undefined) {
		const content = `${process.pid}\n${os.hostname()}\n${new Date().toISOString()}\n`;
		let fd: number | undefined;
		try {
			fd = fs.openSync(lock, 'wx', 0o600);
			// The pid goes in right after the create: a reader never sees an empty lock for long.
			fs.writeFileSync(fd, content);
			const written = fd;
			fd = undefined;
			fs.closeSync(written);
			mine = content;
			break;
		} catch (error) {
			if (fd !== undefined) {
				// Created but not written (a full disk): an empty lock would stall everyone else.
				fs.closeSync(fd);
				fs.rmSync(lock, {force: true});
			}

			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(file, lock, error);
		}

		const holder = readHolder(lock);
		if (holder && isStale(holder, staleMs) && removeStale(lock, holder)) continue;

		if (Date.now() >= deadline) {
			throw new PackportError('usage', `Another packport${holder?.pid ? ` (pid ${holder.pid})` : ''} is saving ${file}; waited ${Math.round(waitMs / 1000)} s.`, {
				hint: `Try again. If no packport is running, remove ${lock}.`,
				vendorCode: 'STORE_BUSY',
			});
		}

		// Jitter keeps ten waiting processes from retrying in step.
		sleep(delay + Math.random() * delay);
		delay = Math.min(delay * 2, 50);
	}

	try {
		return work();
	} finally {
		try {
			if (fs.readFileSync(lock, 'utf8') === mine) fs.unlinkSync(lock);
		} catch {
			// Already gone; nothing to release.
		}
	}
};
