import { emailTemplateFromRecord, emailTemplateValues, type EmailTemplateRecord, type EmailTemplateRepo } from '../email-templates.js';
import type { Queryable } from './queryable.js';

const COLUMNS = 'template, body, from_address, subject, enabled, result_url, url_lifetime_in_seconds, include_email_in_redirect';

/** Booleans go in as 0/1 (emailTemplateValues) and are cast here, so both engines share one value list. */
export function emailTemplateRepo(q: Queryable): EmailTemplateRepo {
  return {
    async find(name) {
      const row = (await q.query<EmailTemplateRecord>(`SELECT ${COLUMNS} FROM email_templates WHERE template = $1`, [name])).rows[0];
      return row && emailTemplateFromRecord(row);
    },
    async insert(template) {
      const result = await q.query(
        `INSERT INTO email_templates (${COLUMNS}) VALUES ($1, $2, $3, $4, $5::int::boolean, $6, $7, $8::int::boolean) ON CONFLICT (template) DO NOTHING`,
        emailTemplateValues(template),
      );
      return result.rowCount === 1;
    },
    async update(template) {
      const result = await q.query(
        `UPDATE email_templates SET body = $2, from_address = $3, subject = $4, enabled = $5::int::boolean, result_url = $6, url_lifetime_in_seconds = $7,
         include_email_in_redirect = $8::int::boolean WHERE template = $1`,
        emailTemplateValues(template),
      );
      return result.rowCount === 1;
    },
  };
}
