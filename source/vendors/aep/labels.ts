/**
 * How an artifact is named on screen. Adobe's conflict artifacts carry no title and suggestion
 * titles can be "" (the page's MAPPING_SET sample), so a row is never just "#1": it is the type, a
 * short id and the title where there is one.
 */
import {serverText} from '../../http/redact.js';

/** The distinctive end of an id: the last path segment of an XDM URI, cut to 8 characters. */
export const shortId = (id: string): string => {
	const tail = id.replace(/\/+$/, '').split('/').at(-1) ?? id;
	return tail.length > 12 ? `${tail.slice(0, 8)}…` : tail;
};

export const artifactLabel = ({id, type, title}: {id: string; type?: string; title?: string}): string => {
	const name = (title ?? '').trim();
	return [type, name ? `"${name}"` : '', `(${shortId(id)})`].filter(Boolean).join(' ');
};

/**
 * A suggestion as a choice: its title where it has one, else its short id. Given a width, the
 * title is cut first, so the short id that tells look-alikes apart stays on screen.
 */
export const choiceLabel = ({id, title}: {id: string; title?: string}, width = Number.POSITIVE_INFINITY): string => {
	const name = (title ?? '').trim();
	if (!name) return shortId(id);
	const tail = ` (${shortId(id)})`;
	const room = width - tail.length;
	if (name.length + tail.length <= width || room < 8) return `${name}${tail}`;
	return `${name.slice(0, room - 1)}…${tail}`;
};

/** A sandbox in a job answer: a string in the jobs list (every sample, the spec), `{name}` elsewhere. */
export const sandboxName = (value: unknown): string => {
	if (typeof value === 'string') return serverText(value).trim().toLowerCase();
	if (value && typeof value === 'object') return serverText((value as {name?: unknown}).name).trim().toLowerCase();
	return '';
};
