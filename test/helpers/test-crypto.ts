import { readFileSync } from 'node:fs';
import { importJWK, type JWK } from 'jose';
import type { ScryptCost } from '../../server/crypto/passwords.js';
import { SIGNING_ALG, type SigningKeyPair } from '../../server/tokens/signer.js';

/**
 * A cheap scrypt cost for tests (~1 ms a hash instead of ~200 ms). Hashes still record their cost, so the
 * code paths are the production ones; only the work factor differs. Never used outside test/.
 */
export const TEST_KDF: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

/** The same cheap cost for the authenticator's encrypted backups and app passcode (desktop and vault tests). */
export const TEST_DESKTOP_KDF = { backup: { n: TEST_KDF.N, r: TEST_KDF.r, p: TEST_KDF.p }, passcode: TEST_KDF };

// A fixed RSA-2048 key, test-only: generating one costs ~200 ms per server, most of a small test's time.
const FIXTURE = new URL('./fixtures/signing-key.jwk.json', import.meta.url);
let pair: Promise<SigningKeyPair> | undefined;

async function importFixture(): Promise<SigningKeyPair> {
  const privateJwk = JSON.parse(readFileSync(FIXTURE, 'utf8')) as JWK;
  const { kty, n, e } = privateJwk;
  const [privateKey, publicKey] = await Promise.all([
    importJWK(privateJwk, SIGNING_ALG, { extractable: true }),
    importJWK({ kty, n, e }, SIGNING_ALG, { extractable: true }),
  ]);
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new Error('fixture key: expected an RSA key, not a secret');
  return { privateKey, publicKey };
}

/** The fixture key pair, imported once per test file. Each tenant still gets its own kid. */
export function testSigningKeyPair(): Promise<SigningKeyPair> {
  pair ??= importFixture();
  return pair;
}
