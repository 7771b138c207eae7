import type {Profile} from '../config/profile-types.js';
import type {Choices, Review, VendorOptions} from '../vendors/vendor.js';
import type {OnEvent} from './events.js';

/** Everything an import needs, gathered before it starts (ask first, then run). */
export type ImportPlan = {
	profile: Profile;
	/** Password or client secret, resolved by the caller (env, stdin, saved, prompt). */
	secret: string;
	/**
	 * Where the secret came from, in words (`resolveSecret(...).words`), e.g. "PACKPORT_PASSWORD from
	 * the environment; profile 'prod' also has a saved password": every authentication error says it.
	 */
	secretSource?: string;
	/** A local package file, or a package id/name on the server, as the vendor takes it. */
	packageRef: string;
	options: VendorOptions;
	/** Deadline for the whole import. */
	timeoutMs: number;
	/** Explicit --poll-interval; the vendor default applies when undefined. */
	pollIntervalMs?: number;
	/** Explicit --request-timeout; the vendor default applies when undefined. */
	requestTimeoutMs?: number;
	/** What a signal after the submit does: leave the job running (detach) or wait for its end. */
	onInterrupt?: 'detach' | 'wait';
};

export type RunOptions = {
	/** The first Ctrl-C / SIGTERM: stop (before the submit) or detach (after it). */
	signal?: AbortSignal;
	/** With plan.onInterrupt 'wait', the signal after `signal` that detaches after all. */
	detachSignal?: AbortSignal;
	onEvent?: OnEvent;
	/** Another signal while stopping: cleanup gets a short, bounded time instead of its full budget. */
	hurrySignal?: AbortSignal;
	/**
	 * The wizard's review: resolves with the user's choices, or null when the user backs out.
	 * `defaults` are the choices the plan's options give (what a headless run would do).
	 * Headless runs leave it undefined and go on with the defaults.
	 */
	review?: (review: Review, defaults: Choices) => Promise<Choices | null>;
};
