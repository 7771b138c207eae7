/**
 * `npm run bench`: the figures that are targets, each beside its reference measured in the same
 * run, as ratios (these machines are shared and noisy; absolute numbers drift, ratios less so).
 */
import os from 'node:os';
import {benchReviews} from './review-keystrokes.js';

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const main = async () => {
	const results = await benchReviews();
	const lines: string[] = [];
	lines.push(`packport bench — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
	lines.push('');
	lines.push('| figure | rows | p50 ms | p95 ms | p95 vs 50 rows | target |');
	lines.push('|---|---|---|---|---|---|');
	for (const row of results) {
		const reference = results.find(candidate => candidate.screen === row.screen && candidate.rows === 50)!;
		const p95 = percentile(row.samples, 95);
		const ratio = p95 / percentile(reference.samples, 95);
		const met = row.rows === 50 ? 'reference' : ratio <= 2 && p95 <= 30 ? 'met (≤ 2×, ≤ 30 ms)' : 'NOT met (≤ 2×, ≤ 30 ms)';
		lines.push(`| keystroke → frame, ${row.screen} | ${row.rows} | ${percentile(row.samples, 50).toFixed(2)} | ${p95.toFixed(2)} | ${ratio.toFixed(2)}× | ${met} |`);
	}

	process.stdout.write(`${lines.join('\n')}\n`);
};

await main();
