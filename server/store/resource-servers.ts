
export interface ApiScope {
  value: string;
  description?: string;
}

/** A registered API (Auth0 "resource server"), in wire field names. */
export interface ResourceServer {
  id: string;
  name: string;
  identifier: string;
  is_system: boolean;
  scopes: ApiScope[];
  signing_alg: 'RS256';
  allow_offline_access: boolean;
  skip_consent_for_verifiable_first_party_clients: boolean;
  token_lifetime: number;
  token_lifetime_for_web: number;
}

export type ResourceServerChanges = Partial<Omit<ResourceServer, 'id' | 'identifier' | 'is_system'>>;

export interface ResourceServerRepo {
  list(): Promise<ResourceServer[]>;
  find(id: string): Promise<ResourceServer | undefined>;
  byIdentifier(identifier: string): Promise<ResourceServer | undefined>;
  /** False when the identifier is taken (the UNIQUE constraint decides, so parallel creates cannot both win). */
  insert(server: Omit<ResourceServer, 'is_system'>, now: number): Promise<boolean>;
  update(id: string, changes: ResourceServerChanges): Promise<void>;
  /** Removes the API and, by trigger, its client grants. */
  remove(id: string): Promise<boolean>;
}

