import { ManagementClient, ManagementError } from 'auth0';
import type { HttpsTessera } from '../helpers/https-server.js';
import { ADMIN, oathtool, PASSWORD } from '../helpers/server.js';

/** Shared by the auth0@7 contract tests: the SDK pointed at an HTTPS Tessera, and an enrollment done as an app does it. */

export const CONNECTION = 'Username-Password-Authentication';
export const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';
export const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
export const APP_GRANTS = ['password', 'refresh_token', MFA_OTP, MFA_RECOVERY_CODE];
export const LINK_ID = /^dev_[A-Za-z0-9]{16}$/;
export const LOG_ID = /^\d{15}[0-9a-f]{16}$/;
export const RECOVERY_CODE = /^[A-Z0-9]{24}$/;

/**
 * auth0@7's ManagementClient as an admin tool builds it: a domain and client credentials. It builds
 * `https://{domain}/api/v2/…` and gets its own token from `https://{domain}/oauth/token`; the fetch given
 * trusts only the test certificate. No retries, so a refusal surfaces once.
 */
export function v7Management(server: HttpsTessera, credentials: { clientId: string; clientSecret: string } = ADMIN): ManagementClient {
  return new ManagementClient({ domain: server.domain, clientId: credentials.clientId, clientSecret: credentials.clientSecret, fetch: server.fetch, maxRetries: 0 });
}

/** What an SDK caller sees of a refusal: the status and Tessera's whole Management error body. */
export async function v7Error(promise: Promise<unknown>): Promise<{ statusCode: number | undefined; body: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ManagementError) return { statusCode: error.statusCode, body: error.body };
    throw error;
  }
  throw new Error('expected the call to fail');
}

export function mgmtErrorBody(statusCode: number, error: string, errorCode: string, message: string) {
  return { statusCode, body: { statusCode, error, errorCode, message } };
}

async function post(server: HttpsTessera, path: string, body: Record<string, unknown>, bearer?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await server.fetch(new URL(path, server.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface OtpEnrollment {
  secret: string;
  /** Only a first enrollment gets one; a later one keeps the code the user already has. */
  recoveryCode: string | null;
}

/** password → mfa_required → /mfa/associate (otp) → the first code: the MFA API as an app uses it. */
export async function enrollOtp(server: HttpsTessera, app: { client_id: string; client_secret: string }, email: string): Promise<OtpEnrollment> {
  const client = { client_id: app.client_id, client_secret: app.client_secret };
  const login = await post(server, '/oauth/token', { grant_type: 'password', username: email, password: PASSWORD, ...client });
  const mfaToken = login.body.mfa_token;
  if (typeof mfaToken !== 'string') throw new Error(`expected mfa_required: ${JSON.stringify(login.body)}`);
  const associate = await post(server, '/mfa/associate', { authenticator_types: ['otp'] }, mfaToken);
  const { secret, recovery_codes: codes } = associate.body as { secret: string; recovery_codes?: string[] };
  const confirm = await post(server, '/oauth/token', { grant_type: MFA_OTP, mfa_token: mfaToken, otp: oathtool(secret, server.clock.now()), ...client });
  if (confirm.status !== 200) throw new Error(`confirm otp: ${JSON.stringify(confirm.body)}`);
  server.clock.advance(30_000);
  return { secret, recoveryCode: codes?.[0] ?? null };
}
