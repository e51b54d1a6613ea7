import type { Management } from 'auth0';
import { ApplicationPreset } from './types';

/** Auth0's grant type names (Auth0 "Application Grant Types"). */
const MFA_GRANTS = [
  'password',
  'http://auth0.com/oauth/grant-type/password-realm',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'http://auth0.com/oauth/grant-type/mfa-oob',
  'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  'refresh_token',
];

type PresetBody = Pick<Management.CreateClientRequestContent, 'app_type' | 'grant_types' | 'token_endpoint_auth_method'>;

/** What each preset creates: a confidential client either way, so it has a secret to show once. */
export const PRESET_BODIES: Record<ApplicationPreset, PresetBody> = {
  [ApplicationPreset.passwordMfa]: { app_type: 'regular_web', grant_types: MFA_GRANTS, token_endpoint_auth_method: 'client_secret_post' },
  [ApplicationPreset.machineToMachine]: { app_type: 'non_interactive', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' },
};
