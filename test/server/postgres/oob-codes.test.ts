import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { describeOobCodeRepos } from '../../helpers/store-contract/oob-codes.js';

describePostgres('PostgreSQL', () => {
  describeOobCodeRepos('PostgreSQL', async () => {
    const store = createPostgresStore(createPostgresPool(await createTestDatabase()));
    return { store, dispose: () => store.close() };
  });
});
