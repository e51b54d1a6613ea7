import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Type } from 'typebox';
import { boundedCopy } from './import-row-view.js';
import { USER_ID_PREFIX } from './users.js';

/**
 * One user of an Auth0 bulk-import file, as Auth0 documents it
 * (https://auth0.com/docs/manage-users/user-migration/bulk-user-import-database-schema-and-examples).
 * `username`, `phone_number` and `phone_verified` are accepted and not kept: the database connection
 * signs in by email only.
 */
const Encoding = Type.Union([Type.Literal('base64'), Type.Literal('hex'), Type.Literal('utf8')]);
export const CUSTOM_HASH_ALGORITHMS = ['argon2', 'bcrypt', 'hmac', 'ldap', 'md4', 'md5', 'sha1', 'sha256', 'sha512', 'pbkdf2', 'scrypt'] as const;

const CustomPasswordHash = Type.Object(
  {
    algorithm: Type.Union(CUSTOM_HASH_ALGORITHMS.map((name) => Type.Literal(name))),
    hash: Type.Object(
      {
        value: Type.String({ minLength: 1, maxLength: 1024 }),
        encoding: Type.Optional(Encoding),
        digest: Type.Optional(Type.String()),
        key: Type.Optional(Type.Object({ value: Type.String(), encoding: Type.Optional(Encoding) })),
      },
      { additionalProperties: false },
    ),
    salt: Type.Optional(
      Type.Object(
        {
          value: Type.String({ minLength: 1, maxLength: 1024 }),
          encoding: Type.Optional(Encoding),
          position: Type.Optional(Type.Union([Type.Literal('prefix'), Type.Literal('suffix')])),
        },
        { additionalProperties: false },
      ),
    ),
    password: Type.Optional(Type.Object({ encoding: Type.String() }, { additionalProperties: false })),
    keylen: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
    cost: Type.Optional(Type.Integer({ minimum: 2 })),
    blockSize: Type.Optional(Type.Integer({ minimum: 1 })),
    parallelization: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

/**
 * Tessera's bound on an imported `user_id`, in code points (as JSON Schema's maxLength counts): Auth0's
 * import schema documents none
 * (https://auth0.com/docs/manage-users/user-migration/bulk-user-import-database-schema-and-examples).
 */
export const IMPORT_USER_ID_MAX_LENGTH = 255;
/**
 * The longest `{id}` of `/api/v2/users/{id}` for an imported user, as the router measures a path
 * parameter (decoded, in UTF-16 code units): the `auth0|` prefix and every code point a surrogate pair.
 * The router's maxParamLength (server/app.ts) is this, so every user an import creates can be managed.
 */
export const USER_ID_PARAM_MAX_LENGTH = USER_ID_PREFIX.length + 2 * IMPORT_USER_ID_MAX_LENGTH;

const MfaFactor = Type.Object(
  {
    totp: Type.Optional(Type.Object({ secret: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false })),
    phone: Type.Optional(Type.Object({ value: Type.String({ minLength: 1 }) }, { additionalProperties: false })),
    email: Type.Optional(Type.Object({ value: Type.String({ minLength: 1 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);

export const ImportUser = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    email_verified: Type.Optional(Type.Boolean()),
    user_id: Type.Optional(Type.String({ minLength: 1, maxLength: IMPORT_USER_ID_MAX_LENGTH })),
    username: Type.Optional(Type.String()),
    given_name: Type.Optional(Type.String({ minLength: 1, maxLength: 150 })),
    family_name: Type.Optional(Type.String({ minLength: 1, maxLength: 150 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    nickname: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    picture: Type.Optional(Type.String({ format: 'uri' })),
    blocked: Type.Optional(Type.Boolean()),
    phone_number: Type.Optional(Type.String()),
    phone_verified: Type.Optional(Type.Boolean()),
    password_hash: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    custom_password_hash: Type.Optional(CustomPasswordHash),
    app_metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    user_metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    mfa_factors: Type.Optional(Type.Array(MfaFactor, { maxItems: 10 })),
  },
  { additionalProperties: false },
);

/** One entry of a job's errors list: Auth0 reports schema failures with z-schema's codes and messages. */
export interface RowError {
  code: string;
  message: string;
  path: string;
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv);
const validate = ajv.compile(ImportUser);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** How deep a refused value is quoted in a message: the value may be nested as deep as JSON.parse allows. */
const QUOTED_VALUE_MAX_DEPTH = 3;

/** `/mfa_factors/0/totp` → `mfa_factors[0].totp` (JSON pointer escapes undone, RFC 6901 §4). */
export function fieldPath(pointer: string, child?: string): string {
  const segments = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parts = [...segments, ...(child === undefined ? [] : [child])];
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** A string's length as JSON Schema's minLength and maxLength count it (code points, not UTF-16 units). */
function codePoints(value: unknown): number {
  return [...String(value)].length;
}

function rowError(error: ErrorObject): RowError {
  const params = error.params as Record<string, unknown>;
  const path = fieldPath(error.instancePath);
  const data = error.data;
  switch (error.keyword) {
    case 'required':
      return { code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: `Missing required property: ${String(params.missingProperty)}`, path };
    case 'additionalProperties':
      return { code: 'OBJECT_ADDITIONAL_PROPERTIES', message: `Additional properties not allowed: ${String(params.additionalProperty)}`, path };
    case 'type':
      return { code: 'INVALID_TYPE', message: `Expected type ${String(params.type)} but found type ${jsonType(data)}`, path };
    case 'format':
      return { code: 'INVALID_FORMAT', message: `Object didn't pass validation for format ${String(params.format)}: ${String(data)}`, path };
    case 'const':
    case 'enum':
    case 'anyOf':
      return { code: 'ENUM_MISMATCH', message: `No enum match for: ${JSON.stringify(boundedCopy(data, QUOTED_VALUE_MAX_DEPTH))}`, path };
    case 'minLength':
      return { code: 'MIN_LENGTH', message: `String is too short (${codePoints(data)} chars), minimum ${String(params.limit)}`, path };
    case 'maxLength':
      return { code: 'MAX_LENGTH', message: `String is too long (${codePoints(data)} chars), maximum ${String(params.limit)}`, path };
    case 'maxItems':
      return { code: 'ARRAY_LENGTH_LONG', message: `Array is too long (${(data as unknown[]).length}), maximum ${String(params.limit)}`, path };
    case 'minProperties':
      return { code: 'OBJECT_PROPERTIES_MINIMUM', message: `Too few properties defined (${Object.keys(data as object).length}), minimum ${String(params.limit)}`, path };
    case 'maxProperties':
      return { code: 'OBJECT_PROPERTIES_MAXIMUM', message: `Too many properties defined (${Object.keys(data as object).length}), maximum ${String(params.limit)}`, path };
    case 'minimum':
      return { code: 'MINIMUM', message: `Value ${String(data)} is less than minimum ${String(params.limit)}`, path };
    case 'maximum':
      return { code: 'MAXIMUM', message: `Value ${String(data)} is greater than maximum ${String(params.limit)}`, path };
    default:
      return { code: error.keyword.toUpperCase(), message: String(error.message), path };
  }
}

/** Schema errors of one row (all of them, as Auth0 lists them); empty when the row fits the schema. */
export function schemaErrors(row: unknown): RowError[] {
  if (validate(row)) return [];
  // A union of literals fails as one `anyOf` plus an error per branch: report the `anyOf` only.
  const errors = (validate.errors ?? []).filter((error) => !/\/anyOf\/\d+\/(const|type)$/.test(error.schemaPath));
  return errors.map(rowError);
}
