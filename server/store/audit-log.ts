import type { Database } from 'better-sqlite3';

export interface LogRow {
  seq: number;
  log_id: string;
  type: string;
  date: number;
  description: string | null;
  client_id: string | null;
  client_name: string | null;
  user_id: string | null;
  user_name: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
}

export interface AuditLogRepo {
  insert(row: Omit<LogRow, 'seq'>): void;
  forUser(userId: string): LogRow[];
  all(): LogRow[];
}

export function auditLogRepo(db: Database): AuditLogRepo {
  return {
    insert(row) {
      db.prepare(
        `INSERT INTO logs (log_id, type, date, description, client_id, client_name, user_id, user_name, ip, user_agent, details)
         VALUES (@log_id, @type, @date, @description, @client_id, @client_name, @user_id, @user_name, @ip, @user_agent, @details)`,
      ).run(row);
    },
    forUser: (userId) => db.prepare<[string], LogRow>('SELECT * FROM logs WHERE user_id = ? ORDER BY seq').all(userId),
    all: () => db.prepare<[], LogRow>('SELECT * FROM logs ORDER BY seq').all(),
  };
}
