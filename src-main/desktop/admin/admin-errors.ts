import { ManagementError, ManagementTimeoutError } from 'auth0';
import { KeyringUnavailableError } from '../../vault';
import { networkFailure, NetworkFailure } from './network-failure';
import { AdminError, AdminErrorKind } from './types';
import { ServerRefusalError } from './server-refusal';

export const REFUSED_CREDENTIALS = "The client's credentials were refused: log in again";

/** What the server said, from a Management error body (`message`) or an OAuth one (`error_description`). */
function serverMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { message, error_description: description } = body as { message?: unknown; error_description?: unknown };
  if (typeof message === 'string' && message) return message;
  return typeof description === 'string' && description ? description : null;
}

const unreachable = (where: string) => new AdminError(AdminErrorKind.unreachable, `Could not reach ${where}: check the URL and that the server is running`);

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ManagementError && error.statusCode === status;
}

/** Every failure, as an AdminError whose message says what to do. Secrets never reach a message: bodies are the server's. */
export function toAdminError(error: unknown, where: string): AdminError {
  if (error instanceof AdminError) return error;
  if (error instanceof KeyringUnavailableError) return new AdminError(AdminErrorKind.notConnected, error.message);
  const network = error instanceof ManagementTimeoutError ? NetworkFailure.timeout : networkFailure(error);
  if (network === NetworkFailure.timeout) return new AdminError(AdminErrorKind.unreachable, `${where} did not answer in time: check the server and retry`);
  if (network === NetworkFailure.unreachable) return unreachable(where);
  if (!(error instanceof ManagementError)) {
    // A bug, not a failure an admin can act on: its stack is what a fix needs.
    console.error('[admin] unexpected failure', error);
    return new AdminError(AdminErrorKind.failed, 'The operation failed unexpectedly; see the app log');
  }
  const said = serverMessage(error.body);
  switch (error.statusCode) {
    case undefined:
    case 408:
      return unreachable(where);
    case 401:
      return new AdminError(AdminErrorKind.unauthorized, REFUSED_CREDENTIALS);
    case 403:
      return new AdminError(AdminErrorKind.forbidden, `The admin client lacks a permission${said ? ` (${said})` : ''}: grant it the Management API scopes`);
    case 404:
      return new AdminError(AdminErrorKind.notFound, said ?? 'Not found: it may have been removed; refresh and retry');
    case 429:
      return new AdminError(AdminErrorKind.rateLimited, 'The server is rate limiting requests: wait a moment and retry');
    default:
      if (error.statusCode >= 400 && error.statusCode < 500) return new ServerRefusalError(said ?? `The server refused the request (${error.statusCode})`);
      return new AdminError(AdminErrorKind.failed, `${where} failed (${error.statusCode}): retry, or check the server's log`);
  }
}
