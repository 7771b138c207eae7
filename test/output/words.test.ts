/** Counts and articles in what users read: "1 step", "an Adobe …". */
import {describe, expect, it} from 'vitest';
import {counted, withArticle} from '../../source/output/words.js';

describe('words', () => {
	it('counts with the singular for exactly one', () => {
		expect([0, 1, 2].map(count => counted(count, 'step'))).toEqual(['0 steps', '1 step', '2 steps']);
		expect(counted(1, 'artifact task')).toBe('1 artifact task');
		expect(counted(3, 'entry', 'entries')).toBe('3 entries');
	});

	it('puts "an" before a vowel sound and "a" before the rest', () => {
		expect(withArticle('Adobe Experience Platform')).toBe('an Adobe Experience Platform');
		expect(withArticle('MicroStrategy')).toBe('a MicroStrategy');
		expect(withArticle('Veeva Vault')).toBe('a Veeva Vault');
		expect(withArticle('upload')).toBe('an upload');
		expect(withArticle('user')).toBe('a user');
	});
});
