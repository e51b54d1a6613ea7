import { isUsableTotpSecret } from '../factors/otp.js';
import { metadataProblem } from './metadata-bounds.js';
import { importedPasswordHash, type CustomPasswordHash } from './import-passwords.js';
import { nulPath } from '../validation-nul.js';
import { fieldPath, schemaErrors, type RowError } from './import-schema.js';
import { ROW_VIEW_MAX_DEPTH } from './import-row-view.js';
import { USER_ID_PREFIX } from './users.js';

/** What one valid row asks for, ready for the store. */
export interface PlannedUser {
  email: string;
  /** With Auth0's `auth0|` prefix added, as Auth0's import does (the file's ids carry none). */
  userId: string | undefined;
  profile: {
    email_verified?: boolean;
    name?: string;
    nickname?: string;
    given_name?: string;
    family_name?: string;
    picture?: string;
    blocked?: boolean;
    user_metadata?: Record<string, unknown>;
    app_metadata?: Record<string, unknown>;
  };
  passwordHash: string | undefined;
  totpSecret: string | undefined;
}

export type RowPlan = { ok: true; user: PlannedUser } | { ok: false; errors: RowError[] };

interface ImportRow {
  email: string;
  email_verified?: boolean;
  user_id?: string;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  blocked?: boolean;
  password_hash?: string;
  custom_password_hash?: CustomPasswordHash;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  mfa_factors?: { totp?: { secret: string }; phone?: { value: string }; email?: { value: string } }[];
}

/** Keys Auth0 refuses in an imported `app_metadata` (they are its own user attributes). */
const RESERVED_APP_METADATA = [
  '__tenant', '_id', 'blocked', 'clientID', 'created_at', 'email_verified', 'email', 'globalClientID', 'global_client_id',
  'identities', 'lastIP', 'lastLogin', 'loginsCount', 'metadata', 'multifactor_last_modified', 'multifactor', 'updated_at', 'user_id',
];

/** Base32 as authenticator apps show it: case and spaces do not matter, padding is optional. */
function normalizeSecret(secret: string): string {
  return secret.replace(/[\s=]/g, '').toUpperCase();
}

function factorPlan(row: ImportRow, errors: RowError[]): string | undefined {
  let secret: string | undefined;
  (row.mfa_factors ?? []).forEach((factor, index) => {
    const path = `mfa_factors[${index}]`;
    if (factor.phone || factor.email) {
      // No SMS or email factor here yet: refusing the user keeps the import honest (nothing half-imported).
      const kind = factor.phone ? 'phone' : 'email';
      errors.push({ code: 'UNSUPPORTED_MFA_FACTOR', message: `${kind} MFA factors are not supported by this server; remove it to import the user without it`, path: `${path}.${kind}` });
      return;
    }
    const candidate = normalizeSecret(factor.totp?.secret ?? '');
    if (secret !== undefined) errors.push({ code: 'INVALID_FORMAT', message: 'A user can have only one totp factor', path: `${path}.totp` });
    else if (!isUsableTotpSecret(candidate)) errors.push({ code: 'INVALID_FORMAT', message: 'totp.secret must be base32 of 10 to 64 bytes', path: `${path}.totp.secret` });
    else secret = candidate;
  });
  return secret;
}

function metadataErrors(row: ImportRow, errors: RowError[]): void {
  for (const field of ['user_metadata', 'app_metadata'] as const) {
    const problem = metadataProblem(field, row[field]);
    if (problem) errors.push({ code: 'INVALID_FORMAT', message: problem.message.replace(/^Payload validation error: /, '').replace(/\.$/, ''), path: field });
  }
  const reserved = RESERVED_APP_METADATA.find((key) => row.app_metadata && Object.hasOwn(row.app_metadata, key));
  if (reserved) errors.push({ code: 'INVALID_FORMAT', message: `app_metadata must not contain ${reserved}`, path: `app_metadata.${reserved}` });
}

/**
 * A row holding U+0000 anywhere (a value or a key, however deep) is refused, on either engine:
 * PostgreSQL text cannot hold it (https://www.postgresql.org/docs/current/datatype-character.html),
 * so refusing it here keeps both engines alike and the rest of the batch importing.
 */
function nulError(input: unknown): RowError | undefined {
  // Looked for no deeper than a row can be and still be imported (what is deeper is refused anyway):
  // a path per level would cost memory in proportion to the nesting of a row built to exhaust it.
  const pointer = nulPath(input, ROW_VIEW_MAX_DEPTH);
  if (pointer === undefined) return undefined;
  // nulPath stops at the first key holding one, before looking at its value: a NUL in the last segment is a key's.
  const inKey = (pointer.split('/').pop() ?? '').includes('\u0000');
  return { code: 'INVALID_FORMAT', message: `${inKey ? 'Property name' : 'String'} must not contain a NUL character (U+0000)`, path: fieldPath(pointer) };
}

/** Validates one row of the file: Auth0's schema first (with the NUL check), then what the schema cannot say. */
export function planRow(input: unknown): RowPlan {
  const nul = nulError(input);
  const schema = nul ? [...schemaErrors(input), nul] : schemaErrors(input);
  if (schema.length > 0) return { ok: false, errors: schema };
  const row = input as ImportRow;
  const errors: RowError[] = [];
  const passwordHash = importedPasswordHash(row);
  if (passwordHash !== undefined && typeof passwordHash !== 'string') errors.push(passwordHash);
  const totpSecret = factorPlan(row, errors);
  metadataErrors(row, errors);
  if (errors.length > 0) return { ok: false, errors };
  const profile: PlannedUser['profile'] = {};
  if (row.email_verified !== undefined) profile.email_verified = row.email_verified;
  if (row.blocked !== undefined) profile.blocked = row.blocked;
  for (const key of ['name', 'nickname', 'given_name', 'family_name', 'picture'] as const) {
    if (row[key] !== undefined) profile[key] = row[key];
  }
  if (row.user_metadata !== undefined) profile.user_metadata = row.user_metadata;
  if (row.app_metadata !== undefined) profile.app_metadata = row.app_metadata;
  return {
    ok: true,
    user: {
      email: row.email,
      userId: row.user_id === undefined ? undefined : `${USER_ID_PREFIX}${row.user_id}`,
      profile,
      passwordHash: typeof passwordHash === 'string' ? passwordHash : undefined,
      totpSecret,
    },
  };
}
