/** How a one-time code reaches its user: the closed vocabulary of Auth0's `oob_channel` for codes. */
export const DELIVERY_CHANNELS = ['sms', 'voice', 'email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * Who carried it: Twilio's REST API, the admin's own webhook (`custom`), an SMTP server, or nobody: the
 * developer outbox (`outbox`) keeps the message for the admin console to show.
 */
export const DELIVERY_PROVIDERS = ['twilio', 'custom', 'smtp', 'outbox'] as const;
export type DeliveryProvider = (typeof DELIVERY_PROVIDERS)[number];

export interface DeliveryRequest {
  channel: DeliveryChannel;
  /** An E.164 number for sms/voice (validated by the caller), an address for email. */
  to: string;
  /** The one-time code itself: it goes into the message and nowhere else (no error, no log). */
  code: string;
  /** Auth0's `enrollment_message` or `verification_message`, with `{{code}}` (templates.ts). */
  template: string;
  /** The user's language (Auth0's `locale` template variable), e.g. `fr-FR`. */
  locale?: string;
  /** The tenant's friendly name, for `{{tenant.friendly_name}}`. */
  tenantName?: string;
  /** Email only, when the admin's `mfa_oob_code` template is created and enabled: it replaces `template`. */
  email?: EmailTemplateRequest;
}

/** The `mfa_oob_code` email template (Management API email templates) and its variables' values. */
export interface EmailTemplateRequest {
  subject: string;
  body: string;
  /** Empty: the server's TESSERA_MAIL_FROM. */
  from: string;
  userName?: string;
  /** The user's `user_metadata` and `app_metadata`, for `{{ user.user_metadata.* }}` (Auth0 documents both). */
  userMetadata?: Record<string, unknown>;
  appMetadata?: Record<string, unknown>;
  applicationName?: string;
}

export interface DeliveryResult {
  provider: DeliveryProvider;
  /** The provider's id for the message: Twilio's `SM…`/`CA…` sid, the SMTP Message-ID, the webhook's answer. */
  messageId: string;
}

/**
 * How the phone providers wait: between the webhook's attempts, and at most per request. Production
 * leaves both out (real timers, each provider's own timeout); tests inject them so a retry or a timeout
 * costs no wall time.
 */
export interface DeliveryIo {
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export interface CodeDelivery {
  send(request: DeliveryRequest): Promise<DeliveryResult>;
}

/**
 * A send that did not happen. `message` is the server's own words, safe to answer a client with and to
 * audit (Auth0's `provider_error`): it never quotes the provider's body, the code, a token or a secret.
 * `retryable` says whether the same request may succeed later (a 5xx, a timeout, a dropped connection).
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly provider: DeliveryProvider;
  readonly retryable: boolean;
  /** The provider's own error code when it gave one (Twilio's `21211`, an SMTP reply code). */
  readonly providerCode: string | undefined;

  constructor(provider: DeliveryProvider, message: string, options: { retryable: boolean; providerCode?: string | number }) {
    super(message);
    this.provider = provider;
    this.retryable = options.retryable;
    this.providerCode = options.providerCode === undefined ? undefined : String(options.providerCode);
  }
}
