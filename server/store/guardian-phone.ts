/** Message types of the phone factor (https://auth0.com/docs/api/management/v2/guardian/get-message-types). */
export const PHONE_MESSAGE_TYPES = ['sms', 'voice'] as const;
export type PhoneMessageType = (typeof PHONE_MESSAGE_TYPES)[number];

/** `twilio` as Auth0 names it; `custom` is Tessera's signed webhook (server/delivery/custom-webhook.ts). */
export const PHONE_PROVIDERS = ['twilio', 'custom'] as const;
export type PhoneProvider = (typeof PHONE_PROVIDERS)[number];

export interface TwilioSettings {
  sid: string | null;
  /** Sealed with the data key; never answered. */
  auth_token_enc: string | null;
  from: string | null;
  messaging_service_sid: string | null;
}

export interface CustomWebhookSettings {
  url: string;
  /** Sealed with the data key; never answered. */
  secret_enc: string;
}

export interface PhoneTemplates {
  enrollment_message: string;
  verification_message: string;
}

export interface GuardianPhoneConfig {
  message_types: PhoneMessageType[];
  provider: PhoneProvider;
  /** null: Auth0's defaults (server/delivery/templates.ts). */
  templates: PhoneTemplates | null;
  twilio: TwilioSettings | null;
  custom: CustomWebhookSettings | null;
}

export const DEFAULT_PHONE_CONFIG: GuardianPhoneConfig = { message_types: ['sms'], provider: 'twilio', templates: null, twilio: null, custom: null };

export interface GuardianPhoneRepo {
  get(): Promise<GuardianPhoneConfig>;
  put(config: GuardianPhoneConfig): Promise<void>;
}

/** The stored JSON back as a config, missing keys taking their defaults. */
export function phoneConfigFromJson(json: string | undefined): GuardianPhoneConfig {
  if (json === undefined) return { ...DEFAULT_PHONE_CONFIG };
  return { ...DEFAULT_PHONE_CONFIG, ...(JSON.parse(json) as Partial<GuardianPhoneConfig>) };
}
