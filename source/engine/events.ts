/**
 * What the engine reports while it runs. The wizard renders these, `--json-stream` prints them one
 * per line, and the plain (`--no-progress`) printer turns them into throttled lines.
 */
export type StepStatus = 'running' | 'done' | 'failed' | 'skipped';

export type StepEvent = {
	type: 'step';
	/** Stable machine name, e.g. "login", "upload", "import". */
	name: string;
	/** Words for people, e.g. "Package uploaded". */
	label: string;
	status: StepStatus;
	ms?: number;
};

export type ProgressEvent = {
	type: 'progress';
	step: string;
	/** Bytes sent for uploads. */
	transferred?: number;
	total?: number;
	/** 0..100 where the server reports a percentage. */
	percent?: number;
	/** The server's own status word, as received. */
	serverStatus?: string;
	jobId?: string;
	/** Epoch ms of the next status poll, so screens can count down. */
	nextPollAt?: number;
};

export type LogEvent = {
	type: 'log';
	level: 'info' | 'warn' | 'error';
	message: string;
};

export type EngineEvent = StepEvent | ProgressEvent | LogEvent;

export type OnEvent = (event: EngineEvent) => void;
