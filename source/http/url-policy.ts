import {usageError} from '../errors.js';

const loopbackHosts = new Set(['localhost', '[::1]', '::1']);

export const isLoopbackHost = (hostname: string): boolean =>
	loopbackHosts.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);

/**
 * design.md section 2: plain http only to loopback; everything else https with verified TLS.
 * Returns the URL without a trailing slash, so callers can append paths.
 */
export const checkServiceUrl = (raw: string, what = 'URL'): string => {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw usageError(`The ${what} "${raw}" is not a URL.`, 'Give the full address, e.g. https://host.example.com/MicroStrategyLibrary.');
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw usageError(`The ${what} "${raw}" must start with https://.`, 'Use an https:// address.');
	}

	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw usageError(
			`The ${what} "${raw}" uses plain http to a host that is not this machine.`,
			'Use https:// (plain http is only allowed for 127.0.0.1, ::1 and localhost).',
		);
	}

	if (url.username || url.password) {
		throw usageError(`The ${what} must not contain a user name or password.`, 'Put the user name in the profile; secrets go to the secret store.');
	}

	return url.href.replace(/\/+$/, '');
};
