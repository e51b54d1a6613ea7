import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { IMPORT_FILE_LIMIT } from '../../config.js';
import { ManagementError, ManagementErrors } from '../../errors.js';
import { createImportJob, importJobView } from '../../services/users-import-job.js';
import { ImportJob } from './job-schemas.js';
import { managementErrors } from './schemas.js';

const CONNECTION_ID = /^con_[A-Za-z0-9]{16}$/;
const FIELD_SIZE = 1024;
const FIELDS = ['connection_id', 'upsert', 'external_id', 'send_completion_email'] as const;
type Field = (typeof FIELDS)[number];

const invalid = (detail: string) => ManagementErrors.invalidBody(`Payload validation error: ${detail}.`);

interface Upload {
  fields: Partial<Record<Field, string>>;
  file: Buffer | undefined;
}

/** Reads the multipart body: one `users` file and Auth0's text fields; anything else is refused. */
async function readUpload(request: FastifyRequest, limit: number): Promise<Upload> {
  const upload: Upload = { fields: {}, file: undefined };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'users' || upload.file) throw invalid(`'Additional properties not allowed: ${part.fieldname}'`);
        upload.file = await part.toBuffer();
      } else {
        if (!(FIELDS as readonly string[]).includes(part.fieldname)) throw invalid(`'Additional properties not allowed: ${part.fieldname}'`);
        // busboy cuts a value at fieldSize silently: a cut value is refused, never used.
        if (part.valueTruncated) throw invalid(`'String is too long (more than ${FIELD_SIZE} bytes)' on property ${part.fieldname}`);
        upload.fields[part.fieldname as Field] = String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof ManagementError) throw error;
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) throw ManagementErrors.importFileTooLarge(limit);
    // Only the multipart parser runs in this loop: whatever else it throws (a truncated or malformed
    // body, too many parts) is the client's body, not a server fault.
    throw invalid("'The body is not valid multipart/form-data'");
  }
  return upload;
}

function booleanField(fields: Upload['fields'], name: Field, fallback: boolean): boolean {
  const value = fields[name];
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw invalid(`'Expected type boolean but found type string' on property ${name}`);
  return value === 'true';
}

/** The file must be a JSON array of users (Auth0's import file); rows are checked one by one by the job. */
function parseUsers(file: Buffer): { text: string; count: number } {
  const text = file.toString('utf8');
  let users: unknown;
  try {
    users = JSON.parse(text);
  } catch {
    throw invalid("'Users file must be valid JSON' on property users");
  }
  if (!Array.isArray(users)) throw invalid("'Users file must be an array' on property users");
  return { text, count: users.length };
}

/** `POST /jobs/users-imports` (Auth0 "Create import users job"): multipart, in its own scope so only this route parses multipart. */
export const usersImportRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const limit = t.config.importFileLimit ?? IMPORT_FILE_LIMIT;
  await app.register(multipart, { limits: { fileSize: limit, files: 1, fields: FIELDS.length, fieldSize: FIELD_SIZE, parts: FIELDS.length + 1 } });

  app.post(
    '/jobs/users-imports',
    { config: { scopes: ['create:users'] }, schema: { response: { 202: ImportJob, ...managementErrors, 413: managementErrors[400] } } },
    async (request, reply) => {
      if (!request.isMultipart()) throw invalid("'Missing required property: users'");
      const { fields, file } = await readUpload(request, limit);
      if (!file) throw invalid("'Missing required property: users'");
      const connectionId = fields.connection_id;
      if (connectionId === undefined) throw invalid("'Missing required property: connection_id'");
      if (!CONNECTION_ID.test(connectionId)) throw invalid(`'String does not match pattern ${CONNECTION_ID.source}' on property connection_id`);
      const upsert = booleanField(fields, 'upsert', false);
      const sendCompletionEmail = booleanField(fields, 'send_completion_email', true);
      const connection = await t.store.connections.find(connectionId);
      if (!connection) throw ManagementErrors.connectionNotFound();
      const { text, count } = parseUsers(file);
      const params = {
        connection_id: connection.id,
        connection: connection.name,
        upsert,
        ...(fields.external_id !== undefined ? { external_id: fields.external_id } : {}),
        send_completion_email: sendCompletionEmail,
        initiator: request.management?.clientId ?? null,
      };
      const job = await createImportJob(t, params, text, count);
      app.jobRunner.kick();
      return reply.code(202).send(importJobView(job));
    },
  );
};
