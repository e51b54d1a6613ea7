// The phone factor's settings (SMS and voice) as the admin console shows them: Auth0's Management API
// (guardian/factors/phone/*) in the console's words. Twilio's auth token and the webhook secret are write-only.

export const PhoneChannel = { sms: 'sms', voice: 'voice' } as const;
export type PhoneChannel = (typeof PhoneChannel)[keyof typeof PhoneChannel];

/** The providers the console can pick; an Auth0 tenant may answer others (`auth0`, `phone-message-hook`), shown as they are. */
export const PhoneProvider = { twilio: 'twilio', custom: 'custom' } as const;
export type PhoneProvider = (typeof PhoneProvider)[keyof typeof PhoneProvider];

/** `set` / `not-set` when the server says (Auth0 answers the token, read here and dropped; Tessera says `auth_token_configured`); `unknown` when it never says. */
export type WriteOnlyState = 'set' | 'not-set' | 'unknown';

export interface TwilioView {
  sid: string | null;
  from: string | null;
  messagingServiceSid: string | null;
  authToken: WriteOnlyState;
}

/** Tessera's custom provider: a webhook that receives each code; null on a server without it (Auth0). */
export interface PhoneWebhookView {
  url: string | null;
  secretConfigured: boolean;
}

export interface PhoneTemplates {
  enrollmentMessage: string;
  verificationMessage: string;
}

export interface PhoneSettingsView {
  messageTypes: PhoneChannel[];
  provider: string;
  twilio: TwilioView;
  custom: PhoneWebhookView | null;
  templates: PhoneTemplates;
}

export interface TwilioInput {
  sid: string | null;
  from: string | null;
  messagingServiceSid: string | null;
  /** Left out: the saved token stays. It crosses page → main once, here, and is never answered. */
  authToken?: string;
}

export interface PhoneWebhookInput {
  url: string;
  /** Crosses page → main once, here; never answered. */
  secret: string;
}

/** One part of the phone settings to save; the answer is the whole view, read back from the server. */
export type PhoneSettingsPatch =
  | { messageTypes: PhoneChannel[] }
  | { provider: PhoneProvider }
  | { twilio: TwilioInput }
  | { custom: PhoneWebhookInput }
  | { templates: PhoneTemplates };

/** Tessera's test message: the verification template with a code nobody can redeem, to check the provider. */
export interface PhoneTestRequest {
  channel: PhoneChannel;
  /** E.164, e.g. +15555550123. */
  phoneNumber: string;
}

export interface PhoneTestResult {
  /** Who carried it: `twilio`, `custom` or `outbox`. */
  provider: string;
  messageId: string;
}
