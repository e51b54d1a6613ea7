import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import type { JobRow } from '../../../server/store/jobs.js';
import type { OpenStore } from './seeded-store.js';

const NOW = 1_700_000_000_000;

function job(id: string, fields: Partial<JobRow> = {}): JobRow {
  return { id, type: 'users_export', status: 'pending', params: { format: 'json', fields: [{ name: 'email' }] }, total: 3, processed: 0, results: [], created_at: NOW, completed_at: null, ...fields };
}

/** The jobs repository (server/store/jobs.ts) as every engine must answer it. */
export function describeJobRepo(engine: string, open: OpenStore): void {
  describe(`${engine} jobs repository`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    it('answers a job as written, with zero import counts, and undefined for an unknown id', async () => {
      await store.jobs.insert(job('job_a', { results: [{ user_id: 'u', ok: true }] }));
      expect(await store.jobs.find('job_a')).toEqual({ ...job('job_a', { results: [{ user_id: 'u', ok: true }] }), inserted: 0, updated: 0, failed: 0 });
      expect(await store.jobs.find('job_none')).toBeUndefined();
    });

    it('lists the unfinished jobs oldest first', async () => {
      await store.jobs.insert(job('job_c', { created_at: NOW + 2, status: 'processing' }));
      await store.jobs.insert(job('job_a', { created_at: NOW + 1 }));
      await store.jobs.insert(job('job_b', { created_at: NOW, status: 'completed', completed_at: NOW }));
      await store.jobs.insert(job('job_d', { created_at: NOW + 3, status: 'failed', completed_at: NOW }));
      expect((await store.jobs.unfinished()).map((row) => row.id)).toEqual(['job_a', 'job_c']);
    });

    it('appends results and completes the job when the cursor reaches the total', async () => {
      await store.jobs.insert(job('job_a'));
      await store.jobs.progress('job_a', [], 0, NOW + 1);
      await store.jobs.progress('job_a', [{ n: 1, name: 'é "quoted"' }], 1, NOW + 1);
      expect(await store.jobs.find('job_a')).toMatchObject({ status: 'processing', processed: 1, results: [{ n: 1, name: 'é "quoted"' }], completed_at: null });
      await store.jobs.progress('job_a', [{ n: 2 }, [3]], 3, NOW + 2);
      expect(await store.jobs.find('job_a')).toMatchObject({ status: 'completed', processed: 3, results: [{ n: 1, name: 'é "quoted"' }, { n: 2 }, [3]], completed_at: NOW + 2 });
      await store.jobs.progress('job_none', [{ n: 1 }], 1, NOW);
      expect(await store.jobs.find('job_none')).toBeUndefined();
    });

    it('loses no results when progress calls on one job run at once', async () => {
      await store.jobs.insert(job('job_a', { total: 100 }));
      await Promise.all(Array.from({ length: 20 }, (_, n) => store.jobs.progress('job_a', [n], 1, NOW)));
      const { results } = (await store.jobs.find('job_a'))!;
      expect([...(results as number[])].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    });

    it("adds to an import's counts, completing it at the total", async () => {
      await store.jobs.insert(job('job_i', { type: 'users_import', total: 5 }));
      await store.jobs.advanceImport('job_i', 2, { inserted: 1, updated: 1, failed: 0 }, NOW + 1);
      expect(await store.jobs.find('job_i')).toMatchObject({ status: 'processing', processed: 2, inserted: 1, updated: 1, failed: 0, completed_at: null });
      await store.jobs.advanceImport('job_i', 5, { inserted: 1, updated: 0, failed: 2 }, NOW + 2);
      expect(await store.jobs.find('job_i')).toMatchObject({ status: 'completed', processed: 5, inserted: 2, updated: 1, failed: 2, completed_at: NOW + 2 });
    });

    it('finishes a job whatever its cursor', async () => {
      await store.jobs.insert(job('job_a'));
      await store.jobs.finish('job_a', 'failed', NOW + 5);
      expect(await store.jobs.find('job_a')).toMatchObject({ status: 'failed', processed: 0, completed_at: NOW + 5 });
    });

    it('keeps errors in the order added, across calls, per job', async () => {
      await store.jobs.insert(job('job_a'));
      await store.jobs.insert(job('job_b'));
      await store.jobs.addErrors('job_a', ['e1', 'e2']);
      await store.jobs.addErrors('job_b', ['b1']);
      await store.jobs.addErrors('job_a', []);
      await store.jobs.addErrors('job_a', ['e3']);
      expect(await store.jobs.errors('job_a')).toEqual(['e1', 'e2', 'e3']);
      expect(await store.jobs.errors('job_b')).toEqual(['b1']);
      expect(await store.jobs.errors('job_none')).toEqual([]);
    });

    it('stores, replaces and removes a job file by purpose, byte for byte', async () => {
      await store.jobs.insert(job('job_a'));
      const bytes = Buffer.from([0, 1, 2, 255, 0x1f, 0x8b]);
      await store.jobs.putFile('job_a', 'export', Buffer.from('old'));
      await store.jobs.putFile('job_a', 'export', bytes);
      await store.jobs.putFile('job_a', 'import', Buffer.from('in'));
      expect(await store.jobs.file('job_a', 'export')).toEqual(bytes);
      await store.jobs.removeFile('job_a', 'export');
      expect(await store.jobs.file('job_a', 'export')).toBeUndefined();
      expect(await store.jobs.file('job_a', 'import')).toEqual(Buffer.from('in'));
    });
  });
}
