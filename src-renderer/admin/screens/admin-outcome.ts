import type { UserError } from '../../../src-main/ipc/contract';

/** What to do next for each way an admin call fails, said after main's own message. */
const NEXT_STEP: Record<string, string> = {
  not_connected: 'Choose a connection in the bar above.',
  unauthorized: 'The connection’s client secret was refused: add the connection again with the current secret.',
  forbidden: 'Grant the connection’s client the Management API scope this needs, then try again.',
  unreachable: 'Check that the server is running and the address is right, then try again.',
  rate_limited: 'The server is limiting requests: wait a moment, then try again.',
};

/** Main's message for a failed admin call, plus the step that fixes it when there is a usual one. */
export function describeAdminError(error: UserError): string {
  const step = NEXT_STEP[error.kind];
  return step === undefined || error.message.includes(step) ? error.message : `${error.message} ${step}`;
}
