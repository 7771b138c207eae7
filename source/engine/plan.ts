import type {Profile} from '../profiles-types.js';
import type {Choices, Review, VendorOptions} from '../vendors/vendor.js';
import type {OnEvent} from './events.js';

/** Everything an import needs, gathered before it starts (ask first, then run). */
export type ImportPlan = {
	profile: Profile;
	/** Password or client secret, resolved by the caller (env, stdin, saved, prompt). */
	secret: string;
	/** A file path (vault, mstr) or a package id/name (aep). */
	packageRef: string;
	options: VendorOptions;
	/** Deadline for the whole import. */
	timeoutMs: number;
	/** Explicit --poll-interval; the vendor default applies when undefined. */
	pollIntervalMs?: number;
};

export type RunOptions = {
	signal?: AbortSignal;
	onEvent?: OnEvent;
	/**
	 * The wizard's review: resolves with the user's choices, or null when the user backs out.
	 * `defaults` are the choices the plan's options give (what a headless run would do).
	 * Headless runs leave it undefined and go on with the defaults.
	 */
	review?: (review: Review, defaults: Choices) => Promise<Choices | null>;
};
