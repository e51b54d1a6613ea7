import { OtpFormatError } from './errors';

/** Narrow readers for untrusted JSON exports: every miss is an OtpFormatError naming where it was. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function objectAt(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw new OtpFormatError(`${where}: expected an object`);
  return value;
}

export function arrayAt(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new OtpFormatError(`${where}: expected a list`);
  return value;
}

/** A string field, `''` when absent or null. */
export function textAt(object: JsonObject, key: string, where: string): string {
  const value = object[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new OtpFormatError(`${where}: "${key}" must be text`);
  return value.trim();
}
