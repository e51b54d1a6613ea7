import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFreshStore } from '../../helpers/db.js';
import { describeAccountRepos } from '../../helpers/store-contract/account-repos.js';

/** The account-side repository contracts on SQLite, the reference the PostgreSQL store is held to. */
describeAccountRepos('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-repos-'));
  const store = openFreshStore(join(dir, 'tessera.db'));
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
