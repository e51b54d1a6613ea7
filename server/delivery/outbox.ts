import type { SecretBox } from '../crypto/secret-box.js';
import { randomHex } from '../crypto/random.js';
import type { Clock, Random } from '../deps.js';
import type { OutboxMessage, OutboxRepo } from '../store/outbox.js';
import { codeEmail } from './email-code.js';
import { characterCount, MAX_SMS_BODY_CHARS, renderText, templateProblem } from './templates.js';
import { DeliveryError, type CodeDelivery, type DeliveryRequest } from './types.js';

/** How many messages the outbox keeps: a developer reads the last few; more is only a pile of codes. */
export const OUTBOX_KEEP = 500;
/** And for how long: a code lives minutes, so a day covers any session of testing. */
export const OUTBOX_RETENTION_MS = 24 * 60 * 60 * 1000;

/** What is sealed: the message as the recipient would read it, and its code apart (for a copy button). */
export interface OutboxContent {
  message: string;
  code: string;
  /** Email only: the subject line. */
  subject?: string;
}

const aad = (id: string) => `outbox_messages:${id}`;

/** The message as each channel's provider would carry it, refused where that provider would refuse it. */
function render(request: DeliveryRequest): OutboxContent {
  const problem = request.channel === 'email' && request.email ? null : templateProblem(request.template);
  if (problem !== null) throw new DeliveryError('outbox', `The message template cannot be used: ${problem}`, { retryable: false });
  if (request.channel === 'email') {
    const email = codeEmail(request, 'outbox');
    return { message: email.text, code: request.code, subject: email.subject };
  }
  const message = renderText(request.template, { code: request.code, channel: request.channel, locale: request.locale, tenantName: request.tenantName });
  if (request.channel === 'sms' && characterCount(message) > MAX_SMS_BODY_CHARS) {
    throw new DeliveryError('outbox', `The SMS template renders longer than ${MAX_SMS_BODY_CHARS} characters.`, { retryable: false });
  }
  return { message, code: request.code };
}

// Only deliveries made here answer true, so the outbox's read API cannot be switched on by a look-alike.
const outboxes = new WeakSet<CodeDelivery>();

/** Whether a server's `codeDelivery` is the developer outbox (its read API exists only then). */
export const isOutboxDelivery = (delivery: CodeDelivery | undefined): boolean => delivery !== undefined && outboxes.has(delivery);

export interface OutboxDeps {
  /** The store itself, not a transaction: a kept message stays, as a sent SMS would, if the caller rolls back. */
  store: { outbox: OutboxRepo };
  secrets: SecretBox;
  clock: Clock;
  random: Random;
}

/**
 * The developer outbox: renders each message as its provider would and keeps it, sealed under the data
 * key, instead of sending it; the admin console and `tessera admin outbox` show it. Older messages go as
 * new ones arrive (OUTBOX_KEEP, OUTBOX_RETENTION_MS).
 */
export function createOutboxDelivery(deps: OutboxDeps): CodeDelivery {
  const delivery: CodeDelivery = {
    async send(request) {
      const content = render(request);
      const id = `msg_${randomHex(deps.random, 12)}`;
      const now = deps.clock.now();
      await deps.store.outbox.insert({ id, channel: request.channel, recipient: request.to, messageEnc: deps.secrets.encrypt(JSON.stringify(content), aad(id)), createdAt: now });
      await deps.store.outbox.purge(now - OUTBOX_RETENTION_MS, OUTBOX_KEEP);
      return { provider: 'outbox', messageId: id };
    },
  };
  outboxes.add(delivery);
  return delivery;
}

/** A kept message's content; a row sealed for another id (or under another key) does not open. */
export function openOutboxMessage(secrets: SecretBox, message: Pick<OutboxMessage, 'id' | 'messageEnc'>): OutboxContent {
  return JSON.parse(secrets.decrypt(message.messageEnc, aad(message.id))) as OutboxContent;
}
