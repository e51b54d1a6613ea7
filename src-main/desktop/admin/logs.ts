import type { ManagementClient } from 'auth0';
import { isStatus } from './admin-errors';
import { serializeLogs } from './log-export';
import { checkPaging, dateBounds, dateRangeTerm, inBounds, logSearch } from './log-query';
import { logEventView } from './log-view';
import type { ManagementCall } from './management-call';
import { sdkFetch } from './passthrough';
import type { Management } from 'auth0';
import { AdminError, AdminErrorKind, type ExportFormat, type LogEventView, type LogPage, type LogQuery, type LogTail, type LogTailRequest } from './types';

const SCAN_PAGE = 100;
/** An export or a date scan stops here: 10,000 events is past what a console view or a spreadsheet serves. */
const MAX_EVENTS = 10_000;

type Filters = Omit<LogQuery, 'page' | 'perPage'>;

async function listPage(client: ManagementClient, search: string | undefined, page: number, perPage: number) {
  const result = await client.logs.list({ page, per_page: perPage, include_totals: true, sort: 'date:-1', ...(search ? { search } : {}) });
  return { events: result.data.map(logEventView), total: (result.response as { total?: number }).total ?? result.data.length };
}

/**
 * Newest first, every page until the end, a date before the range, or the cap. Only the terms every
 * server takes (one type, a user) go to the server; several types and dates are matched here.
 */
async function scan(client: ManagementClient, filters: Filters): Promise<LogEventView[]> {
  const types = filters.types ?? [];
  const search = logSearch({ types: types.length > 1 ? [] : types, userId: filters.userId });
  const bounds = dateBounds(filters);
  const wanted = (e: LogEventView) => (types.length <= 1 || types.includes(e.type)) && (!bounds || inBounds(e, bounds));
  const found: LogEventView[] = [];
  for (let page = 0; found.length < MAX_EVENTS; page++) {
    const { events } = await listPage(client, search, page, SCAN_PAGE);
    found.push(...events.filter(wanted));
    const oldest = events.at(-1);
    if (events.length < SCAN_PAGE || (bounds && oldest && Date.parse(oldest.date) < bounds.from)) break;
  }
  return found.slice(0, MAX_EVENTS);
}

/**
 * Auth0 takes a date range and `OR` in the search; a server that refuses them (Tessera's search joins
 * terms with AND only) is scanned and filtered here instead.
 */
async function filteredPage(client: ManagementClient, query: LogQuery): Promise<LogPage> {
  const range = dateRangeTerm(query);
  const search = [logSearch(query), range].filter(Boolean).join(' AND ') || undefined;
  try {
    const { events, total } = await listPage(client, search, query.page, query.perPage);
    return { events, page: query.page, perPage: query.perPage, total };
  } catch (error) {
    if (!(range || query.types.length > 1) || !isStatus(error, 400)) throw error;
  }
  const all = await scan(client, query);
  return { events: all.slice(query.page * query.perPage, (query.page + 1) * query.perPage), page: query.page, perPage: query.perPage, total: all.length };
}

export function logOperations(call: ManagementCall) {
  return {
    logs(query: LogQuery): Promise<LogPage> {
      try {
        checkPaging(query.page, query.perPage);
        logSearch(query);
        dateBounds(query);
      } catch (error) {
        return Promise.reject(error);
      }
      return call((client) => filteredPage(client, query));
    },
    tailLogs(request: LogTailRequest): Promise<LogTail> {
      if (!Number.isInteger(request.take) || request.take < 1 || request.take > SCAN_PAGE) return Promise.reject(new AdminError(AdminErrorKind.invalidInput, `Take 1 to ${SCAN_PAGE} events`));
      return call(async (client, session) => {
        if (request.from === null) {
          // The first call starts the tail at the newest events, oldest of them first.
          const { events } = await listPage(client, undefined, 0, request.take);
          return { events: events.reverse(), checkpoint: events.at(-1)?.logId ?? null };
        }
        // Auth0's checkpoint paging (`from` + `take`): the SDK's logs.list has no such parameters.
        const body = await sdkFetch(session, 'logs', { method: 'GET', query: { from: request.from, take: String(request.take) } });
        const events = (Array.isArray(body) ? (body as Management.Log[]) : []).map(logEventView);
        return { events, checkpoint: events.at(-1)?.logId ?? request.from };
      });
    },
    exportLogs(filters: Filters, format: ExportFormat): Promise<string> {
      if (format !== 'json' && format !== 'csv') return Promise.reject(new AdminError(AdminErrorKind.invalidInput, 'Export as JSON or CSV'));
      try {
        logSearch(filters);
        dateBounds(filters);
      } catch (error) {
        return Promise.reject(error);
      }
      return call(async (client) => serializeLogs(await scan(client, filters), format));
    },
    userLogs(userId: string, take: number): Promise<LogEventView[]> {
      if (!Number.isInteger(take) || take < 1 || take > SCAN_PAGE) return Promise.reject(new AdminError(AdminErrorKind.invalidInput, `Take 1 to ${SCAN_PAGE} events`));
      return call(async (client) => {
        const page = await client.users.logs.list(userId, { page: 0, per_page: take, sort: 'date:-1', include_totals: true });
        return page.data.map(logEventView);
      });
    },
  };
}
