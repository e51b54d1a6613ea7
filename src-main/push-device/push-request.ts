import { PushDeviceError } from './errors';
import type { SseEvent } from './sse-parser';

/** Tessera's login context, added to the Guardian notification for the approval screen. */
export interface TesseraPushContext {
  client_name: string | null;
  ip: string | null;
  user_agent: string | null;
  requested_at: string | null;
  /** Three 2-digit strings, one of them shown on the login screen; null when number matching is off. */
  number_choices: string[] | null;
  /** When the server stops accepting an answer (ISO 8601); null from servers that do not say. */
  expires_at: string | null;
}

/** The Guardian notification shape (https://github.com/auth0/Guardian.swift `AuthenticationNotification.swift`; `s`/`l` as objects, or JSON strings as in https://github.com/auth0/Guardian.Android `ParcelableNotification.java`). */
export interface PushNotification {
  dai: string;
  txtkn: string;
  c: string;
  d: string | null;
  sh: string | null;
  s: { b?: { n?: string; v?: string }; os?: { n?: string; v?: string } } | null;
  l: { n?: string; lat?: string; long?: string } | null;
  tessera: TesseraPushContext;
}

export interface PushRequest {
  /** The SSE `id` (the transaction id), or the transaction token when the server sent none. */
  transactionId: string;
  notification: PushNotification;
}

export const PUSH_EVENT_TYPES: readonly string[] = ['push', 'message'];
export const MATCHING_NUMBER = /^[0-9]{2}$/;

type Json = Record<string, unknown>;

const optionalString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function requiredString(body: Json, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new PushDeviceError(`push event has no ${field}`);
  return value;
}

function objectOrJson(value: unknown): Json | null {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function parseNumberChoices(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || !value.every((n) => typeof n === 'string' && MATCHING_NUMBER.test(n))) {
    throw new PushDeviceError('push event number_choices must be 2-digit strings');
  }
  return value as string[];
}

function parseContext(value: unknown): TesseraPushContext {
  const context = objectOrJson(value) ?? {};
  return {
    client_name: optionalString(context.client_name),
    ip: optionalString(context.ip),
    user_agent: optionalString(context.user_agent),
    requested_at: optionalString(context.requested_at),
    number_choices: parseNumberChoices(context.number_choices),
    expires_at: optionalString(context.expires_at),
  };
}

/** Validates an SSE event's JSON into a `PushRequest`; throws `PushDeviceError` for anything malformed. */
export function parsePushEvent(event: SseEvent): PushRequest {
  let json: unknown;
  try {
    json = JSON.parse(event.data);
  } catch {
    throw new PushDeviceError('push event data is not JSON');
  }
  const body = objectOrJson(json);
  if (!body) throw new PushDeviceError('push event data is not a JSON object');
  const notification: PushNotification = {
    dai: requiredString(body, 'dai'),
    txtkn: requiredString(body, 'txtkn'),
    c: requiredString(body, 'c'),
    d: optionalString(body.d),
    sh: optionalString(body.sh),
    s: objectOrJson(body.s),
    l: objectOrJson(body.l),
    tessera: parseContext(body.tessera),
  };
  return { transactionId: event.lastEventId || notification.txtkn, notification };
}

/** Tessera's `resolved` event: a request this device was sent is settled and should leave the screen. */
export interface PushResolution {
  /** The device account (`dai`) and the challenge (`c`, the request's `transactionId`). */
  enrollmentId: string;
  transactionId: string;
  status: 'accepted' | 'rejected';
}

export const RESOLVED_EVENT_TYPE = 'resolved';

export function parseResolvedEvent(event: SseEvent): PushResolution {
  let body: Json | null;
  try {
    body = objectOrJson(JSON.parse(event.data));
  } catch {
    body = null;
  }
  if (!body) throw new PushDeviceError('resolved event data is not a JSON object');
  const status = body.status;
  if (status !== 'accepted' && status !== 'rejected') throw new PushDeviceError('resolved event has no valid status');
  return { enrollmentId: requiredString(body, 'dai'), transactionId: requiredString(body, 'c'), status };
}
