/**
 * Column widths for a table in the room the terminal gives. The flexible columns (names) get the
 * room; when they would be cut, the table gives up width in the order the screen says — e.g. drop
 * Created, drop Modified, shrink Type — and only then cuts the names.
 */
export type ColumnSpec = {
	key: string;
	/** What the widest cell (or the header) needs. */
	ideal: number;
	/** The narrowest it may be shrunk to. */
	min: number;
	/** Takes the room that is left, up to `ideal`. */
	flex?: boolean;
	/**
	 * What a flexible column gets before the concessions stop: by default its content or 40% of
	 * the line, so one long name does not push every other column out; `ideal` for a column that
	 * matters most (names), so every other column gives way before it is cut.
	 */
	want?: number;
};

export type Concession = readonly ['drop' | 'shrink', string];

/** Widths by key; a dropped column has width 0. */
export const fitColumns = (columns: ColumnSpec[], available: number, concessions: readonly Concession[], gap = 1): Record<string, number> => {
	const width = new Map(columns.map(column => [column.key, column.ideal]));
	const dropped = new Set<string>();
	const flex = columns.filter(column => column.flex);
		const want = new Map(flex.map(column => [column.key, Math.min(column.ideal, column.want ?? Math.max(column.min, Math.floor(available * 0.4)))]));
	const shown = () => columns.filter(column => !dropped.has(column.key));
	const room = () => {
		const visible = shown();
		const fixed = visible.filter(column => !column.flex).reduce((sum, column) => sum + width.get(column.key)!, 0);
		return available - fixed - gap * Math.max(0, visible.length - 1);
	};

	const wanted = () => flex.filter(column => !dropped.has(column.key)).reduce((sum, column) => sum + want.get(column.key)!, 0);
	for (const [move, key] of concessions) {
		const missing = wanted() - room();
		if (missing <= 0) break;
		const column = columns.find(candidate => candidate.key === key);
		if (!column || dropped.has(key)) continue;
		if (move === 'drop') dropped.add(key);
		else if (column.flex) want.set(key, column.min);
		else width.set(key, Math.max(column.min, width.get(key)! - missing));
	}

	// Share the room among the flexible columns, none beyond its ideal (water filling).
	const open = flex.filter(column => !dropped.has(column.key));
	let left = Math.max(0, room());
	const given = new Map(open.map(column => [column.key, 0]));
	let hungry = open.filter(column => column.ideal > 0);
	while (left > 0 && hungry.length > 0) {
		const share = Math.max(1, Math.floor(left / hungry.length));
		for (const column of hungry) {
			const take = Math.min(share, column.ideal - given.get(column.key)!, left);
			given.set(column.key, given.get(column.key)! + take);
			left -= take;
		}

		hungry = hungry.filter(column => given.get(column.key)! < column.ideal);
	}

	for (const [key, value] of given) width.set(key, value);
	return Object.fromEntries(columns.map(column => [column.key, dropped.has(column.key) ? 0 : width.get(column.key)!]));
};

/** The cells of one row, each fitted to its column, dropped columns left out, joined by a space. */
export const joinCells = (cells: Array<[string, number]>): string =>
	cells
		.filter(([, width]) => width > 0)
		.map(([text]) => text)
		.join(' ');
