import type { Database } from 'better-sqlite3';

/** Authenticator kinds as stored; their id prefix is the kind (`totp|dev_…`, `recovery-code|dev_…`). */
export const AUTHENTICATOR_KINDS = ['totp', 'recovery-code', 'push', 'sms', 'voice', 'email'] as const;
export type AuthenticatorKind = (typeof AUTHENTICATOR_KINDS)[number];

export interface AuthenticatorRow {
  id: string;
  user_id: string;
  kind: AuthenticatorKind;
  link_id: string;
  name: string | null;
  secret_enc: string | null;
  code_digest: string | null;
  active: number;
  last_used_step: number | null;
  created_at: number;
  confirmed_at: number | null;
  last_auth_at: number | null;
  phone_number: string | null;
  email: string | null;
  preferred_method: string | null;
}

/** What an insert needs: the contact details only apply to phone and email methods. */
export type NewAuthenticator = Omit<AuthenticatorRow, 'phone_number' | 'email' | 'preferred_method'> &
  Partial<Pick<AuthenticatorRow, 'phone_number' | 'email' | 'preferred_method'>>;

export interface AuthenticatorRepo {
  find(id: string): AuthenticatorRow | undefined;
  findByLink(linkId: string): AuthenticatorRow | undefined;
  forUser(userId: string): AuthenticatorRow[];
  insert(row: NewAuthenticator): void;
  update(id: string, fields: { name?: string | null; preferred_method?: string | null }): void;
  activate(id: string, now: number): boolean;
  /** Records a used TOTP step; false when that step (or a later one) was already used: a replay. */
  consumeStep(id: string, step: number, now: number): boolean;
  /** Swaps a recovery code digest; false when the expected digest is no longer current (already used). */
  replaceCode(id: string, expectedDigest: string, nextDigest: string, now: number): boolean;
  removeLinked(linkId: string, userId: string): number;
  removeInactive(userId: string, kind: AuthenticatorKind): number;
  removeAllForUser(userId: string): number;
}

export function authenticatorRepo(db: Database): AuthenticatorRepo {
  return {
    find: (id) => db.prepare<[string], AuthenticatorRow>('SELECT * FROM authenticators WHERE id = ?').get(id),
    findByLink: (linkId) => db.prepare<[string], AuthenticatorRow>('SELECT * FROM authenticators WHERE link_id = ? LIMIT 1').get(linkId),
    forUser: (userId) =>
      db.prepare<[string], AuthenticatorRow>('SELECT * FROM authenticators WHERE user_id = ? ORDER BY created_at, id').all(userId),
    insert(row) {
      db.prepare(
        `INSERT INTO authenticators (id, user_id, kind, link_id, name, secret_enc, code_digest, active, last_used_step,
           created_at, confirmed_at, last_auth_at, phone_number, email, preferred_method)
         VALUES (@id, @user_id, @kind, @link_id, @name, @secret_enc, @code_digest, @active, @last_used_step,
           @created_at, @confirmed_at, @last_auth_at, @phone_number, @email, @preferred_method)`,
      ).run({ phone_number: null, email: null, preferred_method: null, ...row });
    },
    update(id, fields) {
      if (fields.name !== undefined) db.prepare('UPDATE authenticators SET name = ? WHERE id = ?').run(fields.name, id);
      if (fields.preferred_method !== undefined) {
        db.prepare('UPDATE authenticators SET preferred_method = ? WHERE id = ?').run(fields.preferred_method, id);
      }
    },
    activate: (id, now) =>
      db.prepare('UPDATE authenticators SET active = 1, confirmed_at = ? WHERE id = ? AND active = 0').run(now, id).changes === 1,
    consumeStep: (id, step, now) =>
      db
        .prepare(
          `UPDATE authenticators SET last_used_step = @step, last_auth_at = @now
           WHERE id = @id AND (last_used_step IS NULL OR last_used_step < @step)`,
        )
        .run({ id, step, now }).changes === 1,
    replaceCode: (id, expectedDigest, nextDigest, now) =>
      db
        .prepare('UPDATE authenticators SET code_digest = ?, last_auth_at = ? WHERE id = ? AND code_digest = ?')
        .run(nextDigest, now, id, expectedDigest).changes === 1,
    removeLinked: (linkId, userId) =>
      db.prepare('DELETE FROM authenticators WHERE link_id = ? AND user_id = ?').run(linkId, userId).changes,
    removeInactive: (userId, kind) =>
      db.prepare('DELETE FROM authenticators WHERE user_id = ? AND kind = ? AND active = 0').run(userId, kind).changes,
    removeAllForUser: (userId) => db.prepare('DELETE FROM authenticators WHERE user_id = ?').run(userId).changes,
  };
}
