import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { CONTRACT_USERS, type OpenedStore } from '../../helpers/store-contract/seeded-store.js';
import { describeAlertRepo } from '../../helpers/store-contract/alerts.js';
import { describeAuditLogRepo } from '../../helpers/store-contract/audit-log.js';
import { describeTicketRepo } from '../../helpers/store-contract/enrollment-tickets.js';
import { describeJobRepo } from '../../helpers/store-contract/jobs.js';
import { describeLogStreamRepo } from '../../helpers/store-contract/log-streams.js';
import { describeOutboxRepo } from '../../helpers/store-contract/outbox.js';
import { describePushRepo } from '../../helpers/store-contract/push.js';

const NOW = 1_700_000_000_000;

/** A fresh migrated database with the tenant and the contract's users (seeded in SQL), and the PostgreSQL store over it. */
async function openPostgres(): Promise<OpenedStore> {
  const pool = createPostgresPool(await createTestDatabase(), { max: 10 });
  await pool.query('INSERT INTO tenant (id, name, created_at) VALUES (1, $1, $2)', ['Tessera', NOW]);
  for (const userId of CONTRACT_USERS) {
    await pool.query('INSERT INTO users (user_id, email, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)', [userId, `${userId.slice(6)}@example.com`, 'x', NOW]);
  }
  const store = createPostgresStore(pool);
  return { store, dispose: () => store.close() };
}

describePostgres('PostgreSQL repository contracts', () => {
  describeAuditLogRepo('PostgreSQL', openPostgres);
  describeJobRepo('PostgreSQL', openPostgres);
  describeTicketRepo('PostgreSQL', openPostgres);
  describePushRepo('PostgreSQL', openPostgres);
  describeLogStreamRepo('PostgreSQL', openPostgres);
  describeAlertRepo('PostgreSQL', openPostgres);
  describeOutboxRepo('PostgreSQL', openPostgres);
});
