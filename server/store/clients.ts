
export interface ClientRow {
  client_id: string;
  name: string;
  description: string | null;
  app_type: string | null;
  client_secret_enc: string;
  token_endpoint_auth_method: string;
  grant_types: string[];
  callbacks: string[];
  is_bootstrap: boolean;
  created_at: number;
  updated_at: number;
}

export interface ClientGrantRow {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
}

/**
 * A client's public key for Private Key JWT (Auth0 "client credentials", credential_type public_key):
 * https://auth0.com/docs/api/management/v2/clients/post-credentials. No secret material.
 */
export interface ClientCredentialRow {
  id: string;
  client_id: string;
  name: string;
  kid: string;
  alg: string;
  /** SPKI PEM, whatever form (PKCS#1, SPKI, X.509 certificate) it was uploaded in. */
  public_key_pem: string;
  /** Listed in the client's `client_authentication_methods.private_key_jwt.credentials`. */
  enabled: boolean;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

export interface ClientRepo {
  find(clientId: string): Promise<ClientRow | undefined>;
  /** One page in list order, with the count of all clients. */
  page(offset: number, limit: number): Promise<{ clients: ClientRow[]; total: number }>;
  insert(row: ClientRow): Promise<void>;
  update(clientId: string, fields: Partial<Omit<ClientRow, 'client_id' | 'created_at'>>): Promise<void>;
  remove(clientId: string): Promise<boolean>;
  grants(): Promise<ClientGrantRow[]>;
  grant(clientId: string, audience: string): Promise<ClientGrantRow | undefined>;
  findGrant(id: string): Promise<ClientGrantRow | undefined>;
  /**
   * Inserts the grant unless the client already has one for that audience: false then, decided by the
   * unique key in the insert itself, so of parallel inserts exactly one answers true.
   */
  insertGrant(row: ClientGrantRow): Promise<boolean>;
  updateGrantScope(id: string, scope: string[]): Promise<void>;
  removeGrant(id: string): Promise<boolean>;
  /** The client's credentials, oldest first. */
  credentials(clientId: string): Promise<ClientCredentialRow[]>;
  findCredential(clientId: string, id: string): Promise<ClientCredentialRow | undefined>;
  insertCredential(row: ClientCredentialRow): Promise<void>;
  /** False when the client has no such credential. */
  updateCredential(clientId: string, id: string, fields: { expires_at: number | null; updated_at: number }): Promise<boolean>;
  removeCredential(clientId: string, id: string): Promise<boolean>;
  /** Enables exactly the credentials named (none for an empty list), disabling the client's others. */
  enableCredentials(clientId: string, ids: readonly string[]): Promise<void>;
  /**
   * Records a client assertion's id (a digest) until `expiresAt`: true the first time, false when it is
   * already recorded and unexpired, decided by the insert itself, so of parallel uses exactly one is true.
   * Drops a few expired ids on the way, so the table holds about the assertions of the last few minutes.
   */
  consumeAssertionId(digest: string, expiresAt: number, now: number): Promise<boolean>;
}

