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
/** Very short values would blank out ordinary words; no real secret is this short. */
const minimumLength = 4;

export const createRedactor = (): Redactor => {
	const secrets = new Set<string>();
	return {
		add(secret) {
			if (secret && secret.length >= minimumLength) {
				secrets.add(secret);
				// Secrets travel URL-encoded in form bodies and query strings too.
				const encoded = encodeURIComponent(secret);
				if (encoded !== secret) secrets.add(encoded);
			}
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
