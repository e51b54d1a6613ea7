import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { bootstrapTenant } from '../../../server/bootstrap.js';
import { systemRandom } from '../../../server/crypto/random.js';
import { createSecretBox } from '../../../server/crypto/secret-box.js';
import { systemClock } from '../../../server/deps.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createJobLeases } from '../../../server/store/postgres/lease.js';
import { openPostgresStore } from '../../../server/store/postgres/index.js';
import { pollUntil } from '../../helpers/manual-timers.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { listening, startInstance, type Instance } from '../../helpers/postgres-instances.js';

/**
 * The bulk MFA reset job with two instances polling for work on one PostgreSQL database (every 5 ms here,
 * so they race for every step): each step runs on one instance only, under the job's lease, so every user
 * is reset once and the job's results list each user once, in order.
 */

const ADMIN = { clientId: randomBytes(16).toString('hex'), clientSecret: randomBytes(32).toString('base64url') };
const USERS = 120;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface JobView {
  status: string;
  summary: { total: number; processed: number };
  results: { user_id: string }[];
}

describePostgres('jobs across instances on PostgreSQL', () => {
  it('runs each step of a bulk reset on one instance at a time: every user reset once', async () => {
    const databaseUrl = await createTestDatabase();
    const secrets = createSecretBox(randomBytes(32), systemRandom);
    const [listenA, listenB] = [await listening(), await listening()];
    const issuer = listenA.url;
    const bootStore = await openPostgresStore(databaseUrl);
    await bootstrapTenant({ store: bootStore, secrets, clock: systemClock, random: systemRandom, tenantName: 'Tessera Test', admin: ADMIN });
    await bootStore.close();
    const leasePool = createPostgresPool(databaseUrl);
    cleanups.push(() => leasePool.end());
    const coordination = (holder: string) => ({ leases: createJobLeases(leasePool, systemClock), holder, pollMs: 5 });
    const instances: Instance[] = [];
    for (const [name, listen] of [['a', listenA], ['b', listenB]] as const) {
      const instance = await startInstance(databaseUrl, issuer, secrets, listen.http, listen.url, coordination(name));
      cleanups.push(() => instance.close());
      instances.push(instance);
    }
    const [a, b] = instances as [Instance, Instance];

    const { access_token: admin } = await a.call<{ access_token: string }>('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: `${issuer}api/v2/` },
    });
    const userIds: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const user = await b.call<{ user_id: string }>('POST', '/api/v2/users', {
        bearer: admin,
        json: { connection: 'Username-Password-Authentication', email: `user${i}@example.com`, password: 'a password long enough for the test' },
      }, 201);
      userIds.push(user.user_id);
    }

    const job = await a.call<{ id: string }>('POST', '/api/v2/jobs/mfa-reset', { bearer: admin, json: { user_ids: userIds } }, 201);
    let done: JobView | undefined;
    await pollUntil(async () => {
      const view = await b.call<JobView>('GET', `/api/v2/jobs/${job.id}`, { bearer: admin });
      if (view.status === 'completed') done = view;
      return done !== undefined;
    }, 'the reset job completing', 60_000);
    expect(done!.summary).toMatchObject({ total: USERS, processed: USERS });
    expect(done!.results.map((result) => result.user_id)).toEqual(userIds);
  }, 90_000);
});
