import { transaction, type Tessera } from '../../context.js';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import {
  checkCustomHeaders,
  checkEndpoint,
  DEFAULT_CONTENT_FORMAT,
  DEFAULT_CONTENT_TYPE,
  logStreamView,
  MAX_LOG_STREAMS,
  newLogStreamId,
  sealAuthorization,
} from '../../services/log-streams.js';
import type { LogStream } from '../../store/log-streams.js';
import { CreateLogStream, LogStreamIdParams, LogStreamTestResult, LogStreamView, UpdateLogStream, type CreateLogStreamBody, type UpdateLogStreamBody } from './log-stream-schemas.js';
import { managementErrors } from './schemas.js';

type IdParams = Static<typeof LogStreamIdParams>;

/** Log streams (Auth0 Management API v2 "Log Streams"), HTTP sinks only. */
export const logStreamRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const findOr404 = async (t: Tessera, id: string): Promise<LogStream> => (await t.store.logStreams.find(id)) ?? (() => { throw ManagementErrors.logStreamNotFound(); })();
  const audit = async (t: Tessera, request: FastifyRequest, description: string, details: Record<string, unknown>) =>
    await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description, details });

  app.get('/log-streams', { config: { scopes: ['read:log_streams'] }, schema: { summary: 'Get log streams', response: { 200: Type.Array(LogStreamView), ...managementErrors } } }, async () =>
    (await t.store.logStreams.all()).map(logStreamView),
  );

  app.get<{ Params: IdParams }>(
    '/log-streams/:id',
    { config: { scopes: ['read:log_streams'] }, schema: { summary: 'Get a log stream by id (httpAuthorization is never returned)', params: LogStreamIdParams, response: { 200: LogStreamView, ...managementErrors } } },
    async (request) => logStreamView(await findOr404(t, request.params.id)),
  );

  app.post<{ Body: CreateLogStreamBody }>(
    '/log-streams',
    { config: { scopes: ['create:log_streams'] }, schema: { summary: 'Create an HTTP log stream (JSONARRAY, JSONLINES or JSONOBJECT)', body: CreateLogStream, response: { 200: LogStreamView, ...managementErrors } } },
    async (request) => {
      const { name, sink, filters } = request.body;
      const id = newLogStreamId(t);
      const stream: LogStream = {
        id,
        name,
        type: 'http',
        status: 'active',
        sink: {
          httpEndpoint: checkEndpoint(sink.httpEndpoint),
          httpContentType: sink.httpContentType ?? DEFAULT_CONTENT_TYPE,
          httpContentFormat: sink.httpContentFormat ?? DEFAULT_CONTENT_FORMAT,
          httpCustomHeaders: checkCustomHeaders(sink.httpCustomHeaders ?? []),
        },
        filters: filters ?? [],
        authorizationEnc: sealAuthorization(t, id, sink.httpAuthorization),
        cursorSeq: 0,
        failingSince: null,
        lastError: null,
        createdAt: t.clock.now(),
      };
      await transaction(t, async (t) => {
        if ((await t.store.logStreams.count()) >= MAX_LOG_STREAMS) throw ManagementErrors.invalidBody(`A tenant can have at most ${MAX_LOG_STREAMS} log streams.`);
        await audit(t, request, 'Create a log stream', { log_stream_id: id, name });
        // A new stream sends what happens from now on, starting with its own creation: the row just written
        // is the newest (audit rows take their seq in commit order: on PostgreSQL under a lock held until this
        // commit, on SQLite as its one writer), so the cursor sits just below it. Read before the audit row,
        // the cursor let in another request's row that took a seq in between (PostgreSQL).
        await t.store.logStreams.insert({ ...stream, cursorSeq: (await t.store.logStreams.lastLogSeq()) - 1 });
      });
      // Into the worker's list of streams now, not when it next reads the list.
      app.logStreamWorker.reset(id);
      return logStreamView(stream);
    },
  );

  app.patch<{ Params: IdParams; Body: UpdateLogStreamBody }>(
    '/log-streams/:id',
    { config: { scopes: ['update:log_streams'] }, schema: { summary: 'Update a log stream; status active resumes it from its cursor', params: LogStreamIdParams, body: UpdateLogStream, response: { 200: LogStreamView, ...managementErrors } } },
    async (request) => {
      const { name, status, sink, filters } = request.body;
      const next = await transaction(t, async (t) => {
        const stream = await findOr404(t, request.params.id);
        const { httpAuthorization, httpEndpoint, httpCustomHeaders, ...rest } = sink ?? {};
        const updated: LogStream = {
          ...stream,
          name: name ?? stream.name,
          status: status ?? stream.status,
          sink: {
            ...stream.sink,
            ...rest,
            ...(httpEndpoint === undefined ? {} : { httpEndpoint: checkEndpoint(httpEndpoint) }),
            ...(httpCustomHeaders === undefined ? {} : { httpCustomHeaders: checkCustomHeaders(httpCustomHeaders) }),
          },
          filters: filters ?? stream.filters,
          authorizationEnc: httpAuthorization === undefined ? stream.authorizationEnc : sealAuthorization(t, stream.id, httpAuthorization),
          // UNCERTAIN in Auth0's docs: whether events written while a stream is paused are sent on resume.
          // Tessera keeps the cursor through a pause, so they are: a self-hosted audit trail must not have gaps.
          // Resuming starts a new failure run: a suspended stream gets the full period again.
          failingSince: status === 'active' ? null : stream.failingSince,
        };
        await t.store.logStreams.update(updated);
        await audit(t, request, 'Update a log stream', { log_stream_id: stream.id, fields: Object.keys(request.body), ...(sink ? { sink: Object.keys(sink) } : {}) });
        return updated;
      });
      // Resumed or re-pointed: deliver from the cursor now rather than after the old backoff.
      if (next.status === 'active') app.logStreamWorker.reset(next.id);
      return logStreamView(next);
    },
  );

  app.post<{ Params: IdParams }>(
    '/log-streams/:id/test',
    {
      config: { scopes: ['update:log_streams'] },
      schema: {
        summary: "Tessera extension: send one test event (type tessera_log_stream_test) to the stream's endpoint now and report whether it was accepted; the stream's cursor and status are unchanged",
        params: LogStreamIdParams,
        response: { 200: LogStreamTestResult, ...managementErrors },
      },
    },
    // The request succeeded either way: whether the receiver accepted the event is the answer's `delivered`.
    async (request) => {
      const stream = await findOr404(t, request.params.id);
      // Recorded: an admin made the server call out, and to which stream.
      await audit(t, request, 'Send a test event to a log stream', { log_stream_id: stream.id });
      return app.logStreamWorker.test(stream);
    },
  );

  app.delete<{ Params: IdParams }>(
    '/log-streams/:id',
    { config: { scopes: ['delete:log_streams'] }, schema: { summary: 'Delete a log stream', params: LogStreamIdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      await transaction(t, async (t) => {
        if (!(await t.store.logStreams.remove(request.params.id))) throw ManagementErrors.logStreamNotFound();
        await audit(t, request, 'Delete a log stream', { log_stream_id: request.params.id });
      });
      return reply.code(204).send();
    },
  );
};
