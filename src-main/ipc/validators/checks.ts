import type { IpcChannelName } from '../contract';
import type { ArgsValidator } from '../register';

// Renderer arguments are untrusted: every channel's tuple is checked for arity, types, lengths and
// closed vocabularies; an extra argument or an unknown object key fails the whole call.

export type Check = (value: unknown) => boolean;

export const MAX_ID = 200;
export const MAX_NAME = 200;
export const MAX_PASSWORD = 1024;

export const string = (max: number, min = 0): Check => (value) => typeof value === 'string' && value.length >= min && value.length <= max;
export const matching = (pattern: RegExp, max: number): Check => (value) => typeof value === 'string' && value.length <= max && pattern.test(value);
export const nullable = (check: Check): Check => (value) => value === null || check(value);
export const boolean: Check = (value) => typeof value === 'boolean';
export const integer = (min: number, max: number): Check => (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
export const oneOf = (values: readonly string[]): Check => (value) => typeof value === 'string' && values.includes(value);
export const id = string(MAX_ID, 1);
export const finite: Check = (value) => typeof value === 'number' && Number.isFinite(value);

/** An array of at most `max` distinct items, each passing `item` (at least `min` of them). */
export const uniqueList = (item: Check, max: number, min = 0): Check => (value) =>
  Array.isArray(value) && value.length >= min && value.length <= max && value.every(item) && new Set(value).size === value.length;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** A plain object with exactly the required keys, some optional ones, each passing its check. */
export function record(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (value) => {
    if (!isPlainObject(value)) return false;
    if (!Object.keys(value).every((key) => Object.hasOwn(required, key) || Object.hasOwn(optional, key))) return false;
    if (!Object.entries(required).every(([key, check]) => Object.hasOwn(value, key) && check(value[key]))) return false;
    return Object.entries(optional).every(([key, check]) => !Object.hasOwn(value, key) || check(value[key]));
  };
}

export function tuple<C extends IpcChannelName>(...checks: Check[]): ArgsValidator<C> {
  return (args: readonly unknown[]): args is never => args.length === checks.length && checks.every((check, index) => check(args[index]));
}

/** Each channel of an area with its validator. */
export type AreaValidators<Channels> = { [C in keyof Channels & IpcChannelName]: ArgsValidator<C> };
