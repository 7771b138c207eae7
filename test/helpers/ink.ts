/** Waiting for what a screen shows, instead of sleeping. */
export const waitForFrame = async (lastFrame: () => string | undefined, expected: string | RegExp | ((frame: string) => boolean), timeoutMs = 10_000): Promise<string> => {
	const matches = (frame: string) =>
		typeof expected === 'string' ? frame.includes(expected) : expected instanceof RegExp ? expected.test(frame) : expected(frame);
	const started = Date.now();
	for (;;) {
		const frame = lastFrame() ?? '';
		if (matches(frame)) {
			// A new screen's key handlers attach just after its first frame is drawn.
			await new Promise(resolve => setTimeout(resolve, 100));
			return frame;
		}
		if (Date.now() - started > timeoutMs) throw new Error(`Frame never matched ${String(expected)}. Last frame:\n${frame}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
};

/** Ink reads stdin asynchronously: one key, then a tick for it to be handled. */
export const press = async (stdin: {write(data: string): void}, ...sequence: string[]): Promise<void> => {
	for (const key of sequence) {
		stdin.write(key);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
};
