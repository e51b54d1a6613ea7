import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { queryRows } from './db.js';
import { json, managementToken } from './server.js';

/** Helpers for the import/export job tests: multipart bodies as a browser or the SDK builds them, job polling. */

/** A multipart/form-data body built by the platform's own FormData (as undici sends it). */
export async function formBody(fields: Record<string, string>, file?: { field?: string; content: string | Buffer; name?: string }): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  if (file) form.append(file.field ?? 'users', new Blob([file.content], { type: 'application/json' }), file.name ?? 'users.json');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request('http://form.invalid/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}

/** POST /api/v2/jobs/users-imports with a users file (an array is sent as JSON, a string or buffer as is). */
export async function postImport(
  app: FastifyInstance,
  users: unknown[] | string | Buffer,
  fields: Record<string, string>,
  token?: string,
): Promise<LightMyRequestResponse> {
  const content = Array.isArray(users) ? JSON.stringify(users) : users;
  const { payload, contentType } = await formBody(fields, { content });
  return app.inject({
    method: 'POST',
    url: '/api/v2/jobs/users-imports',
    headers: { authorization: `Bearer ${token ?? (await managementToken(app))}`, 'content-type': contentType },
    payload,
  });
}

/** Polls GET /api/v2/jobs/{id} until the job ends (bounded, no sleeps: one event-loop turn per poll). */
export async function waitForJobEnd(app: FastifyInstance, id: string, token: string, maxPolls = 5000): Promise<Record<string, unknown>> {
  for (let poll = 0; poll < maxPolls; poll += 1) {
    const response = await app.inject({ method: 'GET', url: `/api/v2/jobs/${id}`, headers: { authorization: `Bearer ${token}` } });
    const job = json(response) as Record<string, unknown>;
    if (response.statusCode !== 200) throw new Error(`job ${id}: ${response.body}`);
    if (job.status === 'completed' || job.status === 'failed') return job;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`job ${id} did not end`);
}

/** The connection's id, read from the database (not from the API under test). */
export async function connectionId(server: { dbPath: string }): Promise<string> {
  const [row] = await queryRows<{ id: string }>(server, 'SELECT id FROM connections');
  if (!row) throw new Error('no connection');
  return row.id;
}

export interface StoredUser {
  user_id: string;
  email: string;
  email_verified: number;
  password_hash: string;
  name: string | null;
  app_metadata: string;
  user_metadata: string;
}

export function storedUsers(server: { dbPath: string }): Promise<StoredUser[]> {
  return queryRows<StoredUser>(
    server,
    'SELECT user_id, email, CAST(email_verified AS INTEGER) AS email_verified, password_hash, name, app_metadata, user_metadata FROM users ORDER BY email',
  );
}

export function storedAuthenticators(server: { dbPath: string }): Promise<{ user_id: string; kind: string; active: number; secret_enc: string | null }[]> {
  return queryRows(server, 'SELECT user_id, kind, CAST(active AS INTEGER) AS active, secret_enc FROM authenticators ORDER BY user_id');
}
