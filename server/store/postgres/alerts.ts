import type { AlertSettingsPatch, AlertRepo } from '../alerts.js';
import { ALERT_SUBJECTS_MAX, alertSettingsFrom, patchAlertSettings } from '../alerts.js';
import type { Queryable } from './queryable.js';

interface WindowRow {
  started_at: number;
  count: number;
  fired: boolean;
  subjects: string;
}

/**
 * Far more rounds than racers a store ever has: each lost round means another caller's write went in,
 * so only an endless stream of writers to one row could use them all.
 */
const MAX_ROUNDS = 1000;

/**
 * Read, compute in code, then write only if the row is still what was read, else read again: the
 * read-modify-write SQLite runs in one transaction, made atomic by a compare-and-set instead, because a
 * repository on the pool has no transaction to hold a row lock across two statements. Inside a
 * `Store.transaction` (READ COMMITTED) the conditional write waits for a concurrent holder of the row,
 * then finds it changed, and the next read sees its commit.
 */
async function compareAndSet<T>(step: () => Promise<{ wrote: boolean; value: T }>): Promise<T> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { wrote, value } = await step();
    if (wrote) return value;
  }
  throw new Error(`An alert row changed under ${MAX_ROUNDS} writes in a row.`);
}

export function alertRepo(q: Queryable): AlertRepo {
  const stored = async () => (await q.query<{ alerts: string }>('SELECT alerts FROM tenant WHERE id = 1')).rows[0]?.alerts;
  const read = async () => alertSettingsFrom(JSON.parse((await stored()) ?? '{}') as AlertSettingsPatch);
  return {
    settings: read,
    update: (patch) =>
      compareAndSet(async () => {
        const text = await stored();
        const current = alertSettingsFrom(JSON.parse(text ?? '{}') as AlertSettingsPatch);
        const next = patchAlertSettings(current, patch);
        // No tenant row: nothing to write, as SQLite's UPDATE then changes nothing.
        if (text === undefined) return { wrote: true, value: next };
        const result = await q.query('UPDATE tenant SET alerts = $1 WHERE id = 1 AND alerts = $2', [JSON.stringify(next), text]);
        return { wrote: result.rowCount === 1, value: next };
      }),
    count: (key, amount, subjects, threshold, windowMs, now) =>
      compareAndSet(async () => {
        const row = (await q.query<WindowRow>('SELECT started_at, count, fired, subjects FROM alert_windows WHERE key = $1', [key])).rows[0];
        const current = row && now - row.started_at < windowMs ? row : { started_at: now, count: 0, fired: false, subjects: '[]' };
        const total = current.count + amount;
        const fired = !current.fired && total >= threshold;
        const all = [...new Set([...(JSON.parse(current.subjects) as string[]), ...subjects])].slice(0, ALERT_SUBJECTS_MAX);
        const next = [key, current.started_at, total, current.fired || fired, JSON.stringify(all)];
        const result = row
          ? await q.query(
              `UPDATE alert_windows SET started_at = $2, count = $3, fired = $4, subjects = $5
               WHERE key = $1 AND started_at = $6 AND count = $7 AND fired = $8 AND subjects = $9`,
              [...next, row.started_at, row.count, row.fired, row.subjects],
            )
          : await q.query('INSERT INTO alert_windows (key, started_at, count, fired, subjects) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING', next);
        return { wrote: result.rowCount === 1, value: { fired, count: total, subjects: all } };
      }),
  };
}
