import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { parseQuery, QuerySyntaxError } from '../../services/lucene.js';
import { LogEvent, logView } from '../../services/log-view.js';
import { parseQueryDate } from '../../services/query-dates.js';
import type { LogFilter } from '../../store/queries.js';
import { managementErrors, MAX_PER_PAGE, PagingQuery, UserIdParams } from './schemas.js';

const LOG_QUERY_DESCRIPTION =
  'Lucene-style log search: field:value, field:"exact value" or field:prefix* over type, user_id, client_id, user_name, ip, ' +
  'log_id, joined by whitespace or AND; a group (type:a OR type:b); date ranges date:[2026-01-01 TO 2026-01-31] ({…} exclusive, * open).';

const LogPage = Type.Object({ start: Type.Integer(), limit: Type.Integer(), length: Type.Integer(), total: Type.Integer(), logs: Type.Array(LogEvent) });
const Sort = Type.Union([Type.Literal('date:1'), Type.Literal('date:-1')]);
const LogsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 1000, description: LOG_QUERY_DESCRIPTION })),
    /** What auth0@7's `logs.list` sends for Auth0's documented `q`; the same query under another name. */
    search: Type.Optional(Type.String({ maxLength: 1000, description: 'The same as q (auth0@7 sends this name); not both.' })),
    ...PagingQuery,
    sort: Type.Optional(Sort),
    from: Type.Optional(Type.String({ minLength: 1 })),
    take: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE })),
  },
  { additionalProperties: false },
);
const UserLogsQuery = Type.Object(
  {
    ...PagingQuery,
    sort: Type.Optional(Sort),
  },
  { additionalProperties: false },
);
const LogIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

const QUERY_FIELDS = ['type', 'user_id', 'client_id', 'user_name', 'ip', 'log_id'] as const;

/** The filter for a log search `q`; a date bound that is no date is refused here, before the store sees it. */
function parseLogQuery(q: string | undefined): LogFilter {
  const terms = parseQuery(q ?? '', { fields: QUERY_FIELDS, ranges: ['date'] });
  for (const { range } of terms) {
    if (range?.from != null) parseQueryDate(range.from, false);
    if (range?.to != null) parseQueryDate(range.to, false);
  }
  return { terms };
}

/** Runs a log read; a query the parser or the store refuses is an invalid query (400), never a 500. */
async function invalidQueryAs400<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw ManagementErrors.invalidQuery(`Query validation error: ${error.message}.`);
    throw error;
  }
}

/** The audit log: GET /logs (page or checkpoint), GET /logs/{id}, GET /users/{id}/logs. */
export const logRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;

  app.get<{ Querystring: Static<typeof LogsQuery> }>(
    '/logs',
    { config: { scopes: ['read:logs'] }, schema: { querystring: LogsQuery, response: { 200: Type.Union([Type.Array(LogEvent), LogPage]), ...managementErrors } } },
    async (request) => {
      const { q, search, page = 0, per_page: perPage = 50, include_totals: includeTotals = false, sort = 'date:-1', from, take } = request.query;
      // Two spellings of one query: which one would win is a guess, so a request with both is refused.
      if (q !== undefined && search !== undefined) throw ManagementErrors.invalidQuery('Query validation error: use q or search, not both.');
      const query = await invalidQueryAs400(async () => parseLogQuery(q ?? search));
      if (from !== undefined || take !== undefined) {
        // Checkpoint paging (Auth0 "from" + "take"): entries after the one named, oldest first.
        const anchor = from === undefined ? undefined : (await t.store.logs.find(from));
        if (from !== undefined && !anchor) throw ManagementErrors.invalidQuery('Query validation error: unknown log_id in from.');
        return (await invalidQueryAs400(() => t.store.logs.after(query, anchor?.seq ?? 0, take ?? 50))).map(logView);
      }
      const result = await invalidQueryAs400(() => t.store.logs.page(query, page * perPage, perPage, sort === 'date:1', includeTotals));
      const logs = result.logs.map(logView);
      return includeTotals ? { start: page * perPage, limit: perPage, length: logs.length, total: result.total ?? 0, logs } : logs;
    },
  );

  app.get<{ Params: Static<typeof LogIdParams> }>(
    '/logs/:id',
    { config: { scopes: ['read:logs'] }, schema: { params: LogIdParams, response: { 200: LogEvent, ...managementErrors } } },
    async (request) => {
      const row = await t.store.logs.find(request.params.id);
      if (!row) throw ManagementErrors.logNotFound();
      return logView(row);
    },
  );

  app.get<{ Params: Static<typeof UserIdParams>; Querystring: Static<typeof UserLogsQuery> }>(
    '/users/:id/logs',
    { config: { scopes: ['read:logs', 'read:logs_users'] }, schema: { params: UserIdParams, querystring: UserLogsQuery, response: { 200: Type.Union([Type.Array(LogEvent), LogPage]), ...managementErrors } } },
    async (request) => {
      if (!(await t.store.users.find(request.params.id))) throw ManagementErrors.userNotFound();
      const { page = 0, per_page: perPage = 50, include_totals: includeTotals = false, sort = 'date:-1' } = request.query;
      const result = await t.store.logs.page({ userId: request.params.id }, page * perPage, perPage, sort === 'date:1', includeTotals);
      const logs = result.logs.map(logView);
      return includeTotals ? { start: page * perPage, limit: perPage, length: logs.length, total: result.total ?? 0, logs } : logs;
    },
  );
};
