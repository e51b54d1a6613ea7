import type { UserError } from '../../../src-main/ipc/contract';

/**
 * A failed admin call as the page shows it. Main's messages already say what to do ("check the URL and
 * that the server is running"); the page only ends them as sentences.
 */
export function describeAdminError(error: UserError): string {
  const message = error.message.trim();
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** What a polling hook reports when the preload bridge itself rejected (main never answered). */
export const BRIDGE_FAILED: UserError = { kind: 'failed', message: 'Tessera could not reach its main process.' };
