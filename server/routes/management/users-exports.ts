import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { DEFAULT_EXPORT_FIELDS } from '../../services/export-format.js';
import { createExportJob, exportJobView } from '../../services/users-export-job.js';
import { ExportField, ExportJob } from './job-schemas.js';
import { managementErrors } from './schemas.js';

/**
 * Auth0 documents `limit` as an integer with `x >= 1` and no upper bound
 * (https://auth0.com/docs/api/management/v2/jobs/post-users-exports). The bound here is the largest
 * integer a JSON number carries exactly: past it a limit is echoed and stored imprecisely, and Ajv
 * takes `1e400` (Infinity) for an integer, which then cannot be serialized or stored. No tenant holds
 * that many users, so the bound refuses nothing a caller could mean.
 */
export const EXPORT_LIMIT_MAX = Number.MAX_SAFE_INTEGER;

/** Auth0 "Create export users job"; Auth0 allows at most 30 fields per export. */
const ExportBody = Type.Object(
  {
    connection_id: Type.Optional(Type.String({ pattern: '^con_[A-Za-z0-9]{16}$' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: EXPORT_LIMIT_MAX })),
    fields: Type.Optional(Type.Array(ExportField, { minItems: 1, maxItems: 30 })),
  },
  { additionalProperties: false },
);

export const usersExportRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;

  app.post<{ Body: Static<typeof ExportBody> }>(
    '/jobs/users-exports',
    { config: { scopes: ['read:users'] }, schema: { body: ExportBody, response: { 201: ExportJob, ...managementErrors } } },
    async (request, reply) => {
      const body = request.body ?? {};
      // One connection holds every user: leaving it out exports the same users as naming it.
      const connection = body.connection_id === undefined ? (await t.store.connections.all())[0] : (await t.store.connections.find(body.connection_id));
      if (!connection) throw ManagementErrors.connectionNotFound();
      const job = await createExportJob(t, {
        connection_id: connection.id,
        connection: connection.name,
        format: body.format ?? 'json',
        ...(body.limit !== undefined ? { limit: body.limit } : {}),
        fields: body.fields ?? DEFAULT_EXPORT_FIELDS,
        initiator: request.management?.clientId ?? null,
      });
      app.jobRunner.kick();
      return reply.code(201).send(exportJobView(t, job));
    },
  );
};
