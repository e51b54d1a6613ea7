import type { ApiScope, ResourceServer } from '../resource-servers.js';

/** A registered API's row as both engines hold it: scopes as JSON text; flags 0/1 in SQLite, booleans in PostgreSQL. */
export interface ResourceServerRecord {
  id: string;
  name: string;
  identifier: string;
  scopes: string;
  token_lifetime: number;
  token_lifetime_for_web: number;
  allow_offline_access: boolean | number;
  skip_consent_for_verifiable_first_party_clients: boolean | number;
}

const flag = (value: boolean | number): boolean => value === true || value === 1;

export function resourceServerFromRecord(row: ResourceServerRecord): ResourceServer {
  return {
    id: row.id,
    name: row.name,
    identifier: row.identifier,
    is_system: false,
    scopes: JSON.parse(row.scopes) as ApiScope[],
    signing_alg: 'RS256',
    allow_offline_access: flag(row.allow_offline_access),
    skip_consent_for_verifiable_first_party_clients: flag(row.skip_consent_for_verifiable_first_party_clients),
    token_lifetime: row.token_lifetime,
    token_lifetime_for_web: row.token_lifetime_for_web,
  };
}
