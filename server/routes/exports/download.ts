import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { isValidExportLink } from '../../services/users-export-job.js';
import { managementErrors } from '../management/schemas.js';

const FileParams = Type.Object({ file: Type.String({ pattern: '^job_[A-Za-z0-9]{16}\\.(json|csv)\\.gz$' }) });
const LinkQuery = Type.Object({ expires: Type.Integer({ minimum: 0 }), signature: Type.String({ minLength: 1, maxLength: 100 }) });

/** A finished export's gzipped file, for whoever holds a valid, unexpired link from `GET /api/v2/jobs/{id}`. */
export const exportDownloadRoute: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.get<{ Params: Static<typeof FileParams>; Querystring: Static<typeof LinkQuery> }>(
    '/:file',
    // Not a Management API operation (no bearer, no scope): the link from `GET /jobs/{id}` is its documentation.
    { schema: { params: FileParams, querystring: LinkQuery, response: managementErrors, hide: true } },
    async (request, reply) => {
      const [jobId = '', format] = request.params.file.split('.');
      // One answer for a bad signature, an expired link and a missing file: a link either works or it does not.
      const content = isValidExportLink(t, request.params.file, request.query.expires, request.query.signature) ? (await t.store.jobs.file(jobId, 'export')) : undefined;
      if (!content) throw ManagementErrors.invalidToken('The download link is invalid or has expired.');
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${jobId}.${format}.gz"`)
        .send(content);
    },
  );
};
