/** Table columns in the room the terminal gives: they give way by priority, names last. */
import {expect, it} from 'vitest';
import {fitColumns, type ColumnSpec, type Concession} from '../../source/components/columns.js';

// The MicroStrategy review's order: Created, then Modified, then Type narrows; names are cut last.
const concessions: Concession[] = [
	['drop', 'created'],
	['drop', 'modified'],
	['shrink', 'type'],
	['shrink', 'name'],
	['drop', 'type'],
];
const specs = (name: {ideal: number; want?: number}): ColumnSpec[] => [
	{key: 'name', ideal: name.ideal, want: name.want, min: 12, flex: true},
	{key: 'type', ideal: 15, min: 8},
	{key: 'action', ideal: 17, min: 17},
	{key: 'created', ideal: 10, min: 10},
	{key: 'modified', ideal: 10, min: 10},
];
const total = (widths: Record<string, number>) => Object.values(widths).filter(Boolean).reduce((sum, width) => sum + width + 1, -1);

it('dates go before a name the columns were told to keep whole is cut', () => {
	// 80 columns less the marks: 76. A 40-wide name fits once both dates are gone.
	const widths = fitColumns(specs({ideal: 40, want: 40}), 76, concessions);
	expect(widths).toEqual({name: 40, type: 15, action: 17, created: 0, modified: 0});
});

it('the date stays when nine names in ten fit beside it; the longest gets what is left', () => {
	const widths = fitColumns(specs({ideal: 40, want: 28}), 76, concessions);
	expect(widths).toMatchObject({type: 15, action: 17, created: 0, modified: 10});
	expect(widths.name).toBe(76 - 15 - 17 - 10 - 3);
});

it('on a narrow terminal the type narrows before names are cut, and nothing overflows', () => {
	const widths = fitColumns(specs({ideal: 30, want: 30}), 56, concessions);
	expect(widths.type).toBeLessThan(15);
	expect(widths.name).toBe(56 - widths.type! - 17 - 2);
	expect(total(widths)).toBeLessThanOrEqual(56);
});

it('never wider than the room, however long the names', () => {
	for (const available of [40, 56, 76, 120]) {
		expect(total(fitColumns(specs({ideal: 60, want: 60}), available, concessions))).toBeLessThanOrEqual(available);
	}
});
