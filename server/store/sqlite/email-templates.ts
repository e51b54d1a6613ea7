import type { Database } from 'better-sqlite3';
import { emailTemplateFromRecord, emailTemplateValues, type EmailTemplateRecord, type EmailTemplateRepo } from '../email-templates.js';
import type { Synchronous } from './synchronous.js';

const COLUMNS = 'template, body, from_address, subject, enabled, result_url, url_lifetime_in_seconds, include_email_in_redirect';

export function emailTemplateRepo(db: Database): Synchronous<EmailTemplateRepo> {
  return {
    find(name) {
      const row = db.prepare<[string], EmailTemplateRecord>(`SELECT ${COLUMNS} FROM email_templates WHERE template = ?`).get(name);
      return row && emailTemplateFromRecord(row);
    },
    insert(template) {
      return db.prepare(`INSERT INTO email_templates (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(template) DO NOTHING`).run(...emailTemplateValues(template)).changes === 1;
    },
    update(template) {
      const [name, ...rest] = emailTemplateValues(template);
      return db
        .prepare('UPDATE email_templates SET body = ?, from_address = ?, subject = ?, enabled = ?, result_url = ?, url_lifetime_in_seconds = ?, include_email_in_redirect = ? WHERE template = ?')
        .run(...rest, name).changes === 1;
    },
  };
}
