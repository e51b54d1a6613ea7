import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import {
  CREDENTIAL_ALGS,
  credentialView,
  DEFAULT_CREDENTIAL_ALG,
  newCredentialId,
  PUBLIC_KEY_CREDENTIAL,
  readUploadedKey,
} from '../../services/client-credentials.js';
import { managementErrors } from './schemas.js';

/**
 * Auth0 "Create a client credential" (https://auth0.com/docs/api/management/v2/clients/post-credentials),
 * public_key only: the credentials Private Key JWT authenticates with. The mTLS types (x509_cert,
 * cert_subject_dn) are not offered.
 */
const CreateCredential = Type.Object(
  {
    credential_type: Type.Literal(PUBLIC_KEY_CREDENTIAL),
    name: Type.Optional(Type.String({ maxLength: 128 })),
    pem: Type.String({ minLength: 1, maxLength: 16_384 }),
    alg: Type.Optional(Type.Union(CREDENTIAL_ALGS.map((alg) => Type.Literal(alg)))),
    parse_expiry_from_cert: Type.Optional(Type.Boolean()),
    expires_at: Type.Optional(Type.String({ format: 'date-time' })),
    // "Valid format is [0-9a-zA-Z-_]{10,64}"; without one, the key's RFC 7638 thumbprint.
    kid: Type.Optional(Type.String({ pattern: '^[0-9a-zA-Z_-]{10,64}$' })),
  },
  { additionalProperties: false },
);
/** Auth0 "Update a client credential": only the expiry changes. */
const UpdateCredential = Type.Object({ expires_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])) }, { additionalProperties: false });
const Credential = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  credential_type: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  expires_at: Type.Optional(Type.String()),
});
const ClientParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const CredentialParams = Type.Object({ id: Type.String({ minLength: 1 }), credential_id: Type.String({ minLength: 1 }) });

/** A future instant, in ms: a credential that is born expired could never authenticate. */
function futureExpiry(value: string, now: number): number {
  const ms = Date.parse(value);
  if (!(ms > now)) throw ManagementErrors.invalidBody('expires_at must be a date in the future.');
  return ms;
}

export const clientCredentialRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const clientOr404 = async (clientId: string) => {
    const client = await t.store.clients.find(clientId);
    if (!client) throw ManagementErrors.clientNotFound();
    return client;
  };
  const credentialOr404 = async (clientId: string, credentialId: string) => {
    await clientOr404(clientId);
    const row = await t.store.clients.findCredential(clientId, credentialId);
    if (!row) throw ManagementErrors.clientCredentialNotFound();
    return row;
  };

  app.post<{ Params: Static<typeof ClientParams>; Body: Static<typeof CreateCredential> }>(
    '/clients/:id/credentials',
    { config: { scopes: ['create:client_credentials'] }, schema: { summary: 'Create a client credential', params: ClientParams, body: CreateCredential, response: { 201: Credential, ...managementErrors } } },
    async (request, reply) => {
      const { body } = request;
      const client = await clientOr404(request.params.id);
      const now = t.clock.now();
      if (body.parse_expiry_from_cert === true && body.expires_at !== undefined) {
        throw ManagementErrors.invalidBody('expires_at and parse_expiry_from_cert cannot be used together.');
      }
      const key = await readUploadedKey(body.pem);
      if (body.parse_expiry_from_cert === true && key.certificateExpiresAt === null) {
        throw ManagementErrors.invalidBody('parse_expiry_from_cert needs an X.509 certificate in pem.');
      }
      if (body.parse_expiry_from_cert === true && (key.certificateExpiresAt ?? 0) <= now) throw ManagementErrors.invalidBody('The certificate in pem has expired.');
      const expiresAt = body.expires_at !== undefined ? futureExpiry(body.expires_at, now) : body.parse_expiry_from_cert === true ? key.certificateExpiresAt : null;
      const row = {
        id: newCredentialId(t),
        client_id: client.client_id,
        name: body.name ?? '',
        kid: body.kid ?? key.kid,
        alg: body.alg ?? DEFAULT_CREDENTIAL_ALG,
        public_key_pem: key.publicKeyPem,
        // Auth0: "The credential will be created but not yet enabled" until the client lists it.
        enabled: false,
        created_at: now,
        updated_at: now,
        expires_at: expiresAt,
      };
      await t.store.clients.insertCredential(row);
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Create a client credential', details: { client_id: client.client_id, credential_id: row.id } });
      return reply.code(201).send(credentialView(row));
    },
  );

  app.get<{ Params: Static<typeof ClientParams> }>(
    '/clients/:id/credentials',
    { config: { scopes: ['read:client_credentials'] }, schema: { summary: 'Get client credentials', params: ClientParams, response: { 200: Type.Array(Credential), ...managementErrors } } },
    async (request) => {
      const client = await clientOr404(request.params.id);
      return (await t.store.clients.credentials(client.client_id)).map(credentialView);
    },
  );

  app.get<{ Params: Static<typeof CredentialParams> }>(
    '/clients/:id/credentials/:credential_id',
    { config: { scopes: ['read:client_credentials'] }, schema: { summary: 'Get client credential details', params: CredentialParams, response: { 200: Credential, ...managementErrors } } },
    async (request) => credentialView(await credentialOr404(request.params.id, request.params.credential_id)),
  );

  app.patch<{ Params: Static<typeof CredentialParams>; Body: Static<typeof UpdateCredential> }>(
    '/clients/:id/credentials/:credential_id',
    { config: { scopes: ['update:client_credentials'] }, schema: { summary: 'Update a client credential', params: CredentialParams, body: UpdateCredential, response: { 200: Credential, ...managementErrors } } },
    async (request) => {
      const { id: clientId, credential_id: credentialId } = request.params;
      const row = await credentialOr404(clientId, credentialId);
      const now = t.clock.now();
      const expiresAt = request.body.expires_at === undefined ? row.expires_at : request.body.expires_at === null ? null : futureExpiry(request.body.expires_at, now);
      if (!(await t.store.clients.updateCredential(clientId, credentialId, { expires_at: expiresAt, updated_at: now }))) throw ManagementErrors.clientCredentialNotFound();
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Update a client credential', details: { client_id: clientId, credential_id: credentialId } });
      return credentialView({ ...row, expires_at: expiresAt, updated_at: now });
    },
  );

  app.delete<{ Params: Static<typeof CredentialParams> }>(
    '/clients/:id/credentials/:credential_id',
    { config: { scopes: ['delete:client_credentials'] }, schema: { summary: 'Delete a client credential', params: CredentialParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const { id: clientId, credential_id: credentialId } = request.params;
      await clientOr404(clientId);
      if (!(await t.store.clients.removeCredential(clientId, credentialId))) throw ManagementErrors.clientCredentialNotFound();
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Delete a client credential', details: { client_id: clientId, credential_id: credentialId } });
      return reply.code(204).send();
    },
  );
};
