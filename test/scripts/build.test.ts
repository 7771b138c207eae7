/**
 * scripts/build.mjs, what `prepare`, `npm start`, `npm test` and `npm run bench` run first (issue
 * 15: `npm start` the second time must not rebuild). In a copy of the project (its own dist/,
 * node_modules linked): the first run builds a bin that works, a second one builds nothing, and a
 * changed source or a missing output builds again.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let copy: string;

beforeAll(() => {
	copy = fs.mkdtempSync(path.join(os.tmpdir(), 'packport-build-'));
	for (const entry of ['scripts', 'source', 'tsconfig.json', 'package.json']) fs.cpSync(path.join(root, entry), path.join(copy, entry), {recursive: true});
	fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});
afterAll(() => fs.rmSync(copy, {recursive: true, force: true}));

const build = (...flags: string[]) => {
	const run = spawnSync(process.execPath, ['scripts/build.mjs', ...flags], {cwd: copy, encoding: 'utf8'});
	expect(run.status, run.stderr).toBe(0);
	return run.stderr;
};

const mtime = (file: string) => fs.statSync(path.join(copy, file)).mtimeMs;

test('builds once, then only when something it was built from changed', {timeout: 60_000}, () => {
	expect(build()).toMatch(/^build: dist\/packport\.js… [\d.]+ s\n$/);
	const version = spawnSync(process.execPath, ['dist/packport.js', '--version'], {cwd: copy, encoding: 'utf8'});
	expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')).version);

	// Nothing changed: nothing said, nothing written.
	const built = mtime('dist/packport.js');
	expect(build()).toBe('');
	expect(mtime('dist/packport.js')).toBe(built);

	// A file the bin is not made of (the bench) changes: still nothing to do for the bin.
	fs.appendFileSync(path.join(copy, 'source/bench/figure.ts'), '\n// edited\n');
	expect(build()).toBe('');

	// A source of the bin changes: built again.
	fs.appendFileSync(path.join(copy, 'source/commands/help.ts'), '\n// edited\n');
	expect(build()).toMatch(/^build: dist\/packport\.js…/);
	expect(build()).toBe('');

	// An output went missing (a chunk deleted by hand): built again.
	const chunk = fs.readdirSync(path.join(copy, 'dist/chunks'))[0]!;
	fs.rmSync(path.join(copy, 'dist/chunks', chunk));
	expect(build()).toMatch(/^build: dist\/packport\.js…/);
	expect(fs.existsSync(path.join(copy, 'dist/chunks', chunk))).toBe(true);

	// --force builds whatever the stamps say; --bench adds the bench harness, once.
	expect(build('--force')).toMatch(/^build: dist\/packport\.js…/);
	expect(build('--bench')).toMatch(/^build: dist\/bench\/run\.js…/);
	expect(build('--bench')).toBe('');
});

test('an unknown option is refused with the ones there are', () => {
	const run = spawnSync(process.execPath, ['scripts/build.mjs', '--watch'], {cwd: copy, encoding: 'utf8'});
	expect(run.status).toBe(2);
	expect(run.stderr).toBe('build: unknown option --watch. Options: --bench, --check, --force.\n');
});
