/**
 * The smallest cookie jar got accepts. A vendor session talks to one origin, so we keep cookies by
 * name only, honour deletion (Max-Age<=0 / past Expires) and never persist anything: the jar dies
 * with the run. MicroStrategy refuses a valid token without its JSESSIONID (vendor-apis.md 2.1).
 */
export type CookieJar = {
	getCookieString(url: string): Promise<string>;
	setCookie(rawCookie: string, url: string): Promise<void>;
	/** Cookie values, so the redactor can keep them out of every message. */
	values(): string[];
	clear(): void;
};

const isExpired = (attributes: string[]): boolean =>
	attributes.some(attribute => {
		const [key = '', value = ''] = attribute.split('=').map(part => part.trim());
		if (key.toLowerCase() === 'max-age') return Number(value) <= 0;
		if (key.toLowerCase() === 'expires') return Date.parse(value) <= Date.now();
		return false;
	});

export const createCookieJar = (onValue?: (value: string) => void): CookieJar => {
	const cookies = new Map<string, string>();
	return {
		async getCookieString() {
			return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
		},
		async setCookie(rawCookie) {
			const [pair = '', ...attributes] = rawCookie.split(';');
			const separator = pair.indexOf('=');
			if (separator <= 0) return;
			const name = pair.slice(0, separator).trim();
			const value = pair.slice(separator + 1).trim();
			if (isExpired(attributes) || value === '') {
				cookies.delete(name);
				return;
			}

			cookies.set(name, value);
			onValue?.(value);
		},
		values: () => [...cookies.values()],
		clear: () => cookies.clear(),
	};
};
