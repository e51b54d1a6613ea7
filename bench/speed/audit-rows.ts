import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { SeededUser } from './seed.js';

/**
 * A month of audit log (ROWS_PER_USER entries per user) written straight into a stopped server's SQLite
 * file: generating 400,000 entries through logins would take hours of scrypt. This couples the benchmark
 * to the `logs` table of server/store/sqlite/migrations/001-init.sql (its columns, and `log_id` being the
 * 15-digit date then 16 hex digits, as the server writes it); when that table changes, change this.
 * Migration 017's triggers count these entries per type (`log_type_counts`) as they go in, as they do the server's.
 */
export const ROWS_PER_USER = 4;
export const SPAN_MS = 29 * 24 * 3600 * 1000; // inside the 30-day retention, so start-up purges none of it
const MFA_LOGIN = ['mfar', 'gd_auth_succeed', 'seotpft', 'gd_auth_succeed'] as const;
const PASSWORD_LOGIN = ['s', 'fp', 's', 's'] as const;
const DESCRIPTIONS: Record<string, string> = {
  mfar: 'Multi-factor authentication required',
  gd_auth_succeed: 'MFA Auth success',
  seotpft: 'Successful exchange of Password and OTP Challenge for Access Token',
  s: 'Success Login',
  fp: 'Wrong email or password',
};

/** The i-th of `total` entries: each user's spread over the month, dated in order of i. */
export function auditEntry(users: SeededUser[], i: number, total: number, start: number) {
  const user = users[i % users.length]!;
  const type = (user.totpSecret ? MFA_LOGIN : PASSWORD_LOGIN)[Math.floor(i / users.length)]!;
  const details = type === 'fp' ? { username: user.email } : type === 'mfar' ? { enrolled: true } : {};
  return { type, date: Math.floor(start + (i * SPAN_MS) / total), description: DESCRIPTIONS[type]!, userId: user.userId, userName: user.email, details: JSON.stringify(details) };
}

/** Entries in date order (seq rises with date, as the server writes them); each user's spread over the month. */
export function writeAuditRows(databaseFile: string, users: SeededUser[], nowMs: number): number {
  const db = new Database(databaseFile);
  try {
    const insert = db.prepare(
      `INSERT INTO logs (log_id, type, date, description, client_id, client_name, user_id, user_name, ip, user_agent, details)
       VALUES (?, ?, ?, ?, 'benchclient', 'Bench App', ?, ?, '127.0.0.1', 'bench/1.0', ?)`,
    );
    const total = users.length * ROWS_PER_USER;
    const start = nowMs - SPAN_MS;
    db.transaction(() => {
      for (let i = 0; i < total; i++) {
        const { type, date, description, userId, userName, details } = auditEntry(users, i, total, start);
        insert.run(`${String(date).padStart(15, '0')}${randomBytes(8).toString('hex')}`, type, date, description, userId, userName, details);
      }
    })();
    return total;
  } finally {
    db.close();
  }
}
