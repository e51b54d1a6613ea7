import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFreshStore } from '../../helpers/db.js';
import { CONTRACT_USERS, type OpenedStore } from '../../helpers/store-contract/seeded-store.js';
import { describeAlertRepo } from '../../helpers/store-contract/alerts.js';
import { describeAuditLogRepo } from '../../helpers/store-contract/audit-log.js';
import { describeTicketRepo } from '../../helpers/store-contract/enrollment-tickets.js';
import { describeJobRepo } from '../../helpers/store-contract/jobs.js';
import { describeLogStreamRepo } from '../../helpers/store-contract/log-streams.js';
import { describeOutboxRepo } from '../../helpers/store-contract/outbox.js';
import { describePushRepo } from '../../helpers/store-contract/push.js';

const NOW = 1_700_000_000_000;

/** A fresh SQLite store with the tenant and the contract's users, in a temp folder removed after. */
async function openSqlite(): Promise<OpenedStore> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-contract-'));
  const store = openFreshStore(join(dir, 'tessera.db'));
  await store.tenant.create('Tessera', NOW);
  for (const userId of CONTRACT_USERS) {
    await store.users.insert({
      user_id: userId, email: `${userId.slice(6)}@example.com`, email_verified: false, password_hash: 'x', name: null, nickname: null, given_name: null,
      family_name: null, picture: null, blocked: false, user_metadata: {}, app_metadata: {}, logins_count: 0, last_login: null, created_at: NOW, updated_at: NOW,
    });
  }
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeAuditLogRepo('SQLite', openSqlite);
describeJobRepo('SQLite', openSqlite);
describeTicketRepo('SQLite', openSqlite);
describePushRepo('SQLite', openSqlite);
describeLogStreamRepo('SQLite', openSqlite);
describeAlertRepo('SQLite', openSqlite);
describeOutboxRepo('SQLite', openSqlite);
