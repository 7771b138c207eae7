import {createHistoryStore, type HistoryStore} from '../config/history.js';
import {createProfileStore, type ProfileStore} from '../config/profiles.js';
import {configDirFor} from '../stores/config-dir.js';
import type {Io} from './io.js';

export type CommandContext = {io: Io; store: ProfileStore; history: HistoryStore};

/** Touches no file: a damaged config is found by the first command that reads it. */
export const createContext = (io: Io): CommandContext => {
	const store = createProfileStore(configDirFor(io.env), {secretStore: io.env.PACKPORT_SECRET_STORE});
	return {io, store, history: createHistoryStore(store.configDir)};
};
