import type { FastifyInstance } from 'fastify';
import { createCustomWebhookDelivery } from '../delivery/custom-webhook.js';
import { createEmailCodeDelivery } from '../delivery/email-code.js';
import { createTwilioDelivery, twilioApiUrl } from '../delivery/twilio.js';
import { DeliveryError, type CodeDelivery, type DeliveryIo } from '../delivery/types.js';
import type { OobCodeChannel } from '../store/oob-codes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** ServerDeps.codeDelivery: when set, every code goes there instead of the configured provider. */
    codeDelivery: CodeDelivery | undefined;
    /** ServerDeps.deliveryIo: the phone providers' waits (empty: real timers and their own timeouts). */
    deliveryIo: DeliveryIo;
  }
}

/** Purposes the phone provider's secrets are sealed under (the data key's AEAD associated data). */
export const TWILIO_TOKEN_PURPOSE = 'guardian-phone:twilio-auth-token';
export const WEBHOOK_SECRET_PURPOSE = 'guardian-phone:custom-webhook-secret';

const notConfigured = (provider: 'twilio' | 'custom' | 'smtp', what: string) =>
  new DeliveryError(provider, `${what} is not configured on this server.`, { retryable: false });

/**
 * The carrier for a channel as configured now: the injected one (the developer outbox) if any; else
 * SMS and voice through the selected phone provider (Twilio at `TESSERA_TWILIO_API_URL`, or the custom
 * webhook), email through the server's Mailer (`TESSERA_SMTP_URL`). Read per send, so a provider the
 * admin just configured is used by the next code.
 */
export async function codeDeliveryFor(app: FastifyInstance, channel: OobCodeChannel): Promise<CodeDelivery> {
  if (app.codeDelivery) return app.codeDelivery;
  const t = app.tessera;
  if (channel === 'email') {
    if (!app.mailer) throw notConfigured('smtp', 'Email delivery (TESSERA_SMTP_URL)');
    return createEmailCodeDelivery(app.mailer);
  }
  const config = await t.store.guardianPhone.get();
  if (config.provider === 'custom') {
    if (!config.custom) throw notConfigured('custom', 'The custom phone provider');
    const secret = t.secrets.decrypt(config.custom.secret_enc, WEBHOOK_SECRET_PURPOSE);
    return createCustomWebhookDelivery({ url: config.custom.url, secret, clock: t.clock, ...app.deliveryIo });
  }
  const twilio = config.twilio;
  if (!twilio?.sid || !twilio.auth_token_enc || (!twilio.from && !twilio.messaging_service_sid)) throw notConfigured('twilio', 'The Twilio provider');
  return createTwilioDelivery({
    apiUrl: twilioApiUrl(),
    accountSid: twilio.sid,
    authToken: t.secrets.decrypt(twilio.auth_token_enc, TWILIO_TOKEN_PURPOSE),
    ...(twilio.from ? { from: twilio.from } : {}),
    ...(twilio.messaging_service_sid ? { messagingServiceSid: twilio.messaging_service_sid } : {}),
    timeoutMs: app.deliveryIo.timeoutMs,
  });
}
