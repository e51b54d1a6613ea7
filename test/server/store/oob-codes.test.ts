import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFreshStore } from '../../helpers/db.js';
import { describeOobCodeRepos } from '../../helpers/store-contract/oob-codes.js';

describeOobCodeRepos('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-oob-'));
  const store = openFreshStore(join(dir, 'tessera.db'));
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
