/** One row of the bench table, and the small helpers every figure uses. */
import fs from 'node:fs';

export type Figure = {figure: string; value: string; reference: string; ratio: string; target: string; met: boolean | undefined};

export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	if (sorted.length === 0) return Number.NaN;
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const percentile = (values: number[], p: number): number => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;
export const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const times = (ratio: number, digits = 2): string => `${ratio.toFixed(digits)}×`;
/** "median of N: a, b, c" — the runs behind a median, so a reader sees the spread. */
export const runsOf = (values: number[], format: (value: number) => string): string => `${values.length} runs ${format(Math.min(...values))}–${format(Math.max(...values))}`;

/** VmHWM (peak resident set) of a live process, in KiB. */
export const peakRssKib = (pid: number): number => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);

/** utime + stime of a live process, in seconds. */
export const cpuSeconds = (pid: number): number => {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name may hold spaces and parentheses; the fields start after its last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
};

export const sleep = async (milliseconds: number): Promise<void> => new Promise(resolve => setTimeout(resolve, milliseconds));
