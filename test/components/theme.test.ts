/** What the environment allows on screen (https://no-color.org, TERM=dumb). */
import {expect, it} from 'vitest';
import {displayFor, themeFor} from '../../source/components/theme.js';

it('NO_COLOR set and not empty turns colour off, styles stay; an empty NO_COLOR changes nothing', () => {
	expect(displayFor({TERM: 'xterm-256color', NO_COLOR: '1'})).toEqual({color: false, styles: true});
	expect(displayFor({TERM: 'xterm-256color', NO_COLOR: ''})).toEqual({color: true, styles: true});
	expect(Object.values(themeFor(displayFor({NO_COLOR: '1'})))).toEqual(Object.values(themeFor(displayFor({NO_COLOR: '1'}))).map(() => undefined));
});

it('TERM=dumb turns off colour and every style, inverse video included', () => {
	expect(displayFor({TERM: 'dumb'})).toEqual({color: false, styles: false});
});
