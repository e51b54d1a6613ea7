import { afterEach, describe, expect, it } from 'vitest';
import { connectionId, postImport, waitForJobEnd } from '../../helpers/imports.js';
import { executeSql, queryRows } from '../../helpers/db.js';
import { createImportStep, IMPORT_BATCH_SIZE } from '../../../server/services/users-import-job.js';
import { buildTestServer, json, managementToken, type TestServer } from '../../helpers/server.js';

const USERS = Array.from({ length: 2500 }, (_, n) => ({ email: `user${n}@example.com`, user_id: `u${n}` }));

describe('users-imports jobs across a restart', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  /** A server stopped after the first of three batches: its runner is held, and one step is run by hand. */
  async function startImportAndStop(): Promise<{ id: string; dbPath: string; dataKey: Buffer }> {
    const first = await buildTestServer();
    first.app.jobRunner.stop();
    const response = await postImport(first.app, USERS, { connection_id: await connectionId(first) });
    expect(response.statusCode).toBe(202);
    const { id } = json(response) as { id: string };
    const job = await first.app.tessera.store.jobs.find(id);
    if (!job) throw new Error('no job');
    await createImportStep(first.app.tessera)(job);
    expect(await queryRows(first, 'SELECT status, processed, inserted FROM jobs WHERE id = $1', id)).toEqual([{ status: 'processing', processed: IMPORT_BATCH_SIZE, inserted: IMPORT_BATCH_SIZE }]);
    await first.close({ keepFiles: true });
    return { id, dbPath: first.dbPath, dataKey: first.dataKey };
  }

  it('resumes an unfinished import from its cursor: every user once, the sealed file gone at the end', async () => {
    const { id, dbPath, dataKey } = await startImportAndStop();
    server = await buildTestServer({ dbPath, dataKey });
    const done = await waitForJobEnd(server.app, id, await managementToken(server.app));
    expect({ status: done.status, summary: done.summary }).toEqual({ status: 'completed', summary: { failed: 0, updated: 0, inserted: 2500, total: 2500 } });
    expect(await queryRows(server, 'SELECT COUNT(*) AS n FROM users')).toEqual([{ n: 2500 }]);
    expect(await queryRows(server, 'SELECT COUNT(*) AS n FROM job_files')).toEqual([{ n: 0 }]);
  });

  it('fails an import whose file can no longer be read, cleanly: status failed, file removed, no partial batch', async () => {
    const { id, dbPath, dataKey } = await startImportAndStop();
    await executeSql({ dbPath }, 'UPDATE job_files SET content = $1 WHERE job_id = $2', Buffer.from('v1.AAAA.AAAA.AAAA'), id);
    server = await buildTestServer({ dbPath, dataKey });
    const done = await waitForJobEnd(server.app, id, await managementToken(server.app));
    expect({ status: done.status, summary: done.summary }).toEqual({ status: 'failed', summary: { failed: 0, updated: 0, inserted: IMPORT_BATCH_SIZE, total: 2500 } });
    expect(await queryRows(server, 'SELECT COUNT(*) AS n FROM users')).toEqual([{ n: IMPORT_BATCH_SIZE }]);
    expect(await queryRows(server, 'SELECT COUNT(*) AS n FROM job_files')).toEqual([{ n: 0 }]);
  });
});
