import {describe, expect, it} from 'vitest';
import {createRedactor, stripControl} from '../source/http/redact.js';

describe('redaction', () => {
	it('masks every registered secret, also URL-encoded, longest first', () => {
		const redactor = createRedactor();
		redactor.add('p@ss word');
		redactor.add('p@ss');
		expect(redactor.redact('a p@ss word, p%40ss%20word and p@ss')).toBe('a ***, *** and ***');
	});

	it('ignores values too short to be secrets', () => {
		const redactor = createRedactor();
		redactor.add('ab');
		expect(redactor.redact('about')).toBe('about');
	});
});

describe('stripControl', () => {
	it.each([
		['colour codes', 'Year\u001B[31m red\u001B[0m', 'Year red'],
		['a title-setting OSC', 'x\u001B]0;pwned\u0007y', 'xy'],
		['cursor movement and clear screen', 'a\u001B[2J\u001B[Hb', 'ab'],
		['bell and backspace', 'a\u0007b\u0008c', 'abc'],
		['C1 controls', 'a\u009Bb', 'ab'],
	])('removes %s', (_name, input, expected) => {
		expect(stripControl(input)).toBe(expected);
	});

	it('keeps newlines, tabs and non-Latin text', () => {
		expect(stripControl('Umsatz\tnach Region\n売上')).toBe('Umsatz\tnach Region\n売上');
	});
});
