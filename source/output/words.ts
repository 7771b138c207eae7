/** Small English for user-visible counts and names: "1 step" / "2 steps", "an Adobe …" / "a Veeva …". */

/** The count with its noun, singular for exactly one: counted(1, 'step') is "1 step". */
export const counted = (count: number, noun: string, pluralNoun = `${noun}s`): string => `${count} ${count === 1 ? noun : pluralNoun}`;

/**
 * "a" or "an" before a phrase, by its first sound as far as letters tell: vowels take "an" (an
 * Adobe profile, an .mmp file is read "dot"), except the few whose vowel sounds like "you" or "one".
 */
export const withArticle = (phrase: string): string => {
	const word = phrase.trimStart().toLowerCase();
	const an = /^[aeiou]/.test(word) && !/^(u[nk]i|use|usu|uti|eu|one\b|once\b)/.test(word);
	return `${an ? 'an' : 'a'} ${phrase}`;
};
