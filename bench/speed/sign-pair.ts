import { generateKeyPair, SignJWT } from 'jose';

/**
 * What a token response signs, as the speed goals' baseline counts it: two RS256 signatures (an access
 * token and an ID token) with jose on a fresh 2048-bit RSA key. The in-process verify harness and the
 * baseline process sign the same pair.
 */
export async function rs256PairSigner(): Promise<() => Promise<void>> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const claims = { iss: 'http://127.0.0.1/', sub: 'auth0|bench', aud: 'bench', scope: 'openid' };
  return async function signPair(): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    for (const typ of ['at+jwt', 'JWT']) {
      await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ, kid: 'bench' }).setIssuedAt(now).setExpirationTime(now + 86_400).sign(privateKey);
    }
  };
}
