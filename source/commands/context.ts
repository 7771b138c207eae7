import {createHistoryStore, type HistoryStore} from '../history.js';
import {createProfileStore, type ProfileStore} from '../profiles.js';
import type {Io} from './io.js';

export type CommandContext = {io: Io; store: ProfileStore; history: HistoryStore};

export const createContext = (io: Io): CommandContext => {
	const store = createProfileStore(io.env.PACKPORT_CONFIG_DIR || undefined);
	return {io, store, history: createHistoryStore(store.configDir)};
};
