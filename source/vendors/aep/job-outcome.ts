/**
 * What a finished AEP import job did, read the way Adobe publishes it (tools.md, jobs.md):
 * `completedTasks` and `failedTasks` (updated in real time), a task marked SUCCESS whose message
 * carries an error body (a NO_CHANGE holding a 400 INVALID_REQUEST_PARAMS), and
 * `importReplacementMap`. Counts come from the map and the alternatives sent, never from message
 * words the published samples do not carry.
 */
import {serverText as text} from '../../http/redact.js';
import {artifactLabel} from './labels.js';

type Raw = Record<string, unknown>;
const list = (value: unknown): Raw[] => (Array.isArray(value) ? (value.filter(item => item && typeof item === 'object') as Raw[]) : []);

/** Job states: the two Adobe documents as running, the three it documents as final; anything else is unknown. */
const running = new Set(['PENDING', 'IN_PROGRESS', 'QUEUED', 'RUNNING', 'PROCESSING']);
const final = new Set(['SUCCESS', 'FAILED', 'CANCELLED', 'CANCELED']);

export type JobState = 'running' | 'success' | 'failed' | 'cancelled' | 'missing' | 'unknown';
export const jobState = (job: Raw): JobState => {
	const status = text(job.jobStatus).trim().toUpperCase();
	if (!status) return 'missing';
	if (running.has(status)) return 'running';
	if (!final.has(status)) return 'unknown';
	return status === 'SUCCESS' ? 'success' : status === 'FAILED' ? 'failed' : 'cancelled';
};

/** The job object of a /tools/job answer (`{status, type, message, object}`), or the answer itself if it is one. */
export const jobObject = (answer: Raw): Raw => {
	const object = answer.object;
	if (object && typeof object === 'object' && !Array.isArray(object)) return object as Raw;
	return 'jobStatus' in answer ? answer : {};
};

const goodMessages = new Set(['CREATED', 'NO_CHANGE', 'OBJECT_REUSED', 'OBJECT_EXISTS', 'FOUND', 'UPDATED']);

/** The error a task message carries, if any: a failure status, or an HTTP error body inside its text. */
export const messageError = (message: Raw): string | undefined => {
	const status = text(message.status).trim().toUpperCase();
	const body = text(message.message);
	const embedded = /"status"\s*:\s*"?([45]\d\d)\b/.exec(body) ?? /\b([45]\d\d)\s+(?:BAD_REQUEST|[A-Z]+_[A-Z_]+)/.exec(body);
	if (embedded) {
		const code = /"error"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? /"code"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? '';
		const detail = /"(?:description|detail|title)"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? '';
		return [`${embedded[1]}${code ? ` ${code}` : ''}`, detail].filter(Boolean).join(': ');
	}

	if (status && !goodMessages.has(status)) return body ? `${status}: ${body.slice(0, 200)}` : status;
	return undefined;
};

export type TaskProblem = {artifact: string; problem: string};

export type JobOutcome = {
	state: JobState;
	completed: number;
	failed: TaskProblem[];
	/** Tasks Adobe marked SUCCESS whose message is an error. */
	doubtful: TaskProblem[];
	created: number;
	reused: number;
	replacementMap: Record<string, string>;
	types: string[];
};

const artifactOf = (task: Raw) => {
	const artifact = (task.artifact ?? {}) as Raw;
	return {id: text(artifact.id), type: text(artifact.type), title: text(artifact.title)};
};

export const readJob = (job: Raw, alternatives: Record<string, unknown>): JobOutcome => {
	const completedTasks = list(job.completedTasks);
	const failedTasks = list(job.failedTasks);
	const failed: TaskProblem[] = [];
	const doubtful: TaskProblem[] = [];
	let completed = 0;
	const firstProblem = (task: Raw) => list((task.artifact as Raw | undefined)?.messages).map(message => messageError(message)).find(Boolean);
	for (const task of failedTasks) {
		const status = text(task.taskStatus).trim().toUpperCase();
		failed.push({artifact: artifactLabel(artifactOf(task)), problem: firstProblem(task) ?? (status && status !== 'SUCCESS' ? status : 'listed in failedTasks')});
	}

	for (const task of completedTasks) {
		const status = text(task.taskStatus).trim().toUpperCase();
		if (status && status !== 'SUCCESS') {
			failed.push({artifact: artifactLabel(artifactOf(task)), problem: firstProblem(task) ?? status});
			continue;
		}

		completed++;
		const problem = firstProblem(task);
		if (problem) doubtful.push({artifact: artifactLabel(artifactOf(task)), problem});
	}

	const rawMap = job.importReplacementMap;
	const replacementMap: Record<string, string> = {};
	if (rawMap && typeof rawMap === 'object' && !Array.isArray(rawMap)) {
		for (const [source, target] of Object.entries(rawMap as Raw)) replacementMap[text(source)] = text(target);
	}

	const reused = Object.keys(alternatives).length;
	const created = Object.keys(replacementMap).filter(source => !(source in alternatives)).length;
	const types = [...new Set([...completedTasks, ...failedTasks].map(task => artifactOf(task).type).filter(Boolean))];
	return {state: jobState(job), completed, failed, doubtful, created, reused, replacementMap, types};
};

/** One line per problem, for warnings and the summary. */
export const describeProblems = (problems: TaskProblem[]): string => problems.map(({artifact, problem}) => `${artifact}: ${problem}`).join('; ');
