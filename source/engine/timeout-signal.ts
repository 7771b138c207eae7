/**
 * A signal that aborts after `ms`, safe to combine with AbortSignal.any(). Node's own
 * AbortSignal.timeout() is held only weakly by a combined signal, so once garbage-collected it
 * never fires: a cleanup call meant to end after 10 s then hangs for good (seen in the tests). Here
 * the timer holds the controller, so the signal lives until it fires; the timer does not keep the
 * process alive.
 */
export const timeoutSignal = (ms: number): AbortSignal => {
	const controller = new AbortController();
	setTimeout(() => controller.abort(new DOMException(`no answer within ${Math.round(ms / 1000)} s`, 'TimeoutError')), ms).unref();
	return controller.signal;
};

