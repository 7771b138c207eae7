/**
 * Compares the shape of an emulator answer with a published sample: the same keys, the same JSON
 * types, epoch milliseconds where the sample has them and ISO dates where it has those. Values are
 * not compared; each difference names its field, so a failing test says what drifted.
 */

export type Drift = {path: string; problem: string};

export type ShapeOptions = {
	/** Fields whose keys are data (ids), not names: only the value types are compared. */
	maps?: string[];
	/** Fields of the emulator that no sample shows but a documented variant does, with the source. */
	allowedExtra?: Record<string, string>;
	/** Fields a sample shows that the emulator may leave out (e.g. present only on some records), with why. */
	allowedMissing?: Record<string, string>;
};

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The JSON type, refined for dates: `epoch-ms` (a number past 2001 in ms), `iso-date`. */
export const kindOf = (value: unknown): string => {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return value >= 1e12 && value < 1e14 ? 'epoch-ms' : 'number';
	if (typeof value === 'string') return isoDate.test(value) ? 'iso-date' : 'string';
	return typeof value;
};

/** Whether an actual kind satisfies an expected one: a plain number takes any number, a string any string. */
const fits = (expected: string, actual: string) => expected === actual || (expected === 'number' && actual === 'epoch-ms') || (expected === 'string' && actual === 'iso-date');

type Node = {kinds: Set<string>; keys?: Map<string, {node: Node; count: number}>; objects: number; items?: Node; emptySeen?: boolean};

const emptyNode = (): Node => ({kinds: new Set(), objects: 0});

/** Folds every sample value at one place into one node: array items merge, object keys count. */
const absorb = (node: Node, value: unknown): Node => {
	const kind = kindOf(value);
	node.kinds.add(kind);
	if (kind === 'array') {
		node.items ??= emptyNode();
		if ((value as unknown[]).length === 0) node.emptySeen = true;
		for (const item of value as unknown[]) absorb(node.items, item);
	} else if (kind === 'object') {
		node.objects++;
		node.keys ??= new Map();
		for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
			const entry = node.keys.get(key) ?? {node: emptyNode(), count: 0};
			entry.count++;
			absorb(entry.node, child);
			node.keys.set(key, entry);
		}
	}

	return node;
};

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const wildcard = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.*').replace(/\[\d+\]/g, '.*');

const compare = (expected: Node, actual: unknown, path: string, options: ShapeOptions, drifts: Drift[]) => {
	const kind = kindOf(actual);
	// A field the samples show only as null says nothing about its type.
	const known = [...expected.kinds].filter(candidate => candidate !== 'null');
	if (known.length === 0 || (kind === 'null' && expected.kinds.has('null'))) return;
	if (!known.some(candidate => fits(candidate, kind))) {
		drifts.push({path: path || '(body)', problem: `is ${kind}; the samples have ${[...expected.kinds].join(' or ')}`});
		return;
	}

	if (kind === 'array' && expected.items) {
		const items = actual as unknown[];
		if (items.length === 0 && expected.items.kinds.size > 0 && !expected.emptySeen) drifts.push({path: path || '(body)', problem: 'is an empty array, so its items cannot be checked; the samples have items'});
		for (const [index, item] of items.entries()) compare(expected.items, item, `${path}.${index}`, options, drifts);
		return;
	}

	if (kind !== 'object' || !expected.keys) return;
	const object = actual as Record<string, unknown>;
	const general = wildcard(path);
	if (options.maps?.includes(general)) {
		const values = emptyNode();
		for (const entry of expected.keys.values()) for (const kindSeen of entry.node.kinds) values.kinds.add(kindSeen);
		for (const [key, value] of Object.entries(object)) compare(values, value, join(path, key), {...options, maps: []}, drifts);
		return;
	}

	for (const [key, entry] of expected.keys) {
		const where = join(general, key);
		// Present in every sample object here: required. Present in some: optional.
		if (!(key in object)) {
			if (entry.count === expected.objects && !options.allowedMissing?.[where]) drifts.push({path: join(path, key), problem: 'is missing; the samples have it'});
			continue;
		}

		compare(entry.node, object[key], join(path, key), options, drifts);
	}

	for (const key of Object.keys(object)) {
		if (!expected.keys.has(key) && !options.allowedExtra?.[join(general, key)]) drifts.push({path: join(path, key), problem: 'is not in any published sample'});
	}
};

/** Every way `actual` differs in shape from the samples (one or more variants of one answer, merged). */
export const shapeDrifts = (samples: unknown[], actual: unknown, options: ShapeOptions = {}): Drift[] => {
	const node = emptyNode();
	for (const sample of samples) absorb(node, sample);
	const drifts: Drift[] = [];
	compare(node, actual, '', options, drifts);
	return drifts;
};

export const formatDrifts = (drifts: Drift[]): string => drifts.map(drift => `${drift.path} ${drift.problem}`).join('\n');

/**
 * The drifts of one answer, split against a list of known ones (`"<path> <problem start>"` → the
 * issue that removes it): `unexpected` must be empty, and so must `stale` (a known drift that no
 * longer happens is struck from the list, so the list never hides a new one).
 */
export const againstKnown = (drifts: Drift[], known: Record<string, string> = {}) => {
	const matches = (drift: Drift, entry: string) => `${drift.path} ${drift.problem}`.startsWith(entry);
	return {
		unexpected: drifts.filter(drift => !Object.keys(known).some(entry => matches(drift, entry))),
		stale: Object.keys(known).filter(entry => !drifts.some(drift => matches(drift, entry))),
	};
};
