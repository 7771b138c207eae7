/**
 * NO_COLOR and TERM=dumb, read from what the real wizard writes to a pseudo-terminal (the raw
 * bytes, escape codes and all): NO_COLOR (set, not empty) means no colour codes; TERM=dumb means
 * no styles at all, so the selected row of a list must show its ❯ to be seen.
 */
import pty from 'node-pty';
import {afterEach, expect, it} from 'vitest';
import {cliPath, makeTempDir} from '../helpers/cli.js';
import {keys} from '../helpers/keys.js';

let child: pty.IPty | undefined;
afterEach(() => child?.kill());

const sgr = /\u001B\[([0-9;]*)m/g;
const plain = (raw: string) => raw.replaceAll(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
/** The parameters of every SGR (style) sequence in the output. */
const styles = (raw: string) => [...raw.matchAll(sgr)].flatMap(match => (match[1] || '0').split(';').map(Number));
// Foreground and background colours (39/49 reset them): what NO_COLOR rules out.
const isColour = (code: number) => (code >= 30 && code <= 38) || (code >= 40 && code <= 48) || (code >= 90 && code <= 97) || (code >= 100 && code <= 107);

/** The demo in a pseudo-terminal; `waitFor` reads the screen's text, `raw()` the bytes as written. */
const demo = (env: Record<string, string>) => {
	let raw = '';
	child = pty.spawn(process.execPath, [cliPath, '--demo'], {
		name: env.TERM,
		cols: 80,
		rows: 24,
		cwd: makeTempDir(),
		env: {PATH: process.env.PATH ?? '', HOME: makeTempDir(), PACKPORT_CONFIG_DIR: makeTempDir(), ...env},
	});
	child.onData(data => (raw += data));
	return {
		raw: () => raw,
		write: (keys: string) => child!.write(keys),
		async waitFor(pattern: RegExp, timeoutMs = 15_000) {
			const started = Date.now();
			while (!pattern.test(plain(raw))) {
				if (Date.now() - started > timeoutMs) throw new Error(`Never saw ${String(pattern)}:\n${plain(raw)}`);
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		},
	};
};

/**
 * A key, then what it leads to. Ink attaches a new screen's key handler just after drawing it, so
 * a key sent the instant the screen shows can be lost: when nothing new was written
 * 3 s later, the key is sent again (twice at most); not sooner, as a loaded machine can be slow to draw.
 */
const press = async (session: ReturnType<typeof demo>, key: string, expected: RegExp) => {
	for (let attempt = 1; ; attempt++) {
		const before = session.raw().length;
		session.write(key);
		try {
			return await session.waitFor(expected, attempt < 3 ? 3000 : 15_000);
		} catch (error) {
			if (session.raw().length !== before) return session.waitFor(expected);
			if (attempt >= 3) throw error;
		}
	}
};

/** The demo's profile list, ↓ pressed once; the raw output once the second row is selected. */
const listWithSecondSelected = async (env: Record<string, string>): Promise<string> => {
	const session = demo(env);
	await session.waitFor(/❯ demo-aep/);
	await press(session, keys.down, /❯ demo-aep-dev/);
	return session.raw();
};

it('colours and inverse video where the terminal has them (the baseline the others differ from)', async () => {
	const raw = await listWithSecondSelected({TERM: 'xterm-256color'});
	expect(styles(raw).some(code => isColour(code))).toBe(true);
	expect(styles(raw)).toContain(7);
});

it('NO_COLOR: no colour codes; the selected row has its ❯ (and inverse video, a style, not a colour)', async () => {
	const raw = await listWithSecondSelected({TERM: 'xterm-256color', NO_COLOR: '1'});
	expect(styles(raw).filter(code => isColour(code))).toEqual([]);
	expect(styles(raw)).toContain(7);
	expect(plain(raw)).toMatch(/❯ demo-aep-dev/);
});

it("TERM=dumb: no styles at all, and the selected row is marked with ❯ (the profile list, Adobe's package list)", async () => {
	const session = demo({TERM: 'dumb'});
	await session.waitFor(/❯ demo-aep/);
	// Adobe's package list marked its selected row with inverse video alone: invisible here.
	await press(session, keys.enter, /Acme Release 29/);
	await press(session, keys.down, /❯ Acme Release 29/);
	expect(session.raw().match(sgr) ?? []).toEqual([]);
	expect(plain(session.raw())).toMatch(/ {2}Acme Release 30/);
});
