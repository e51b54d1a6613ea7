import { join } from 'node:path';
import { readJson, writePrivateText } from '../private-json';

export const CONNECTIONS_FILE = 'admin-connections.json';

/** A saved remote connection. Never holds the client secret: that is the keychain's (keychain-items.ts). */
export interface SavedConnection {
  id: string;
  label: string;
  baseUrl: string;
  clientId: string;
  audience: string | null;
}

interface ConnectionsFile {
  active: string | null;
  remotes: SavedConnection[];
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isSaved(value: unknown): value is SavedConnection {
  const c = value as Partial<SavedConnection> | null;
  return typeof c === 'object' && c !== null && [c.id, c.label, c.baseUrl, c.clientId].every(isString) && (c.audience === null || isString(c.audience));
}

/** The console's connections as 0600 JSON in the data dir (shared by the app and `tessera admin`). */
export function openConnectionStore(dataDir: string) {
  const file = join(dataDir, CONNECTIONS_FILE);
  // Read on every call: the app and the CLI may both change it.
  async function load(): Promise<ConnectionsFile> {
    const raw = (await readJson(file)) as Partial<ConnectionsFile> | null | undefined;
    const remotes = Array.isArray(raw?.remotes) ? raw.remotes.filter(isSaved) : [];
    return { active: isString(raw?.active) ? raw.active : null, remotes };
  }
  const save = (state: ConnectionsFile) => writePrivateText(file, `${JSON.stringify(state, null, 2)}\n`);

  return {
    file,
    load,
    async upsert(connection: SavedConnection, makeActive: boolean): Promise<void> {
      const state = await load();
      state.remotes = [...state.remotes.filter((c) => c.id !== connection.id), connection];
      if (makeActive) state.active = connection.id;
      await save(state);
    },
    async remove(id: string): Promise<void> {
      const state = await load();
      state.remotes = state.remotes.filter((c) => c.id !== id);
      if (state.active === id) state.active = null;
      await save(state);
    },
    async setActive(id: string | null): Promise<void> {
      await save({ ...(await load()), active: id });
    },
  };
}
export type ConnectionStore = ReturnType<typeof openConnectionStore>;
