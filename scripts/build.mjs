// Builds what `npm start`, `npm test` and `npm run bench` run, and only what changed since the
// last build (issue 15: `npm start` the second time shows the wizard in about a second, not after
// a 20 s rebuild). `prepare` runs it at `npm install` / `npm ci`, so a clone is ready to start.
//
//   node scripts/build.mjs            the bin: dist/packport.js + dist/chunks/ (scripts/bundle.mjs)
//   node scripts/build.mjs --bench    also dist/bench/run.js, the `npm run bench` harness
//   node scripts/build.mjs --check    also type-check the whole of source/ (tsc --noEmit, incremental)
//   node scripts/build.mjs --force    rebuild even when nothing changed
//
// "Changed" is decided like make does, from file stamps: each target records the size and mtime of
// every file esbuild read to make it (its metafile inputs: our sources and the node_modules files
// bundled in), plus the build scripts, tsconfig.json and package.json. When all are as recorded and
// the outputs exist, the target is skipped: about 30 ms of stat calls instead of esbuild (and no
// tsc, which `npm test` runs apart with --check). esbuild only, never the network: it works inside
// `npm ci` on a machine that can reach nothing but the registry.
import {spawnSync} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const flags = new Set(process.argv.slice(2));
const unknown = [...flags].filter(flag => !['--bench', '--check', '--force'].includes(flag));
if (unknown.length > 0) {
	console.error(`build: unknown option ${unknown.join(', ')}. Options: --bench, --check, --force.`);
	process.exit(2);
}

/** Files every target depends on besides what esbuild reads: how it is built. */
const buildFiles = ['scripts/build.mjs', 'scripts/bundle.mjs', 'tsconfig.json', 'package.json'];

const stampOf = name => path.join(dist, `.build-${name}.json`);

/** [size, mtime] of a file, or undefined when it is gone. */
const signature = file => {
	try {
		const stat = fs.statSync(path.join(root, file));
		return [stat.size, stat.mtimeMs];
	} catch {
		return undefined;
	}
};

/** Whether the recorded inputs are all unchanged and the outputs all present. */
const upToDate = name => {
	let stamp;
	try {
		stamp = JSON.parse(fs.readFileSync(stampOf(name), 'utf8'));
	} catch {
		return false;
	}

	if (!stamp || typeof stamp.inputs !== 'object' || !Array.isArray(stamp.outputs)) return false;
	for (const [file, recorded] of Object.entries(stamp.inputs)) {
		const now = signature(file);
		if (!now || now[0] !== recorded[0] || now[1] !== recorded[1]) return false;
	}

	return stamp.outputs.every(file => fs.existsSync(path.join(dist, file)));
};

/**
 * Records what a build read. An input modified after the build started may have been read in its
 * old state: it is recorded as changed (-1), so the next run builds again.
 */
const writeStamp = (name, metafile, outputs, startedAt) => {
	const inputs = {};
	const files = [...buildFiles, ...Object.keys(metafile.inputs)];
	for (const file of files) {
		// Inputs of esbuild's virtual namespaces (lazy builtins, stand-ins) are no files.
		if (/^[a-z-]+:/.test(file)) continue;
		const now = signature(file);
		if (!now) continue;
		inputs[file] = now[1] >= startedAt ? [now[0], -1] : now;
	}

	const file = stampOf(name);
	const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
	fs.writeFileSync(temporary, JSON.stringify({inputs, outputs}));
	fs.renameSync(temporary, file);
};

/** The bench harness: source/bench/run.ts bundled alone; its dependencies load from node_modules. */
const bundleBench = async () => {
	const {build} = await import('esbuild');
	const result = await build({
		entryPoints: {'bench/run': path.join(root, 'source/bench/run.ts')},
		outdir: dist,
		absWorkingDir: root,
		tsconfig: path.join(root, 'tsconfig.json'),
		bundle: true,
		packages: 'external',
		platform: 'node',
		format: 'esm',
		target: 'node20',
		metafile: true,
		logLevel: 'error',
	});
	return {written: ['bench/run.js'], metafile: result.metafile};
};

const targets = [
	{name: 'bin', build: async () => (await import('./bundle.mjs')).bundle()},
	...(flags.has('--bench') ? [{name: 'bench', build: bundleBench}] : []),
];

/** esbuild is a dev dependency: an install with --omit=dev has the sources but nothing to build them. */
const canBuild = () => {
	try {
		createRequire(import.meta.url).resolve('esbuild');
		return true;
	} catch {
		return false;
	}
};

for (const target of targets) {
	if (!flags.has('--force') && upToDate(target.name)) continue;
	if (!canBuild()) {
		console.error('build: esbuild is not installed (an install without dev dependencies). Run `npm install` in the packport folder, then try again.');
		process.exit(1);
	}

	const startedAt = Date.now();
	process.stderr.write(`build: ${target.name === 'bin' ? 'dist/packport.js' : 'dist/bench/run.js'}…`);
	// eslint-disable-next-line no-await-in-loop -- one target after the other, each with its own stamp
	const {written, metafile} = await target.build();
	writeStamp(target.name, metafile, written, startedAt);
	process.stderr.write(` ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
}

if (flags.has('--check')) {
	// Incremental: a second `npm test` with no source change re-checks nothing. The build info
	// lives in node_modules/.cache, beside other tools' caches, never in the repository.
	const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
	const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/packport/tsc.tsbuildinfo'], {cwd: root, stdio: 'inherit'});
	if (result.status !== 0) process.exit(result.status ?? 1);
}
