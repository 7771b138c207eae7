/** What a command may use of the process. cli.tsx builds it; commands never touch `process`. */
export type Io = {
	write(text: string): void;
	writeError(text: string): void;
	env: Record<string, string | undefined>;
	cwd: string;
	stdinIsTty: boolean;
	stdoutIsTty: boolean;
	/** All of stdin (for --password-stdin); only called when stdin is not a terminal. */
	readStdin(): Promise<string>;
	/** Asks one question on the terminal and returns the answer line. */
	ask(question: string): Promise<string>;
	/** Fires on the first Ctrl-C / SIGTERM. */
	signal: AbortSignal;
	/** Fires on the second one, when allowSecondSignal() was called (--on-interrupt wait). */
	secondSignal: AbortSignal;
	/** Lets the second signal through instead of exiting at once; the third still exits. */
	allowSecondSignal(): void;
	/**
	 * Fires on the signal after the ones handled: finish now — cleanup gets a couple of seconds,
	 * the result and history are still written. One more signal ends the process at once with
	 * the code set by `setKilledExitCode` (130 until a job runs on the server, then 5).
	 */
	hurrySignal: AbortSignal;
	setKilledExitCode(code: number): void;
	/** Where the packaged fixtures are (for --demo). */
	installDir: string;
};
