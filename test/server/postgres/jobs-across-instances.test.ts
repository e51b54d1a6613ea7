import { afterEach, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/manual-timers.js';
import { describePostgres } from '../../helpers/postgres.js';
import { startTwoInstances } from '../../helpers/postgres-instances.js';

/**
 * The bulk MFA reset job with two instances polling for work on one PostgreSQL database (every 5 ms here,
 * so they race for every step): each step runs on one instance only, under the job's lease, so every user
 * is reset once and the job's results list each user once, in order.
 */

const USERS = 120;

const cleanups: (() => Promise<void>)[] = [];
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
    const { a, b, admin } = await startTwoInstances((cleanup) => cleanups.push(cleanup), { jobPollMs: 5 });
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
