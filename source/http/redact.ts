/**
 * Secrets that this run has seen (passwords, tokens, cookie values) are registered here, and every
 * message that may reach a screen, a log, JSON or history goes through `redact`. Registering at the
 * source (login code) is what keeps a token out of an error message built three layers up.
 */
export type Redactor = {
	add(secret: string | undefined): void;
	redact(text: string): string;
};

const mask = '***';

/**
 * Base64 of the secret as it appears inside a longer base64 text (Basic auth, tokens, echoed
 * bodies): for each of the three byte alignments, the characters that depend on the secret alone.
 */
const base64Forms = (secret: string): string[] => {
	const bytes = Buffer.from(secret, 'utf8');
	const forms: string[] = [];
	for (const [offset, skip] of [[0, 0], [1, 2], [2, 3]] as const) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		const full = Math.floor(((offset + bytes.length) * 8) / 6);
		const middle = encoded.slice(skip, full);
		if (middle.length >= 6) forms.push(middle, middle.replaceAll('+', '-').replaceAll('/', '_'));
	}

	return forms;
};

/**
 * Every form a secret takes on its way out and back from a server: raw, encodeURIComponent, form
 * encoding (which also escapes `!'()*` and writes spaces as `+`), JSON-escaped, and base64.
 */
const encodings = (secret: string): Set<string> => {
	const form = (text: string) => new URLSearchParams({x: text}).toString().slice(2);
	const json = (text: string) => JSON.stringify(text).slice(1, -1);
	// Text forms, and each of them once more %-encoded or in base64 (an echoed JSON body, say).
	const texts = [secret, encodeURIComponent(secret), form(secret), form(secret).replaceAll('+', '%20'), json(secret), json(json(secret))];
	const all = texts.flatMap(text => [text, encodeURIComponent(text), form(text), ...base64Forms(text)]);
	return new Set(all.filter(value => value.length >= minimumLength));
};
/** Very short values would blank out ordinary words; no real secret is this short. */
const minimumLength = 4;

export const createRedactor = (): Redactor => {
	const secrets = new Set<string>();
	return {
		add(secret) {
			if (secret && secret.length >= minimumLength) for (const form of encodings(secret)) secrets.add(form);
		},
		redact(text) {
			let result = text;
			// Longest first, so a secret that contains another is masked whole.
			for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
				result = result.split(secret).join(mask);
			}

			return result;
		},
	};
};

/**
 * Removes terminal control sequences (CSI, OSC, other escapes, C0/C1 controls except newline and tab)
 * from text that came from a server, before it reaches the screen.
 */
/** A scalar from a server's JSON as text fit for a terminal: strings and numbers, control sequences removed; anything else ''. */
export const serverText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? stripControl(String(value)) : '');

export const stripControl = (text: string): string =>
	text
		// eslint-disable-next-line no-control-regex
		.replace(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?/g, '')
		// eslint-disable-next-line no-control-regex
		.replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
		// eslint-disable-next-line no-control-regex
		.replace(/\u001B[@-_]?/g, '')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
