/**
 * Local inspection of a 1 GiB .vpk against reading the whole file once (`cat > /dev/null`), both
 * on a warm page cache. `inspectVpk` reads the zip directory, the manifest and the small step
 * files. The Vault vendor's `inspectPackage`, what every import runs before it signs in, is that
 * and no more: the sha256 that history and the JSON result carry is computed by the upload, as the
 * bytes are sent (issue 15; it used to read every byte here first, ~8× the `cat`).
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
			figure: 'the Vault vendor\'s inspectPackage before an import (no sha256 pass: the upload hashes)',
			value: `${ms(whole)} (${runsOf(wholeMs, ms)})`,
			reference: `cat > /dev/null ${ms(reference)}`,
			ratio: times(whole / reference, 4),
			target: '≤ 0.05×',
			met: whole / reference <= 0.05,
		},
	];
};
