import type { Management, ManagementClient } from 'auth0';
import { isStatus } from './admin-errors';
import type { ManagementCall } from './management-call';
import type { ManagementSession } from './management-session';
import { sdkFetch } from './passthrough';
import { PhoneChannel, type PhoneSettingsPatch, type PhoneSettingsView, type PhoneTestRequest, type PhoneTestResult, type PhoneWebhookView, type TwilioView, type WriteOnlyState } from './phone-types';
import { ServerRefusalError } from './server-refusal';

/** Tessera's extension for its `custom` provider (a webhook); an Auth0 tenant answers 404 here. */
const CUSTOM_PROVIDER_PATH = 'guardian/factors/phone/providers/custom';
/** Tessera's extension too: a test message through the configured provider. */
const TEST_MESSAGE_PATH = 'guardian/factors/phone/test-message';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Auth0 answers the token itself: only whether it is there is kept, the value is dropped here. Tessera
 * never answers it and says whether one is saved in its own `auth_token_configured`; a server saying
 * neither (an older Tessera) leaves it unknown.
 */
function tokenState(wire: Management.GetGuardianFactorsProviderPhoneTwilioResponseContent): WriteOnlyState {
  if (Object.hasOwn(wire, 'auth_token')) return text(wire.auth_token) === null ? 'not-set' : 'set';
  const configured = (wire as Record<string, unknown>).auth_token_configured;
  if (typeof configured === 'boolean') return configured ? 'set' : 'not-set';
  return 'unknown';
}

function twilioView(wire: Management.GetGuardianFactorsProviderPhoneTwilioResponseContent): TwilioView {
  return { sid: text(wire.sid), from: text(wire.from), messagingServiceSid: text(wire.messaging_service_sid), authToken: tokenState(wire) };
}

function webhookView(raw: unknown): PhoneWebhookView {
  const body = (raw ?? {}) as Record<string, unknown>;
  return { url: text(body.url), secretConfigured: body.secret_configured === true };
}

async function readWebhook(session: ManagementSession): Promise<PhoneWebhookView | null> {
  try {
    return webhookView(await sdkFetch(session, CUSTOM_PROVIDER_PATH));
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

async function readPhoneSettings(client: ManagementClient, session: ManagementSession): Promise<PhoneSettingsView> {
  const phone = client.guardian.factors.phone;
  const [types, provider, twilio, templates, custom] = await Promise.all([phone.getMessageTypes(), phone.getSelectedProvider(), phone.getTwilioProvider(), phone.getTemplates(), readWebhook(session)]);
  const channels = Object.values(PhoneChannel);
  return {
    messageTypes: (types.message_types ?? []).filter((type): type is PhoneChannel => (channels as string[]).includes(type)),
    provider: provider.provider ?? 'twilio',
    twilio: twilioView(twilio),
    custom,
    templates: { enrollmentMessage: templates.enrollment_message, verificationMessage: templates.verification_message },
  };
}

/** Sends one part of the settings through the SDK's guardian.factors.phone methods (the webhook through the passthrough). */
async function writePart(client: ManagementClient, session: ManagementSession, patch: PhoneSettingsPatch): Promise<void> {
  const phone = client.guardian.factors.phone;
  if ('messageTypes' in patch) await phone.setMessageTypes({ message_types: patch.messageTypes });
  // `custom` is Tessera's provider, not in the SDK's enum; the SDK sends the string as given.
  else if ('provider' in patch) await phone.setProvider({ provider: patch.provider as Management.GuardianFactorsProviderSmsProviderEnum });
  else if ('templates' in patch) await phone.setTemplates({ enrollment_message: patch.templates.enrollmentMessage, verification_message: patch.templates.verificationMessage });
  else if ('twilio' in patch) {
    const { sid, from, messagingServiceSid, authToken } = patch.twilio;
    // Twilio sends from a number or through a messaging service: the one left empty is cleared.
    await phone.setTwilioProvider({ sid, from, messaging_service_sid: messagingServiceSid, ...(authToken === undefined ? {} : { auth_token: authToken }) });
  } else {
    try {
      await sdkFetch(session, CUSTOM_PROVIDER_PATH, { method: 'PUT', body: { url: patch.custom.url, secret: patch.custom.secret } });
    } catch (error) {
      if (isStatus(error, 404)) throw new ServerRefusalError('This server has no custom phone provider (a webhook is a Tessera feature): use Twilio');
      throw error;
    }
  }
}

export function phoneOperations(call: ManagementCall) {
  return {
    phoneSettings(): Promise<PhoneSettingsView> {
      return call((client, session) => readPhoneSettings(client, session));
    },
    setPhoneSettings(patch: PhoneSettingsPatch): Promise<PhoneSettingsView> {
      return call(async (client, session) => {
        await writePart(client, session, patch);
        const view = await readPhoneSettings(client, session);
        // A server that never says whether a token is saved: the one just accepted is.
        const tokenSaved = 'twilio' in patch && patch.twilio.authToken !== undefined && view.twilio.authToken === 'unknown';
        return tokenSaved ? { ...view, twilio: { ...view.twilio, authToken: 'set' } } : view;
      });
    },
    sendPhoneTest(request: PhoneTestRequest): Promise<PhoneTestResult> {
      return call(async (_client, session) => {
        try {
          const body = (await sdkFetch(session, TEST_MESSAGE_PATH, { method: 'POST', body: { channel: request.channel, phone_number: request.phoneNumber } })) as Record<string, unknown>;
          return { provider: text(body.provider) ?? '', messageId: text(body.message_id) ?? '' };
        } catch (error) {
          if (isStatus(error, 404)) throw new ServerRefusalError('This server cannot send a test message (a Tessera feature): send a real code instead');
          throw error;
        }
      });
    },
  };
}
