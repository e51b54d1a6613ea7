import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type GenerateKeyPairResult, type JWK, type JWTPayload } from 'jose';
import type { Clock } from '../deps.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { SigningKeyRepo, SigningKeyRow } from '../store/signing-keys.js';

export const SIGNING_ALG = 'RS256';

export interface TokenSigner {
  readonly kid: string;
  jwks(): { keys: JWK[] };
  sign(claims: JWTPayload, ttlSeconds: number): Promise<string>;
  /** Verifies signature, issuer, audience and expiry; throws a jose error otherwise. */
  verify(token: string, audience: string): Promise<JWTPayload>;
}

export type SigningKeyPair = GenerateKeyPairResult;

/** A fresh, extractable RS256 key pair (RSA-2048: the slow step of a first start). */
export function generateSigningKeyPair(): Promise<SigningKeyPair> {
  return generateKeyPair(SIGNING_ALG, { extractable: true });
}

/** The tenant signing key's row (RS256, private half encrypted at rest); generates the pair unless given. */
export async function signingKeyRow(secrets: SecretBox, now: number, kid: string, pair?: SigningKeyPair): Promise<SigningKeyRow> {
  const { privateKey, publicKey } = pair ?? (await generateSigningKeyPair());
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  return {
    kid,
    private_jwk_enc: secrets.encrypt(JSON.stringify(privateJwk), `signing-key:${kid}`),
    public_jwk: publicJwk,
    created_at: now,
  };
}

export async function loadSigner(repo: SigningKeyRepo, secrets: SecretBox, issuer: string, clock: Clock): Promise<TokenSigner> {
  const rows = await repo.all();
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
  const keys = rows.map((row) => row.public_jwk);
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
