import { generateKeyPair, SignJWT } from 'jose';
import { serveRuns } from '../baseline-process.js';

/**
 * The floor for a token response: two RS256 signatures (access token and ID token) with jose on a
 * 2048-bit RSA key, in a plain Node process. One unit is one pair of signatures.
 */
const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
const claims = { iss: 'http://127.0.0.1/', sub: 'auth0|bench', aud: 'bench', scope: 'openid' };

async function signPair(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  for (const typ of ['at+jwt', 'JWT']) {
    await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ, kid: 'bench' }).setIssuedAt(now).setExpirationTime(now + 86_400).sign(privateKey);
  }
}

// Warm-up: JIT and the key's first use.
for (let i = 0; i < 50; i++) await signPair();
serveRuns(async (pairs) => {
  for (let i = 0; i < pairs; i++) await signPair();
});
