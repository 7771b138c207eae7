/**
 * `npm run bench`: every figure of issue 6 beside its reference measured in the same run, as
 * ratios of medians (this machine is shared and noisy; absolute numbers drift, ratios less).
 * `npm run bench -- startup|keystrokes|inspect|upload|cpu` runs one section. The temporary folder
 * (two 1 GiB packages) is removed at the end, on failure and on Ctrl-C.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {writeBigMmp, writeBigVpk} from './big-package.js';
import {median, times, type Figure} from './figure.js';
import {idleCpu} from './idle-cpu.js';
import {benchReviews} from './review-keystrokes.js';
import {startup} from './startup.js';
import {packageSizes, uploads} from './upload.js';
import {vpkInspection} from './vpk-inspect.js';

const installDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sections = ['startup', 'keystrokes', 'inspect', 'upload', 'cpu'] as const;
const only = process.argv[2];
if (only && !sections.includes(only as (typeof sections)[number])) {
	process.stderr.write(`Unknown section "${only}". Sections: ${sections.join(', ')}.\n`);
	process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-bench-'));
const cleanUp = () => fs.rmSync(work, {recursive: true, force: true});
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		cleanUp();
		process.exit(130);
	});
}

const keystrokeFigures = async (): Promise<Figure[]> => {
	const results = await benchReviews();
	return results
		.filter(row => row.rows !== 50)
		.map(row => {
			const reference = results.find(candidate => candidate.screen === row.screen && candidate.rows === 50)!;
			const p95 = median(row.p95s);
			const referenceP95 = median(reference.p95s);
			const spread = (values: number[]) => `${values.length} runs ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} ms`;
			return {
				figure: `keystroke → frame p95, ${row.screen}, ${row.rows.toLocaleString('en')} rows (${row.presses} keys a run, median)`,
				value: `${p95.toFixed(1)} ms (${spread(row.p95s)})`,
				reference: `50 rows ${referenceP95.toFixed(1)} ms (${spread(reference.p95s)})`,
				ratio: times(p95 / referenceP95),
				target: '≤ 2×, ≤ 30 ms',
				met: p95 / referenceP95 <= 2 && p95 <= 30,
			};
		});
};

let packages: Record<'vault' | 'mstr', {big: string; small: string}> | undefined;
/** The 1 GiB and 10 MiB packages, written once for the sections that need them. */
const bigPackages = async () => {
	if (packages) return packages;
	process.stderr.write('bench: writing a 1 GiB and a 10 MiB package per vendor…\n');
	const folder = path.join(work, 'packages');
	fs.mkdirSync(folder);
	packages = {
		vault: {big: path.join(folder, 'big.vpk'), small: path.join(folder, 'small.vpk')},
		mstr: {big: path.join(folder, 'big.mmp'), small: path.join(folder, 'small.mmp')},
	};
	await writeBigVpk(installDir, packages.vault.big, packageSizes.big);
	await writeBigVpk(installDir, packages.vault.small, packageSizes.small);
	await writeBigMmp(installDir, packages.mstr.big, packageSizes.big);
	await writeBigMmp(installDir, packages.mstr.small, packageSizes.small);
	return packages;
};

const main = async () => {
	const started = Date.now();
	const figures: Figure[] = [];
	const run: Record<(typeof sections)[number], () => Promise<Figure[]>> = {
		startup: async () => startup(installDir),
		keystrokes: keystrokeFigures,
		inspect: async () => vpkInspection((await bigPackages()).vault.big),
		upload: async () => uploads(installDir, work, await bigPackages()),
		cpu: async () => idleCpu(installDir, work),
	};
	for (const section of sections) {
		if (only && only !== section) continue;
		const sectionStarted = Date.now();
		process.stderr.write(`bench: ${section}…\n`);
		figures.push(...(await run[section]()));
		process.stderr.write(`bench: ${section} took ${((Date.now() - sectionStarted) / 1000).toFixed(0)} s\n`);
	}

	const cpu = os.cpus();
	const lines = [
		`packport bench — ${cpu[0]?.model.trim() ?? 'cpu'} × ${cpu.length}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ` +
			`${os.release()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
		'',
		'| figure | packport | reference (same run) | ratio | target | met |',
		'|---|---|---|---|---|---|',
		...figures.map(
			row =>
				`| ${row.figure} | ${row.value} | ${row.reference} | ${row.ratio} | ${row.target} | ${row.met === undefined ? '—' : row.met ? 'yes' : 'NOT met'} |`,
		),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
};

try {
	await main();
} finally {
	cleanUp();
}
