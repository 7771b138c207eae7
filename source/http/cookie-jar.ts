/**
 * The smallest cookie jar got accepts. Cookies are kept per origin and path, as a browser scopes
 * them (RFC 6265 without domain cookies: a vendor session talks to one host), honour deletion
 * (Max-Age<=0 / past Expires), `Secure` ones never go over plain http, and nothing is persisted:
 * the jar dies with the run. MicroStrategy refuses a valid token without its JSESSIONID
 * (vendor-apis.md 2.1).
 */
import {isLoopbackHost} from './url-policy.js';

export type CookieJar = {
	getCookieString(url: string): Promise<string>;
	setCookie(rawCookie: string, url: string): Promise<void>;
	/** Cookie values, so the redactor can keep them out of every message. */
	values(): string[];
	clear(): void;
};

type Cookie = {origin: string; path: string; name: string; value: string; secure: boolean};

const attribute = (attributes: string[], wanted: string): string | undefined => {
	for (const item of attributes) {
		const [key = '', ...rest] = item.split('=');
		if (key.trim().toLowerCase() === wanted) return rest.join('=').trim();
	}

	return undefined;
};

const isExpired = (attributes: string[]): boolean => {
	const maxAge = attribute(attributes, 'max-age');
	if (maxAge !== undefined) return Number(maxAge) <= 0;
	const expires = attribute(attributes, 'expires');
	return expires !== undefined && Date.parse(expires) <= Date.now();
};

/** RFC 6265 5.1.4: the default path is the request path up to its last slash. */
const defaultPath = (pathname: string) => (pathname.lastIndexOf('/') > 0 ? pathname.slice(0, pathname.lastIndexOf('/')) : '/');
const pathMatches = (requestPath: string, cookiePath: string) =>
	requestPath === cookiePath || (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'));

export const createCookieJar = (onValue?: (value: string) => void): CookieJar => {
	const cookies = new Map<string, Cookie>();
	const key = (cookie: Pick<Cookie, 'origin' | 'path' | 'name'>) => `${cookie.origin} ${cookie.path} ${cookie.name}`;
	return {
		async getCookieString(raw) {
			const url = new URL(raw);
			// A Secure cookie is not sent over plain http, except to this machine (the emulator).
			const plain = url.protocol === 'http:' && !isLoopbackHost(url.hostname);
			return [...cookies.values()]
				.filter(cookie => cookie.origin === url.origin && pathMatches(url.pathname, cookie.path) && !(cookie.secure && plain))
				.map(cookie => `${cookie.name}=${cookie.value}`)
				.join('; ');
		},
		async setCookie(rawCookie, raw) {
			const url = new URL(raw);
			const [pair = '', ...attributes] = rawCookie.split(';');
			const separator = pair.indexOf('=');
			if (separator <= 0) return;
			const name = pair.slice(0, separator).trim();
			const value = pair.slice(separator + 1).trim();
			const givenPath = attribute(attributes, 'path');
			const cookie: Cookie = {
				origin: url.origin,
				path: givenPath?.startsWith('/') ? givenPath : defaultPath(url.pathname),
				name,
				value,
				secure: attribute(attributes, 'secure') !== undefined || attributes.some(item => item.trim().toLowerCase() === 'secure'),
			};
			if (isExpired(attributes) || value === '') {
				cookies.delete(key(cookie));
				return;
			}

			cookies.set(key(cookie), cookie);
			onValue?.(value);
		},
		values: () => [...cookies.values()].map(cookie => cookie.value),
		clear: () => cookies.clear(),
	};
};
