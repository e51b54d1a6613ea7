import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction, type Tessera } from '../../../server/context.js';
import { eventLoopTurns } from '../../helpers/manual-timers.js';
import { buildTestServer, type TestServer } from '../../helpers/server.js';

/**
 * The log-stream worker is woken (`kick`) after the commit of a transaction that wrote audit rows, never
 * for one that wrote none. Runs on both engines (the server and server-postgres projects; on PostgreSQL a
 * wake before the commit would find nothing new to deliver).
 */

let server: TestServer;
let t: Tessera;
/** For each wake of the worker: whether every audit row written so far was visible to it. */
let reads: Promise<boolean>[];
let written: string[];

beforeEach(async () => {
  server = await buildTestServer();
  t = server.app.tessera;
  // The wakes, counted on the worker the server wakes (the object app.ts decorates the server with).
  const worker = server.app.logStreamWorker;
  const kick = worker.kick.bind(worker);
  reads = [];
  worker.kick = () => {
    const expected = [...written];
    reads.push(server.app.tessera.store.logs.all().then((rows) => expected.every((id) => rows.some((row) => row.description === id))));
    kick();
  };
  written = [];
  // Start-up wakes the worker once (events written while it was down): not counted.
  await eventLoopTurns();
  reads = [];
});
afterEach(async () => {
  await server.close();
});

async function audit(into: Tessera, description: string): Promise<void> {
  await into.audit.record({ type: 'sapi', description });
  written.push(description);
}

/** What each wake so far saw: a lone audit write wakes at once, a transaction after its commit. */
async function wakes(): Promise<boolean[]> {
  await eventLoopTurns();
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
