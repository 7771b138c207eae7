/** Waiting for what a screen shows, instead of sleeping. */

/**
 * Lets React finish what a frame started. ink-testing-library renders in Ink's debug mode (legacy
 * root, no throttle): a frame is drawn as it is committed, and the new screen's `useInput` handlers
 * attach in a passive effect that React's scheduler runs in a later task (setImmediate in Node,
 * in slices of 5 ms). Counting turns of the event loop, not milliseconds, waits for that however
 * busy the machine is; the fixed 100 ms this replaced cost a tenth of a second per screen.
 */
const settle = async (): Promise<void> => {
	for (let turn = 0; turn < 10; turn++) await new Promise(resolve => setImmediate(resolve));
	await new Promise(resolve => setTimeout(resolve, 10));
};

export const waitForFrame = async (lastFrame: () => string | undefined, expected: string | RegExp | ((frame: string) => boolean), timeoutMs = 10_000): Promise<string> => {
	const matches = (frame: string) =>
		typeof expected === 'string' ? frame.includes(expected) : expected instanceof RegExp ? expected.test(frame) : expected(frame);
	const started = Date.now();
	for (;;) {
		const frame = lastFrame() ?? '';
		if (matches(frame)) {
			// A new screen's key handlers attach just after its first frame is drawn.
			await settle();
			return frame;
		}
		if (Date.now() - started > timeoutMs) throw new Error(`Frame never matched ${String(expected)}. Last frame:\n${frame}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
};

/**
 * Ink reads stdin asynchronously: one key, then a tick for it to be handled. Still 100 ms: some
 * tests count on it (the review-time test takes twelve keys for a user reading for a second) or
 * on async loads finishing between keys; settle() would do for the rest.
 */
export const press = async (stdin: {write(data: string): void}, ...sequence: string[]): Promise<void> => {
	for (const key of sequence) {
		stdin.write(key);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
};
