import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { isMatchAll, QuerySyntaxError } from '../../services/lucene.js';
import { parseUserQuery, USER_QUERY_DESCRIPTION } from '../../services/user-query.js';
import { createResetJob, jobView } from '../../services/mfa-reset-job.js';
import { importJobView } from '../../services/users-import-job.js';
import { exportJobView } from '../../services/users-export-job.js';
import type { Tessera } from '../../context.js';
import type { JobRow } from '../../store/jobs.js';
import { ExportJob, ImportJob, JobRowErrors } from './job-schemas.js';
import { managementErrors } from './schemas.js';

/** Beyond Auth0: bulk MFA reset, by user ids or a user search, with a dry run that lists what would go. */
const ResetBody = Type.Object(
  {
    user_ids: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10_000, uniqueItems: true })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: USER_QUERY_DESCRIPTION })),
    dry_run: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const ResetResult = Type.Object({ user_id: Type.String(), email: Type.Union([Type.String(), Type.Null()]), authenticators: Type.Array(Type.Object({ id: Type.String(), type: Type.String() })) });
const Job = Type.Object({
  id: Type.String(),
  type: Type.Literal('mfa_reset'),
  status: Type.Union([Type.Literal('pending'), Type.Literal('processing'), Type.Literal('completed'), Type.Literal('failed')]),
  dry_run: Type.Boolean(),
  created_at: Type.String(),
  completed_at: Type.Optional(Type.String()),
  summary: Type.Object({ total: Type.Integer(), processed: Type.Integer(), authenticators_removed: Type.Integer() }),
  results: Type.Array(ResetResult),
});
const JobParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const AnyJob = Type.Union([Job, ImportJob, ExportJob]);

function anyJobView(t: Tessera, row: JobRow): Record<string, unknown> {
  if (row.type === 'users_import') return importJobView(row);
  if (row.type === 'users_export') return exportJobView(t, row);
  return jobView(row);
}
const NO_TERM = 'q has no search term; to select every user, send q "*:*"';

/** Auth0 "Get a job" (https://auth0.com/docs/api/management/v2/jobs/get-jobs-by-id): create:users or read:users. */
const USER_JOB_SCOPES = ['create:users', 'read:users'] as const;

export const jobRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;

  app.post<{ Body: Static<typeof ResetBody> }>(
    '/jobs/mfa-reset',
    { config: { scopes: ['delete:guardian_enrollments'] }, schema: { body: ResetBody, response: { 201: Job, ...managementErrors } } },
    async (request, reply) => {
      const { user_ids: ids, q, dry_run: dryRun = false } = request.body;
      if ((ids === undefined) === (q === undefined)) throw ManagementErrors.invalidBody('Payload validation error: exactly one of user_ids or q is required.');
      let userIds = ids ?? [];
      if (q !== undefined) {
        try {
          const terms = parseUserQuery(q);
          // A blank query selects everyone by accident; a reset of every user must say `*:*`.
          if (terms.length === 0 && !isMatchAll(q)) throw new QuerySyntaxError(NO_TERM);
          const search = { terms, sort: { field: 'created_at', descending: false }, offset: 0, limit: 10_000 } as const;
          userIds = (await t.store.users.search(search)).users.map((user) => user.user_id);
        } catch (error) {
          if (error instanceof QuerySyntaxError) throw ManagementErrors.invalidBody(`Payload validation error: ${error.message}.`);
          throw error;
        }
      }
      const found = await Promise.all(userIds.map((id) => t.store.users.find(id)));
      const unknown = userIds.find((_id, index) => !found[index]);
      if (unknown !== undefined) throw ManagementErrors.invalidBody(`Payload validation error: unknown user_id ${unknown}.`);
      const job = await createResetJob(t, { user_ids: userIds, dry_run: dryRun, initiator: request.management?.clientId ?? null });
      if (!dryRun) app.jobRunner.kick();
      return reply.code(201).send(jobView(job));
    },
  );

  app.get<{ Params: Static<typeof JobParams> }>(
    '/jobs/:id',
    // Auth0 "Get a job": create:users or read:users; the reset jobs are also read with the scope that made them.
    { config: { scopes: [...USER_JOB_SCOPES, 'delete:guardian_enrollments'] }, schema: { params: JobParams, response: { 200: AnyJob, ...managementErrors } } },
    async (request) => {
      const job = await t.store.jobs.find(request.params.id);
      if (!job) throw ManagementErrors.jobNotFound();
      // delete:guardian_enrollments reads the reset jobs it may make, nothing else: an export job's answer
      // carries a link to every user's record, which needs read:users.
      const granted = request.management?.scopes ?? [];
      if (job.type !== 'mfa_reset' && !USER_JOB_SCOPES.some((scope) => granted.includes(scope))) throw ManagementErrors.insufficientScope(USER_JOB_SCOPES);
      return anyJobView(t, job);
    },
  );

  app.get<{ Params: Static<typeof JobParams> }>(
    '/jobs/:id/errors',
    // Auth0 "Get job error details": the refused rows of an import, or the job itself when there are none.
    { config: { scopes: [...USER_JOB_SCOPES] }, schema: { params: JobParams, response: { 200: Type.Union([JobRowErrors, ImportJob, ExportJob, Job]), ...managementErrors } } },
    async (request) => {
      const job = await t.store.jobs.find(request.params.id);
      if (!job) throw ManagementErrors.jobNotFound();
      const errors = await t.store.jobs.errors(job.id);
      if (errors.length === 0) return anyJobView(t, job);
      return errors.map((body) => JSON.parse(body) as unknown);
    },
  );
};
