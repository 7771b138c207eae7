/**
 * The terminal's size, kept current on resize. One 'resize' listener per stream however many
 * screens ask (Node warns past ten listeners). A parent that shows lines of its own below a
 * screen (the App's notice) wraps the screen in <ReserveRows> so the screen leaves room for them.
 */
import {useStdout} from 'ink';
import {createContext, useContext, useMemo, useSyncExternalStore, type ReactNode} from 'react';

export type TerminalSize = {columns: number; rows: number};

type Stream = NodeJS.WriteStream | {columns?: number; rows?: number; on(event: 'resize', listener: () => void): unknown; off(event: 'resize', listener: () => void): unknown};

const watchers = new WeakMap<object, {listeners: Set<() => void>; onResize: () => void}>();

const subscribe = (stream: Stream) => (listener: () => void) => {
	let watcher = watchers.get(stream);
	if (!watcher) {
		const listeners = new Set<() => void>();
		watcher = {
			listeners,
			onResize() {
				for (const each of listeners) each();
			},
		};
		watchers.set(stream, watcher);
		stream.on('resize', watcher.onResize);
	}

	watcher.listeners.add(listener);
	return () => {
		watcher.listeners.delete(listener);
		if (watcher.listeners.size === 0) {
			stream.off('resize', watcher.onResize);
			watchers.delete(stream);
		}
	};
};

const Reserved = createContext(0);

/** Children get `rows` fewer terminal rows: the parent shows that many lines of its own. */
export const ReserveRows = ({rows, children}: {rows: number; children: ReactNode}) => {
	const outer = useContext(Reserved);
	return <Reserved.Provider value={outer + Math.max(0, rows)}>{children}</Reserved.Provider>;
};

/** Columns and rows of the terminal (80×24 when it does not say), less any reserved rows. */
export const useTerminalSize = (): TerminalSize => {
	const {stdout} = useStdout();
	const stream = stdout as unknown as Stream;
	const listen = useMemo(() => subscribe(stream), [stream]);
	const snapshot = useSyncExternalStore(
		listen,
		() => `${stream.columns || 80}x${stream.rows || 24}`,
	);
	const reserved = useContext(Reserved);
	const [columns, rows] = snapshot.split('x').map(Number) as [number, number];
	return {columns: Math.max(20, columns), rows: Math.max(8, rows - reserved)};
};

/**
 * The lines a screen may use: one fewer than the terminal has. A frame as tall as the terminal
 * makes Ink clear the whole screen (and, in many terminals, the scrollback) on every redraw.
 */
export const screenRows = (size: TerminalSize): number => size.rows - 1;
