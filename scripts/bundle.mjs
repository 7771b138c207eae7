// The bin, dist/packport.js + dist/chunks/, bundled by esbuild straight from source/ (no tsc
// needed: `npm start` and `prepare` build it in about a second; `npm test` type-checks apart).
// Node resolves and reads a handful of files instead of ~400 modules at start-up (issue 6), and
// the first wizard frame parses and runs only what it needs (issue 15).
//
//   node scripts/bundle.mjs [--outdir DIR] [--metafile FILE]
//
// Usually run through scripts/build.mjs, which skips it when nothing changed. The output is
// published, not rewritten in place: new chunks (their names carry a hash) go beside the old ones
// and packport.js is renamed over last, so a packport that is running from dist/ while someone
// builds keeps finding the chunks it imports. Chunks no build has referenced for 30 minutes go.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import {builtinModules, createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Source edits that only change when work happens, never what the code does. Each text must occur
 * exactly once; when a dependency update moves it, the build says so and ships that file as is
 * (slower to start, same behaviour).
 */
const patches = [
	{
		// Yoga (Ink's layout engine) loads its wasm with fetch() of a data: URL, which makes Node
		// load its bundled undici first: about 30 ms and 10 MiB before the first frame. The same
		// function already has the direct base64 path for runtimes without fetch; take it.
		file: /yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/,
		edits: [['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?']],
	},
	{
		// meow evaluates normalize-package-data (spdx tables, a locale sort, semver) at import, for
		// `getPackage()`, which packport never calls; evaluate it on first use instead.
		file: /meow\/build\/dependencies\.js$/,
		edits: [
			[
				'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
				'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);',
			],
			// A leftover of a bundled dependency whose result nobody keeps: it loads child_process
			// (and dgram, net) at every start, about 5 ms.
			['\npromisify(execFile);\n', '\n'],
		],
	},
];

const patchPlugin = {
	name: 'start-up-patches',
	setup(build) {
		for (const patch of patches) {
			build.onLoad({filter: patch.file}, async ({path: file}) => {
				let source = await fs.readFile(file, 'utf8');
				for (const [from, to] of patch.edits) {
					const found = source.split(from).length - 1;
					if (found !== 1) {
						console.warn(`bundle: start-up patch not applied to ${file} (its text occurs ${found} times); the bundle works, only slower to start.`);
						return undefined;
					}

					source = source.replace(from, () => to);
				}

				return {contents: source, loader: 'js'};
			});
		}
	},
};

const narrowWidthPlugin = {
	// Every string-width (Ink's, and wrap-ansi's own older copy) answers packport's usual text
	// from source/bundle/narrow-width.ts first and falls back to itself for anything else.
	name: 'narrow-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, async ({importer, resolveDir, kind, pluginData}) => {
			if (pluginData === 'real') return undefined;
			const real = await build.resolve('string-width', {importer, resolveDir, kind, pluginData: 'real'});
			if (real.errors.length > 0) return undefined;
			return {path: real.path, namespace: 'narrow-width'};
		});
		build.onLoad({filter: /.*/, namespace: 'narrow-width'}, ({path: file}) => ({
			contents: `import stringWidth from ${JSON.stringify(file)};\nimport {narrowWidth} from ${JSON.stringify(path.join(root, 'source/bundle/narrow-width.ts'))};\nexport default function width(text, options) { return narrowWidth(text, options) ?? stringWidth(text, options); }`,
			resolveDir: root,
			loader: 'js',
		}));
	},
};

const builtins = new Set(builtinModules);

/**
 * Builtins Node has loaded before any code of ours runs (an ESM entry: these and nothing more),
 * plus `process`, whose methods need the real object as `this`. Imported as they are.
 */
const loadedAnyway = new Set(['events', 'buffer', 'path', 'querystring', 'async_hooks', 'timers', 'util', 'fs', 'url', 'string_decoder', 'process', 'module']);

const lazyBuiltinsPlugin = {
	// esbuild hoists every `import … from 'node:…'` to the top of the bundle, so the builtins of
	// code that runs late (crypto, child_process, readline, got's http, tls, dns, zlib, the
	// emulator's http server) would load at every start: tens of ms before the first frame. Each
	// becomes a CommonJS stand-in whose exports are getters: the builtin loads on first use, not
	// when the module importing it is evaluated. One stand-in per importing module, so it sits in
	// that module's chunk (a shared stand-in would be a chunk of its own, one more file to load).
	name: 'lazy-builtins',
	setup(build) {
		build.onResolve({filter: /^(node:)?[a-z_/]+$/}, ({path: specifier, namespace, kind, importer}) => {
			const name = specifier.replace(/^node:/, '');
			if (!builtins.has(name)) return undefined;
			// A dynamic import() is lazy already, and a stand-in would give it only a default export.
			if (namespace === 'lazy-builtin' || kind === 'dynamic-import' || loadedAnyway.has(name)) return {path: `node:${name}`, external: true};
			return {path: `node:${name}`, namespace: 'lazy-builtin', suffix: `?from=${crypto.createHash('sha1').update(importer).digest('hex').slice(0, 10)}`};
		});
		build.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, ({path: specifier}) => {
			const keys = Object.keys(require(specifier)).filter(key => key !== 'default' && /^[$A-Z_a-z][\w$]*$/.test(key));
			return {
				contents: [
					`let real;`,
					`const load = () => (real ??= require(${JSON.stringify(specifier)}));`,
					`const lazy = {};`,
					`for (const key of ${JSON.stringify(keys)}) Object.defineProperty(lazy, key, {get: () => load()[key], set: value => { load()[key] = value; }, enumerable: true, configurable: true});`,
					`module.exports = lazy;`,
				].join('\n'),
				loader: 'js',
			};
		});
	},
};

