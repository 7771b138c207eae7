/**
 * Local inspection of a 1 GiB .vpk against reading the whole file once (`cat > /dev/null`), both
 * on a warm page cache. `inspectVpk` reads the zip directory, the manifest and the small step
 * files; the Vault vendor's `inspectPackage` also computes the sha256 that history and the JSON
 * result carry, which reads every byte, so it is reported beside it for what it is.
 */
import {execFileSync} from 'node:child_process';
import {inspectVpk} from '../packages/vpk.js';
import {vaultVendor} from '../vendors/vault/index.js';
import {median, ms, runsOf, times, type Figure} from './figure.js';

const timed = async (run: () => unknown): Promise<number> => {
	const started = performance.now();
	await run();
	return performance.now() - started;
};

export const vpkInspection = async (file: string, runs = 7): Promise<Figure[]> => {
	const cat = async () => execFileSync('sh', ['-c', 'cat "$1" > /dev/null', 'sh', file]);
	// Warm the page cache and the code paths once, untimed.
	await cat();
	await inspectVpk(file);
	const catMs: number[] = [];
	const inspectMs: number[] = [];
	const wholeMs: number[] = [];
	for (let run = 0; run < runs; run++) {
		catMs.push(await timed(cat));
		inspectMs.push(await timed(async () => inspectVpk(file)));
		if (run < 3) wholeMs.push(await timed(async () => vaultVendor.inspectPackage(file)));
	}

	const reference = median(catMs);
	const inspect = median(inspectMs);
	const whole = median(wholeMs);
	return [
		{
			figure: 'inspect a 1 GiB .vpk: directory + manifest (median)',
			value: `${ms(inspect)} (${runsOf(inspectMs, ms)})`,
			reference: `cat > /dev/null ${ms(reference)} (${runsOf(catMs, ms)})`,
			ratio: times(inspect / reference, 4),
			target: '≤ 0.05×',
			met: inspect / reference <= 0.05,
		},
		{
			figure: 'same, plus the sha256 for history and --json (vendor inspectPackage)',
			value: `${ms(whole)} (${runsOf(wholeMs, ms)})`,
			reference: `cat > /dev/null ${ms(reference)}`,
			ratio: times(whole / reference),
			target: '— (reads every byte once)',
			met: undefined,
		},
	];
};
