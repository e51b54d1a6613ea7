import { generateKeyPair, SignJWT } from 'jose';

/**
 * What a token response signs, as the speed goals' baseline counts it: two RS256 signatures (an access
 * token and an ID token) with jose on a fresh 2048-bit RSA key. The in-process verify harness, the
 * baseline process and the verify floor (baselines/verify-floor.ts) sign the same pair; it resolves with
 * the two tokens, access token first.
 */
export async function rs256PairSigner(): Promise<() => Promise<[string, string]>> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const claims = { iss: 'http://127.0.0.1/', sub: 'auth0|bench', aud: 'bench', scope: 'openid' };
  const sign = (typ: string, now: number) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ, kid: 'bench' }).setIssuedAt(now).setExpirationTime(now + 86_400).sign(privateKey);
  return async function signPair(): Promise<[string, string]> {
    const now = Math.floor(Date.now() / 1000);
    // One after the other, as a token response does.
    const accessToken = await sign('at+jwt', now);
    return [accessToken, await sign('JWT', now)];
  };
}
