import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminService } from '../../../../src-main/desktop/admin/service';
import { AdminError, type BulkResetProgress } from '../../../../src-main/desktop/admin/types';
import { json, mgmt } from '../../../helpers/server.js';
import { connectedService, seed, startTessera, type ConsoleUnderTest, type ListeningTessera, type Seeded } from './admin-fixture';

let tessera: ListeningTessera;
let people: Seeded;
let console: ConsoleUnderTest;
beforeEach(async () => {
  tessera = await startTessera();
  people = await seed(tessera);
});
afterEach(async () => {
  await console.close();
  await tessera.close();
});

async function methodsOnServer(userId: string): Promise<{ id: string; type: string }[]> {
  return json(await mgmt(tessera.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`)) as { id: string; type: string }[];
}

/** Polls the job's progress as the page does, until it is done (bounded). */
function finished(service: AdminService, jobId: string): Promise<BulkResetProgress> {
  return vi.waitFor(
    async () => {
      const progress = await service.bulkResetProgress(jobId);
      if (progress.status !== 'completed' && progress.status !== 'failed') throw new Error(`still ${progress.status}`);
      return progress;
    },
    { timeout: 20_000, interval: 20 },
  );
}

/** Ada's rows as the server lists them, in the console's kinds: OTP and her recovery code. */
const adaEntry = () => ({ userId: people.ada.user_id, email: 'ada@example.com', authenticators: [{ id: expect.any(String), kind: 'otp' }, { id: expect.any(String), kind: 'recovery-code' }] });

describe.each([
  ['a Tessera server (its reset job)', false],
  ['a server without the job route, as an Auth0 tenant (person by person)', true],
])('bulk reset on %s', (_name, withoutJobs) => {
  beforeEach(async () => {
    // Auth0 answers 404 for a route it does not have; the same requests otherwise reach the real server.
    const auth0Like: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (/\/api\/v2\/jobs\//.test(url)) return Promise.resolve(Response.json({ statusCode: 404, error: 'Not Found', message: 'Not Found' }, { status: 404 }));
      return fetch(input, init);
    };
    console = await connectedService(tessera.baseUrl, withoutJobs ? { fetch: auth0Like } : {});
  });

  it('previews exactly who loses what, and removes nothing', async () => {
    const preview = await console.service.previewBulkReset({ userIds: [people.ada.user_id, people.grace.user_id] });
    expect(preview).toEqual({ entries: [adaEntry(), { userId: people.grace.user_id, email: 'grace@example.com', authenticators: [] }], authenticators: 2 });
    expect(await methodsOnServer(people.ada.user_id)).toHaveLength(2);
    const byQuery = await console.service.previewBulkReset({ query: 'ada@' });
    expect(byQuery).toEqual({ entries: [adaEntry()], authenticators: 2 });
  });

  it('resets with progress and reports what it removed', async () => {
    const started = await console.service.startBulkReset({ userIds: [people.ada.user_id, people.grace.user_id] });
    expect(started).toMatchObject({ jobId: expect.any(String), total: 2 });
    const done = await finished(console.service, started.jobId);
    expect(done).toEqual({ jobId: started.jobId, status: 'completed', total: 2, processed: 2, authenticatorsRemoved: 2, entries: [adaEntry(), { userId: people.grace.user_id, email: 'grace@example.com', authenticators: [] }] });
    expect(await methodsOnServer(people.ada.user_id)).toEqual([]);
  });
});

describe('bulk reset input', () => {
  beforeEach(async () => {
    console = await connectedService(tessera.baseUrl);
  });

  it.each([
    [{ userIds: [] }, 'Select at least one person'],
    [{ query: '  ' }, 'Enter a search, such as email:*@example.com (or *:* for everyone)'],
  ])('refuses %j', async (selection, message) => {
    expect(await console.service.previewBulkReset(selection).catch((e: unknown) => e)).toEqual(new AdminError('invalid_input', message));
  });

  it('passes on the server’s refusal of an unknown user', async () => {
    const error = (await console.service.startBulkReset({ userIds: ['auth0|000000000000000000000000'] }).catch((e: unknown) => e)) as AdminError;
    expect(error).toEqual(new AdminError('invalid_input', 'Payload validation error: unknown user_id auth0|000000000000000000000000.'));
  });

  it('says an unknown job is unknown', async () => {
    expect(((await console.service.bulkResetProgress('job_nope').catch((e: unknown) => e)) as AdminError).kind).toBe('not_found');
  });
});
