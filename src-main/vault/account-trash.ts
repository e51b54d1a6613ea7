import type Database from 'better-sqlite3';
import { AccountNotFoundError } from './errors';
import type { TrashedAccount } from './types';

/**
 * How long a removed account stays restorable. A removal is one click from the list, so an undo
 * must outlive the toast: a month, as the trash of Ente Auth and Proton Pass keep them.
 */
export const TRASH_RETENTION_DAYS = 30;
const RETENTION_MS = TRASH_RETENTION_DAYS * 24 * 60 * 60 * 1000;

interface TrashSqlRow {
  id: string;
  issuer: string;
  label: string;
  removed_at: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The trash: a removed account stays in its row (its seed sealed with the vault key like any other,
 * so the trash is encrypted at rest) with `removed_at` set, which hides it from listing, codes,
 * exports and backups (account-repo.ts). It is deleted for good by `purge`, or lazily once
 * TRASH_RETENTION_DAYS have passed (`purgeExpired`, run on open and on every list).
 */
export function accountTrash(db: Database.Database, clock: { now(): number }) {
  function trashedRow(id: string): TrashSqlRow {
    const row = db.prepare('SELECT id, issuer, label, removed_at FROM accounts WHERE id = ? AND removed_at IS NOT NULL').get(id) as TrashSqlRow | undefined;
    if (!row) throw new AccountNotFoundError(`no account with id ${id} in the trash`);
    return row;
  }

  return {
    /** Moves an account to the trash; it keeps its sort order, to come back where it was. */
    remove(id: string): void {
      const changed = db.prepare('UPDATE accounts SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(iso(clock.now()), id).changes;
      if (changed !== 1) throw new AccountNotFoundError(`no account with id ${id}`);
    },
    /** Takes an account out of the trash, back at its old position (the accounts from there on move down one). */
    restore(id: string): void {
      db.transaction(() => {
        trashedRow(id);
        const { sort_order: position } = db.prepare('SELECT sort_order FROM accounts WHERE id = ?').get(id) as { sort_order: number };
        db.prepare('UPDATE accounts SET sort_order = sort_order + 1 WHERE removed_at IS NULL AND sort_order >= ?').run(position);
        db.prepare('UPDATE accounts SET removed_at = NULL WHERE id = ?').run(id);
      }).immediate();
    },
    /** The trash, most recently removed first. */
    list(): TrashedAccount[] {
      const rows = db.prepare('SELECT id, issuer, label, removed_at FROM accounts WHERE removed_at IS NOT NULL ORDER BY removed_at DESC, id').all() as TrashSqlRow[];
      return rows.map((row) => ({
        id: row.id, issuer: row.issuer, label: row.label, removedAt: row.removed_at, purgeAt: iso(Date.parse(row.removed_at) + RETENTION_MS),
      }));
    },
    /** Deletes a trashed account (and its sealed seed) at once; an account not in the trash is refused. */
    purge(id: string): void {
      trashedRow(id);
      db.prepare('DELETE FROM accounts WHERE id = ? AND removed_at IS NOT NULL').run(id);
    },
    /** Deletes what has been in the trash for TRASH_RETENTION_DAYS or longer. */
    purgeExpired(): number {
      return db.prepare('DELETE FROM accounts WHERE removed_at IS NOT NULL AND removed_at <= ?').run(iso(clock.now() - RETENTION_MS)).changes;
    },
  };
}

export type AccountTrash = ReturnType<typeof accountTrash>;
