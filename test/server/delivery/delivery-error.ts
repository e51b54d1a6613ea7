import { expect } from 'vitest';
import { DeliveryError } from '../../../server/delivery/types.js';

/** What a caller sees of a failed send, as a plain object to compare whole. */
export async function failureOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => expect.unreachable('the send should have failed'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  const failure = error as DeliveryError;
  return { name: failure.name, provider: failure.provider, retryable: failure.retryable, providerCode: failure.providerCode, message: failure.message };
}

/** Everything an error carries that could reach a log or a client, as one string to search. */
export function everythingIn(error: unknown): string {
  const e = error as Error;
  return [String(e), e.stack ?? '', JSON.stringify(e), JSON.stringify(Object.entries(e))].join('\n');
}
