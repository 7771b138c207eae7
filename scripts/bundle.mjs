// One ESM file for the bin: Node resolves and reads 1 file instead of ~400 modules at start-up
// (issue 6: start-up at most half of a bare, unbundled Ink app).
import fs from 'node:fs/promises';
import {builtinModules} from 'node:module';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

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
		],
	},
];

const patchPlugin = {
	name: 'start-up-patches',
	setup(build) {
		for (const patch of patches) {
			build.onLoad({filter: patch.file}, async ({path}) => {
				let source = await fs.readFile(path, 'utf8');
				for (const [from, to] of patch.edits) {
					const found = source.split(from).length - 1;
					if (found !== 1) {
						console.warn(`bundle: start-up patch not applied to ${path} (its text occurs ${found} times); the bundle works, only slower to start.`);
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
	// from dist/bundle/narrow-width.js first and falls back to itself for anything else.
	name: 'narrow-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, async ({importer, resolveDir, kind, pluginData}) => {
			if (pluginData === 'real') return undefined;
			const real = await build.resolve('string-width', {importer, resolveDir, kind, pluginData: 'real'});
			if (real.errors.length > 0) return undefined;
			return {path: real.path, namespace: 'narrow-width'};
		});
		build.onLoad({filter: /.*/, namespace: 'narrow-width'}, ({path}) => ({
			contents: `import stringWidth from ${JSON.stringify(path)};\nimport {narrowWidth} from ${JSON.stringify(fileURLToPath(new URL('../dist/bundle/narrow-width.js', import.meta.url)))};\nexport default function width(text, options) { return narrowWidth(text, options) ?? stringWidth(text, options); }`,
			resolveDir: '/',
			loader: 'js',
		}));
	},
};

const builtins = new Set(builtinModules);

const lazyBuiltinsPlugin = {
	// esbuild hoists every `import … from 'node:…'` to the top of the bundle, so the builtins of
	// code that runs late (got's http, tls, dns, zlib; the emulator's http server) would load at
	// every start: ~15 ms and 4 MiB. As CommonJS stand-ins they load with the module that uses them.
	name: 'lazy-builtins',
	setup(build) {
		build.onResolve({filter: /^(node:)?[a-z_/]+$/}, ({path, namespace, kind}) => {
			const name = path.replace(/^node:/, '');
			if (!builtins.has(name)) return undefined;
			// A dynamic import() is lazy already, and a stand-in would give it only a default export.
			if (namespace === 'lazy-builtin' || kind === 'dynamic-import') return {path: `node:${name}`, external: true};
			return {path: `node:${name}`, namespace: 'lazy-builtin'};
		});
		build.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, ({path}) => ({contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js'}));
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

// Chunk names carry a hash: old ones would pile up.
await fs.rm('dist/chunks', {recursive: true, force: true});

await build({
	// The bin is dist/packport.js. Code the wizard imports on first use (got, the engine, the vendor
	// clients, the emulator) goes to dist/chunks/ and is not even parsed at start.
	entryPoints: {packport: 'dist/cli.js'},
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	// The keychain module is native: loaded from node_modules.
	external: ['@napi-rs/keyring'],
	plugins: [devToolsPlugin, patchPlugin, lazyBuiltinsPlugin, narrowWidthPlugin],
	define: {'process.env.NODE_ENV': '"production"'},
	// CommonJS dependencies (react, signal-exit…) call require(); give the bundle one.
	banner: {js: "import {createRequire as __packportRequire} from 'node:module'; const require = __packportRequire(import.meta.url);"},
	// The CLI's own `NODE_ENV ??= 'production'` is what the define bakes in; its warning is noise.
	logLevel: 'error',
});
