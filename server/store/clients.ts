
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
}

