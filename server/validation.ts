import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { pendingSchema, SchemaCache } from './lazy-schemas.js';
import { refuseNul } from './validation-nul.js';

/**
 * Bodies are validated strictly (a number is not a string); query strings and path parameters
 * arrive as text, so they are coerced. Unknown body properties are refused, not silently dropped.
 */
// ajv-formats is CommonJS; under ESM its function sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce, useDefaults: true, removeAdditional: false, allErrors: false, verbose: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * How an integer may be written in a query string or path: decimal digits, optionally negative (so a
 * range check still names the bound). Ajv's coercion alone would also take `1e308`, `0x10` or ` 7`,
 * and `1e308` passes as an "integer" that SQLite cannot bind as an OFFSET.
 */
const DECIMAL_INTEGER = /^-?[0-9]+$/;

type Validate = ((data: unknown, context?: unknown) => boolean) & { errors?: ErrorObject[] | null };

function integerProperties(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return Object.keys(properties).filter((name) => properties[name]?.type === 'integer');
}

/** Refuses integer parameters not written in decimal, then validates (and coerces) as usual. */
function decimalIntegersOnly(validate: Validate, schema: unknown): Validate {
  const names = integerProperties(schema);
  if (names.length === 0) return validate;
  const checked: Validate = (data, context) => {
    const record = (data ?? {}) as Record<string, unknown>;
    const name = names.find((key) => typeof record[key] === 'string' && !DECIMAL_INTEGER.test(record[key]));
    if (name !== undefined) {
      checked.errors = [{ keyword: 'type', instancePath: `/${name}`, schemaPath: `#/properties/${name}/type`, params: { type: 'integer' }, message: 'must be integer', data: record[name] }];
      return false;
    }
    const valid = validate(data, context);
    checked.errors = validate.errors;
    return valid;
  };
  return checked;
}

type Validator = ReturnType<FastifySchemaCompiler<unknown>>;

interface CachingAjv {
  ajv: Ajv;
  compiled: SchemaCache<Validator>;
}

// One Ajv per mode and one validator per schema for the whole process: route schemas are module
// constants (or equal ones, see SchemaCache), and compiling them (with Ajv's meta-schema) was most of a server's start-up, paid again by
// every server a process builds (the desktop app restarts its server; tests build hundreds). Each is
// compiled on its route's first request (lazySchemas.ts), or by `compilePendingSchemas()`.
let modes: { strict: CachingAjv; coercing: CachingAjv; query: CachingAjv } | undefined;

function coercingModes(coercing: Ajv): NonNullable<typeof modes> {
  return {
    strict: { ajv: makeAjv(false), compiled: new SchemaCache() },
    coercing: { ajv: coercing, compiled: new SchemaCache() },
    // Its own cache: a query string's validator also refuses U+0000, a path's does not.
    query: { ajv: coercing, compiled: new SchemaCache() },
  };
}

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  modes ??= coercingModes(makeAjv(true));
  const { strict, coercing, query } = modes;
  return ({ schema, httpPart }) => {
    const { ajv, compiled } = httpPart === 'body' ? strict : httpPart === 'querystring' ? query : coercing;
    return compiled.get(schema as object, () => lazyValidator(() => {
      const compiledSchema = ajv.compile(schema as object) as Validate;
      if (httpPart === 'body') return refuseNul(compiledSchema);
      // Path parameters may hold U+0000: an id with one names nothing, and the stores answer "not found".
      return httpPart === 'querystring' ? refuseNul(decimalIntegersOnly(compiledSchema, schema)) : decimalIntegersOnly(compiledSchema, schema);
    }) as Validator);
  };
}

/**
 * A validator compiled when first called. Fastify passes Ajv's data context (so a root value can be
 * coerced in place) to a validator that has `schemaEnv`, as Ajv's own functions do; this one has it too.
 */
function lazyValidator(compile: () => Validate): Validate {
  const validate: Validate & { schemaEnv?: object } = (data, context) => {
    const real = ensure();
    const valid = real(data, context);
    validate.errors = real.errors;
    return valid;
  };
  const ensure = pendingSchema(compile);
  validate.schemaEnv = {};
  return validate;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** The property an Ajv error is about, as a dotted path. */
export function errorProperty(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return base ? `${base}.${missing}` : missing;
  }
  return base;
}

/** Auth0-style text: `'Missing required property: email'`, `'Expected type string but found type integer' on property email`. */
export function describeValidationError(error: ErrorObject): string {
  const property = errorProperty(error);
  switch (error.keyword) {
    case 'required':
      return `'Missing required property: ${property}'`;
    case 'type': {
      const text = `'Expected type ${String((error.params as { type: string }).type)} but found type ${jsonType(error.data)}'`;
      // The body itself has the wrong type: there is no property to name.
      return property ? `${text} on property ${property}` : text;
    }
    case 'additionalProperties':
      return `'Additional properties not allowed: ${(error.params as { additionalProperty: string }).additionalProperty}'`;
    default:
      return property ? `'${error.message ?? 'is invalid'}' on property ${property}` : `'${error.message ?? 'is invalid'}'`;
  }
}

/** OAuth-style text for /oauth/token and /mfa/*: `Missing required parameter: otp`. */
export function describeParameterError(error: ErrorObject): string {
  const property = errorProperty(error);
  if (error.keyword === 'required') return `Missing required parameter: ${property}`;
  if (error.keyword === 'additionalProperties') {
    return `Unknown parameter: ${(error.params as { additionalProperty: string }).additionalProperty}`;
  }
  if (!property) return 'The request body must be an object.';
  if (error.keyword === 'type') return `Invalid parameter: ${property} must be of type ${String((error.params as { type: string }).type)}`;
  return `Invalid parameter: ${property} ${error.message ?? 'is invalid'}`;
}
