import { rs256PairSigner } from '../sign-pair.js';
import { serveRuns } from '../baseline-process.js';

/**
 * The floor for a token response: two RS256 signatures (access token and ID token) with jose on a
 * 2048-bit RSA key, in a plain Node process. One unit is one pair of signatures.
 */
const signPair = await rs256PairSigner();

// Warm-up: JIT and the key's first use.
for (let i = 0; i < 50; i++) await signPair();
serveRuns(async (pairs) => {
  for (let i = 0; i < pairs; i++) await signPair();
});
