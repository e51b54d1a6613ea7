import { Type } from 'typebox';

/** The OAuth/MFA error body (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-mfa-with-otp). */
export const OAuthErrorBody = Type.Object({
  error: Type.String(),
  error_description: Type.String(),
});

export const AuthenticatorView = Type.Object({
  id: Type.String(),
  authenticator_type: Type.Union([Type.Literal('otp'), Type.Literal('oob'), Type.Literal('recovery-code')]),
  oob_channel: Type.Optional(Type.String()),
  name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  active: Type.Boolean(),
});

export const errorResponses = {
  400: OAuthErrorBody,
  401: OAuthErrorBody,
  403: OAuthErrorBody,
  404: OAuthErrorBody,
  429: OAuthErrorBody,
} as const;
