import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { Clock } from '../deps.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { SigningKeyRepo } from '../store/signing-keys.js';

export const SIGNING_ALG = 'RS256';

export interface TokenSigner {
  readonly kid: string;
  jwks(): { keys: JWK[] };
  sign(claims: JWTPayload, ttlSeconds: number): Promise<string>;
  /** Verifies signature, issuer, audience and expiry; throws a jose error otherwise. */
  verify(token: string, audience: string): Promise<JWTPayload>;
}

/** Creates the tenant signing key (RS256, private half encrypted at rest). */
export async function createSigningKey(repo: SigningKeyRepo, secrets: SecretBox, now: number, kid: string): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  repo.insert({
    kid,
    private_jwk_enc: secrets.encrypt(JSON.stringify(privateJwk), `signing-key:${kid}`),
    public_jwk: JSON.stringify(publicJwk),
    created_at: now,
  });
}

export async function loadSigner(repo: SigningKeyRepo, secrets: SecretBox, issuer: string, clock: Clock): Promise<TokenSigner> {
  const rows = repo.all();
  const current = rows[0];
  if (!current) throw new Error('No signing key: the tenant has not been bootstrapped.');
  let privateJwk: string;
  try {
    privateJwk = secrets.decrypt(current.private_jwk_enc, `signing-key:${current.kid}`);
  } catch {
    // The first secret read at start: a failure here almost always means a different data key.
    throw new Error('The data key cannot decrypt this database (its signing key): use the data key it was created with (TESSERA_DATA_KEY or data.key).');
  }
  const privateKey = await importJWK(JSON.parse(privateJwk) as JWK, SIGNING_ALG);
  const keys = rows.map((row) => JSON.parse(row.public_jwk) as JWK);
  const keySet = createLocalJWKSet({ keys });
  return {
    kid: current.kid,
    jwks: () => ({ keys }),
    async sign(claims, ttlSeconds) {
      const iat = Math.floor(clock.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: SIGNING_ALG, typ: 'JWT', kid: current.kid })
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(privateKey);
    },
    async verify(token, audience) {
      const { payload } = await jwtVerify(token, keySet, {
        issuer,
        audience,
        algorithms: [SIGNING_ALG],
        currentDate: new Date(clock.now()),
      });
      return payload;
    },
  };
}
