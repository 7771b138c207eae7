/**
 * `npm run bench`: the figures that are targets, each beside its reference measured in the same
 * run, as ratios of medians (these machines are shared and noisy; absolute numbers drift, ratios less).
 */
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchReviews} from './review-keystrokes.js';
import {idleCpu, startupAndMemory, uploads, type Figure} from './process-figures.js';

const installDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const keystrokeFigures = async (): Promise<Figure[]> => {
	const results = await benchReviews();
	return results
		.filter(row => row.rows !== 50)
		.map(row => {
			const reference = results.find(candidate => candidate.screen === row.screen && candidate.rows === 50)!;
			const p95 = percentile(row.samples, 95);
			const ratio = p95 / percentile(reference.samples, 95);
			return {
				figure: `keystroke → frame p95, ${row.screen}, ${row.rows} rows`,
				value: `${p95.toFixed(1)} ms`,
				reference: `50 rows ${percentile(reference.samples, 95).toFixed(1)} ms`,
				ratio: `${ratio.toFixed(2)}×`,
				target: '≤ 2×, ≤ 30 ms',
				met: ratio <= 2 && p95 <= 30,
			};
		});
};

const main = async () => {
	const only = process.argv[2];
	const started = Date.now();
	const figures: Figure[] = [];
	const section = async (name: string, run: () => Promise<Figure[]>) => {
		if (only && only !== name) return;
		process.stderr.write(`bench: ${name}…\n`);
		figures.push(...(await run()));
	};

	await section('startup', async () => startupAndMemory(installDir));
	await section('keystrokes', keystrokeFigures);
	await section('upload', async () => uploads(installDir));
	await section('cpu', async () => [await idleCpu(installDir)]);
	const lines = [
		`packport bench — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
		'',
		'| figure | packport | reference (same run) | ratio | target | met |',
		'|---|---|---|---|---|---|',
		...figures.map(row => `| ${row.figure} | ${row.value} | ${row.reference} | ${row.ratio} | ${row.target} | ${row.met === undefined ? '—' : row.met ? 'yes' : 'NO'} |`),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
};

await main();
