import type { FastifyPluginAsync } from 'fastify';
import { KNOWN_GRANT_TYPES } from '../../grants/types.js';
import { grantRegistry } from '../../grants/registry.js';
import { CREDENTIAL_ALGS } from '../../services/client-credentials.js';
import { SIGNING_ALG } from '../../tokens/signer.js';

/** OpenID Provider metadata (OpenID Connect Discovery 1.0 §3) and the tenant's public keys. */
export const wellKnownRoutes: FastifyPluginAsync = async (app) => {
  app.get('/.well-known/jwks.json', async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(app.tessera.signer.jwks()));

  app.get('/.well-known/openid-configuration', async () => {
    const issuer = app.tessera.config.issuer;
    return {
      issuer,
      token_endpoint: `${issuer}oauth/token`,
      jwks_uri: `${issuer}.well-known/jwks.json`,
      mfa_challenge_endpoint: `${issuer}mfa/challenge`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['token', 'id_token'],
      grant_types_supported: KNOWN_GRANT_TYPES.filter((type) => grantRegistry.has(type)),
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALG],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      token_endpoint_auth_signing_alg_values_supported: [...CREDENTIAL_ALGS],
      claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'nickname', 'picture', 'sub', 'updated_at'],
    };
  });
};
