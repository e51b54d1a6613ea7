import type Database from 'better-sqlite3';
import type { Account, AccountPatch, OtpAlgorithm, OtpKind } from './types';

/** A stored account: the public fields plus the sealed seed, which never leaves the vault folder. */
export interface AccountRow extends Account {
  sealedSecret: Buffer;
}

interface SqlRow {
  id: string; kind: OtpKind; issuer: string; label: string; algorithm: OtpAlgorithm; digits: number; period: number;
  counter: number | null; colour: string | null; icon: string | null; group_name: string | null; pinned: number;
  sort_order: number; sealed_secret: Buffer; created_at: string; use_count: number; last_used_at: string | null;
}

const fromSql = (row: SqlRow): AccountRow => ({
  id: row.id, kind: row.kind, issuer: row.issuer, label: row.label, algorithm: row.algorithm, digits: row.digits,
  period: row.period, counter: row.counter, colour: row.colour, icon: row.icon, group: row.group_name,
  pinned: row.pinned === 1, sortOrder: row.sort_order, createdAt: row.created_at, useCount: row.use_count, lastUsedAt: row.last_used_at,
  sealedSecret: row.sealed_secret,
});

export function withoutSecret(row: AccountRow): Account {
  const { sealedSecret: _sealed, ...account } = row;
  return account;
}

/**
 * Narrow and synchronous (STYLE 6): callers see accounts, never SQL. Accounts in the trash
 * (`removed_at` set, account-trash.ts) are invisible here: not listed, not found, not coded, not changed.
 */
export function accountRepo(db: Database.Database) {
  const ORDER = 'ORDER BY pinned DESC, sort_order, created_at, id';
  const ACTIVE = 'removed_at IS NULL';
  return {
    all: (): AccountRow[] => (db.prepare(`SELECT * FROM accounts WHERE ${ACTIVE} ${ORDER}`).all() as SqlRow[]).map(fromSql),
    get: (id: string): AccountRow | undefined => {
      const row = db.prepare(`SELECT * FROM accounts WHERE id = ? AND ${ACTIVE}`).get(id) as SqlRow | undefined;
      return row && fromSql(row);
    },
    insert(row: AccountRow): void {
      db.prepare(`INSERT INTO accounts (id, kind, issuer, label, algorithm, digits, period, counter, colour, icon,
          group_name, pinned, sort_order, sealed_secret, created_at)
        VALUES (@id, @kind, @issuer, @label, @algorithm, @digits, @period, @counter, @colour, @icon,
          @group, @pinned, @sortOrder, @sealedSecret, @createdAt)`).run({ ...row, pinned: row.pinned ? 1 : 0 });
    },
    update(id: string, patch: AccountPatch): boolean {
      const columns = { issuer: 'issuer', label: 'label', colour: 'colour', icon: 'icon', group: 'group_name', pinned: 'pinned' } as const;
      const entries = Object.entries(patch).filter(([name, value]) => value !== undefined && Object.hasOwn(columns, name));
      if (entries.length === 0) return db.prepare(`SELECT 1 FROM accounts WHERE id = ? AND ${ACTIVE}`).get(id) !== undefined;
      const sets = entries.map(([name]) => `${columns[name as keyof typeof columns]} = ?`).join(', ');
      const values = entries.map(([, value]) => (typeof value === 'boolean' ? Number(value) : value));
      return db.prepare(`UPDATE accounts SET ${sets} WHERE id = ? AND ${ACTIVE}`).run(...values, id).changes === 1;
    },
    nextSortOrder: (): number => (db.prepare('SELECT COALESCE(MAX(sort_order) + 1, 0) FROM accounts').pluck().get() as number),
    setSortOrder: (id: string, sortOrder: number): boolean =>
      db.prepare(`UPDATE accounts SET sort_order = ? WHERE id = ? AND ${ACTIVE}`).run(sortOrder, id).changes === 1,
    /** A copy of one of its codes: counted for "most used" sorting. */
    recordUse: (id: string, atIso: string): boolean =>
      db.prepare(`UPDATE accounts SET use_count = use_count + 1, last_used_at = ? WHERE id = ? AND ${ACTIVE}`).run(atIso, id).changes === 1,
    /** Moves an HOTP counter on by one and returns the value it had: the counter of the code to hand out. */
    takeCounter(id: string): number | undefined {
      const row = db.prepare("UPDATE accounts SET counter = counter + 1 WHERE id = ? AND kind = 'hotp' AND removed_at IS NULL RETURNING counter - 1 AS used")
        .get(id) as { used: number } | undefined;
      return row?.used;
    },
  };
}

export type AccountRepo = ReturnType<typeof accountRepo>;
