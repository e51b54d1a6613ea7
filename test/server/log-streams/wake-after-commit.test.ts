import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction, type Tessera } from '../../../server/context.js';
import { buildTestServer, type TestServer } from '../../helpers/server.js';

/**
 * The log-stream worker is woken (and reads every stream: `logStreams.all()`) after the commit of a
 * transaction that wrote audit rows, never for one that wrote none. Runs on both engines (the server and
 * server-postgres projects; on PostgreSQL a wake before the commit would read nothing new).
 */

let server: TestServer;
let t: Tessera;
/** For each read of the streams the worker made: whether every audit row written so far was visible to it. */
let reads: Promise<boolean>[];
let written: string[];

beforeEach(async () => {
  server = await buildTestServer();
  t = server.app.tessera;
  // The worker's reads, counted on the server's own store (the object the worker reads through).
  const streams = t.store.logStreams;
  reads = [];
  t.store.logStreams = {
    ...streams,
    all() {
      const expected = [...written];
      reads.push(server.app.tessera.store.logs.all().then((rows) => expected.every((id) => rows.some((row) => row.description === id))));
      return streams.all();
    },
  };
  written = [];
  // Start-up wakes the worker once (events written while it was down): not counted.
  await settled();
  reads = [];
});
afterEach(async () => {
  await server.close();
});

/** Any wake queued so far has read: the worker reads on the next turn after a wake (setImmediate). */
async function settled(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

async function audit(into: Tessera, description: string): Promise<void> {
  await into.audit.record({ type: 'sapi', description });
  written.push(description);
}

async function wakes(): Promise<boolean[]> {
  await settled();
  return Promise.all(reads);
}

describe('the log-stream worker wakes after commits that wrote audit rows', () => {
  it('a transaction that wrote audit rows wakes it once, after the commit: the rows are there to read', async () => {
    await transaction(t, async (tx) => {
      await audit(tx, 'first in transaction');
      await audit(tx, 'second in transaction');
    });
    expect(await wakes()).toEqual([true]);
  });

  it('a transaction that wrote other rows but no audit row does not wake it', async () => {
    await transaction(t, async (tx) => {
      await tx.store.tenant.setPolicies([]);
    });
    await t.store.transaction(async (tx) => {
      await tx.clients.find('no-such-client');
    });
    expect(await wakes()).toEqual([]);
  });

  it('a row written in a savepoint wakes it once the outer transaction commits', async () => {
    await transaction(t, async (outer) => {
      await transaction(outer, async (inner) => audit(inner, 'in a savepoint'));
      await outer.store.tenant.name();
    });
    expect(await wakes()).toEqual([true]);
  });

  it('a rolled-back transaction does not wake it', async () => {
    const failure = new Error('rolled back on purpose');
    await expect(transaction(t, async (tx) => {
      await tx.audit.record({ type: 'sapi', description: 'never committed' });
      throw failure;
    })).rejects.toBe(failure);
    expect(await wakes()).toEqual([]);
  });

  it('an audit row written outside a transaction wakes it as before', async () => {
    await audit(t, 'outside any transaction');
    expect(await wakes()).toEqual([true]);
  });
});
