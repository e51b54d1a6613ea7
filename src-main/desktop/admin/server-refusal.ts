import { AdminError, AdminErrorKind } from './types';

/**
 * Input the server refused (a 4xx answer, or a route it does not have): still `invalid_input` for the
 * console, which shows it by the form, but an operation that failed for `tessera admin` (exit 1), where
 * exit 2 means a usage mistake caught before any request. Its own file: the CLI tells them apart without
 * loading the SDK.
 */
export class ServerRefusalError extends AdminError {
  constructor(message: string) {
    super(AdminErrorKind.invalidInput, message);
  }
}
