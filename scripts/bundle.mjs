// One ESM file for the bin: Node resolves and reads ~1 file instead of ~400 modules at start-up
// (issue 6: start-up at most half of a bare, unbundled Ink app). Native and optional modules stay
// outside: @napi-rs/keyring loads a .node binary; react-devtools-core is only for Ink's dev mode.
import {build} from 'esbuild';

await build({
	entryPoints: ['dist/cli.js'],
	outfile: 'dist/packport.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	external: ['@napi-rs/keyring'],
	plugins: [
		{
			// Ink imports it only when DEV=true; ship an empty stand-in instead of a 2 MB dependency.
			name: 'no-devtools',
			setup(build) {
				build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
				build.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
			},
		},
	],
	define: {'process.env.NODE_ENV': '"production"'},
	// CommonJS dependencies (react, signal-exit…) call require(); give the bundle one.
	banner: {js: "import {createRequire as __packportRequire} from 'node:module'; const require = __packportRequire(import.meta.url);"},
	// The CLI's own `NODE_ENV ??= 'production'` is what the define bakes in; its warning is noise.
	logLevel: 'error',
});
