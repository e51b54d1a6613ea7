import { transaction, type Tessera } from '../context.js';
import type { NewAuthenticator } from '../store/authenticators.js';
import { EmailTakenError, type UserRow } from '../store/users.js';
import type { RowError } from './import-schema.js';
import type { PlannedUser, RowPlan } from './import-row.js';
import { decideRow, importRow, newUserRows, update } from './import-apply.js';

export type RowOutcome = 'inserted' | 'updated' | RowError[];

interface PendingInsert {
  index: number;
  user: PlannedUser;
  rows: { user: UserRow; totp?: NewAuthenticator };
}

/**
 * The emails and ids this batch has written: a later row naming one cannot trust the lookup made before
 * the batch. Folded more widely than either engine folds (toLowerCase), so such a row is never missed; it
 * then takes the row-at-a-time path, which asks the store itself.
 */
class Written {
  private readonly emails = new Set<string>();
  private readonly ids = new Set<string>();
  add(email: string, userId: string | undefined): void {
    this.emails.add(email.toLowerCase());
    if (userId !== undefined) this.ids.add(userId);
  }
  touches(user: PlannedUser): boolean {
    return this.emails.has(user.email.toLowerCase()) || (user.userId !== undefined && this.ids.has(user.userId));
  }
}

/**
 * Writes the buffered inserts in two statements, inside a savepoint. Should one of them collide after all
 * (an email two rows fold alike where this code's fold did not see it), the savepoint is undone and those
 * rows are written one at a time, each looking up what it collides with, as a row-at-a-time import would.
 */
async function flush(t: Tessera, pending: PendingInsert[], outcomes: RowOutcome[], upsert: boolean, now: number): Promise<void> {
  if (pending.length === 0) return;
  const batch = pending.splice(0);
  try {
    await transaction(t, async (t) => {
      await t.store.userImport.insertUsers(batch.map((entry) => entry.rows.user));
      await t.store.userImport.insertAuthenticators(batch.flatMap((entry) => (entry.rows.totp ? [entry.rows.totp] : [])));
    });
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    for (const entry of batch) outcomes[entry.index] = await importRow(t, entry.user, upsert, now);
  }
}

/**
 * Imports a batch of planned rows inside the caller's transaction with the same outcome, row by row, as
 * importing them one at a time in order (importRow), but with one lookup for the whole batch and new users
 * inserted together, so a batch costs a handful of statements rather than several per row. A refused row
 * writes nothing; an error thrown here fails the caller's whole transaction.
 */
export async function importBatch(t: Tessera, plans: RowPlan[], upsert: boolean, now: number): Promise<RowOutcome[]> {
  const users = plans.flatMap((plan) => (plan.ok ? [plan.user] : []));
  const emails = [...new Set(users.map((user) => user.email))];
  const ids = [...new Set(users.flatMap((user) => (user.userId === undefined ? [] : [user.userId])))];
  const existing = await t.store.userImport.findMany(emails, ids);
  const outcomes: RowOutcome[] = [];
  const pending: PendingInsert[] = [];
  const written = new Written();
  for (const [index, plan] of plans.entries()) {
    if (!plan.ok) {
      outcomes[index] = plan.errors;
      continue;
    }
    const user = plan.user;
    if (written.touches(user)) {
      await flush(t, pending, outcomes, upsert, now);
      outcomes[index] = await importRow(t, user, upsert, now);
      // Whatever it wrote, under this email or this id, is this batch's now.
      written.add(user.email, user.userId);
      continue;
    }
    const action = decideRow(user, upsert, existing.byEmail.get(user.email), user.userId === undefined ? undefined : existing.byId.get(user.userId));
    if (action.kind === 'refuse') outcomes[index] = action.errors;
    else if (action.kind === 'insert') {
      const rows = newUserRows(t, user, now);
      pending.push({ index, user, rows });
      outcomes[index] = 'inserted';
      written.add(user.email, rows.user.user_id);
    } else {
      await flush(t, pending, outcomes, upsert, now);
      outcomes[index] = await update(t, action.target, user, now);
      // The target's old email and id no longer read as the lookup found them.
      written.add(action.target.email, action.target.user_id);
      written.add(user.email, action.target.user_id);
    }
  }
  await flush(t, pending, outcomes, upsert, now);
  return outcomes;
}