const devToolsPlugin = {
	// Ink imports ./devtools.js (react-devtools-core, ws) only when DEV=true. The bundle ships
	// without them; Ink then prints its own "react-devtools-core is not installed" note.
	name: 'no-devtools',
	setup(build) {
		build.onResolve({filter: /^\.\/devtools\.js$/}, ({importer}) => (/ink[\\/]build[\\/]reconciler\.js$/.test(importer) ? {path: 'ink-devtools', namespace: 'stub'} : undefined));
		build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		build.onLoad({filter: /.*/, namespace: 'stub'}, () => ({
			contents: "const error = new Error('react-devtools-core is not part of the packport bundle'); error.code = 'ERR_MODULE_NOT_FOUND'; throw error;",
			loader: 'js',
		}));
	},
};

/** How long a chunk no build references any more stays, for a packport started before the build. */
const staleChunkMs = 30 * 60_000;

const writeAtomically = async (file, contents) => {
	const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
	await fs.writeFile(temporary, contents, {mode: file.endsWith('packport.js') ? 0o755 : 0o644});
	await fs.rename(temporary, file);
};

/**
 * Builds the bin into `outdir` (default dist/). Returns the files written, relative to it, and
 * esbuild's metafile (its inputs are what scripts/build.mjs watches for changes).
 */
export const bundle = async ({outdir = path.join(root, 'dist'), metafile} = {}) => {
	const {build} = await import('esbuild');
	const result = await build({
		// The bin is dist/packport.js. Code the wizard imports on first use (got, the engine, the
		// vendor clients, the emulator) goes to dist/chunks/ and is not even parsed at start.
		entryPoints: {packport: path.join(root, 'source/cli.tsx')},
		outdir,
		absWorkingDir: root,
		tsconfig: path.join(root, 'tsconfig.json'),
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		minify: true,
		legalComments: 'none',
		write: false,
		metafile: true,
		// The keychain module is native: loaded from node_modules.
		external: ['@napi-rs/keyring'],
		plugins: [devToolsPlugin, patchPlugin, lazyBuiltinsPlugin, narrowWidthPlugin],
		define: {'process.env.NODE_ENV': '"production"'},
		// CommonJS dependencies (react, signal-exit…) call require(); give the bundle one.
		banner: {js: "import {createRequire as __packportRequire} from 'node:module'; const require = __packportRequire(import.meta.url);"},
		// The CLI's own `NODE_ENV ??= 'production'` is what the define bakes in; its warning is noise.
		logLevel: 'error',
	});

	await fs.mkdir(path.join(outdir, 'chunks'), {recursive: true});
	const entry = path.join(outdir, 'packport.js');
	const written = [];
	// Chunks first, the entry last: until the rename, dist/packport.js is the previous build, whole.
	for (const file of result.outputFiles.filter(output => output.path !== entry)) {
		const current = await fs.readFile(file.path).catch(() => undefined);
		if (current?.equals(file.contents)) await fs.utimes(file.path, new Date(), new Date());
		else await writeAtomically(file.path, file.contents);
		written.push(path.relative(outdir, file.path));
	}

	const main = result.outputFiles.find(output => output.path === entry);
	if (!main) throw new Error('esbuild wrote no packport.js');
	await writeAtomically(entry, main.contents);
	written.push('packport.js');

	const keep = new Set(written);
	const now = Date.now();
	for (const name of await fs.readdir(path.join(outdir, 'chunks'))) {
		const file = path.join(outdir, 'chunks', name);
		if (keep.has(`chunks/${name}`)) continue;
		const stat = await fs.stat(file).catch(() => undefined);
		if (stat && (name.endsWith('.tmp') ? now - stat.mtimeMs > 60_000 : now - stat.mtimeMs > staleChunkMs)) await fs.rm(file, {force: true});
	}

	if (metafile) await fs.writeFile(metafile, JSON.stringify(result.metafile));
	return {written, metafile: result.metafile};
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	const option = name => {
		const index = process.argv.indexOf(name);
		return index === -1 ? undefined : path.resolve(process.argv[index + 1]);
	};

	await bundle({outdir: option('--outdir'), metafile: option('--metafile')});
}
