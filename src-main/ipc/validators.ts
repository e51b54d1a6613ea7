import { PushDecision, PushQrSourceKind, type IpcChannelName, type ScreenRegion } from './contract';
import { OtpAlgorithm, OtpKind } from '../vault/types';
import type { ArgsValidator } from './register';
import { isSettingsPatch } from '../desktop/settings-limits';
import { MAX_QR_IMAGE_BYTES } from '../desktop/qr-image';
import { vaultExtraValidators } from './validators-vault-extra';

// Renderer arguments are untrusted: every channel's tuple is checked for arity, types, lengths and
// closed vocabularies; an extra argument or an unknown object key fails the whole call.

type Check = (value: unknown) => boolean;

const MAX_ID = 200;
const MAX_NAME = 200;
const MAX_URI = 8 * 1024;
const MAX_PASSWORD = 1024;
/** A text import is an export pasted in: a few thousand accounts at most. */
const MAX_IMPORT_TEXT = 5 * 1024 * 1024;
const MAX_REORDER = 10_000;

const string = (max: number, min = 0): Check => (value) => typeof value === 'string' && value.length >= min && value.length <= max;
const nullable = (check: Check): Check => (value) => value === null || check(value);
const boolean: Check = (value) => typeof value === 'boolean';
const integer = (min: number, max: number): Check => (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const oneOf = (values: readonly string[]): Check => (value) => typeof value === 'string' && values.includes(value);
const id = string(MAX_ID, 1);
const finite: Check = (value) => typeof value === 'number' && Number.isFinite(value);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** A plain object with exactly the required keys, some optional ones, each passing its check. */
function record(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (value) => {
    if (!isPlainObject(value)) return false;
    if (!Object.keys(value).every((key) => Object.hasOwn(required, key) || Object.hasOwn(optional, key))) return false;
    if (!Object.entries(required).every(([key, check]) => Object.hasOwn(value, key) && check(value[key]))) return false;
    return Object.entries(optional).every(([key, check]) => !Object.hasOwn(value, key) || check(value[key]));
  };
}

/** A screen area from a page (the screen-area overlay's submit): exactly x, y, width and height, finite numbers. */
export const isScreenRegion = record({ x: finite, y: finite, width: finite, height: finite }) as (value: unknown) => value is ScreenRegion;

function tuple<C extends IpcChannelName>(...checks: Check[]): ArgsValidator<C> {
  return (args: readonly unknown[]): args is never => args.length === checks.length && checks.every((check, index) => check(args[index]));
}

const manualInput: Check = record(
  {
    issuer: string(MAX_NAME),
    label: string(MAX_NAME),
    secret: string(512),
    kind: oneOf(Object.values(OtpKind)),
    algorithm: oneOf(Object.values(OtpAlgorithm)),
    digits: integer(6, 8),
    period: integer(1, 86_400),
  },
  { counter: integer(0, Number.MAX_SAFE_INTEGER) },
);

const accountPatch: Check = record({}, {
  issuer: string(MAX_NAME),
  label: string(MAX_NAME),
  colour: nullable(string(32)),
  icon: nullable(string(64 * 1024)),
  group: nullable(string(MAX_NAME)),
  pinned: boolean,
});

const qrBytes: Check = (value) => value instanceof Uint8Array && value.length > 0 && value.length <= MAX_QR_IMAGE_BYTES;
const idList: Check = (value) => Array.isArray(value) && value.length <= MAX_REORDER && value.every(id) && new Set(value).size === value.length;
const pushQrSource: Check = (value) => {
  if (!isPlainObject(value)) return false;
  if (value['kind'] === PushQrSourceKind.image) return record({ kind: oneOf([PushQrSourceKind.image]), bytes: qrBytes })(value);
  const capture = Object.values(PushQrSourceKind).filter((kind) => kind !== PushQrSourceKind.image);
  return record({ kind: oneOf(capture) })(value);
};
const pushNumber: Check = nullable((value) => typeof value === 'string' && /^[0-9]{2}$/.test(value));

export const channelValidators: { [C in IpcChannelName]: ArgsValidator<C> } = {
  'app:getInfo': tuple(),
  'vault:status': tuple(),
  'vault:list': tuple(),
  'vault:codes': tuple(),
  'vault:nextHotp': tuple(id),
  'vault:addUri': tuple(string(MAX_URI, 1)),
  'vault:addManual': tuple(manualInput),
  'vault:previewManual': tuple(manualInput),
  'vault:addQrImage': tuple(qrBytes),
  'vault:addQrClipboard': tuple(),
  'vault:addQrScreen': tuple(),
  'vault:addQrRegion': tuple(),
  'vault:update': tuple(id, accountPatch),
  'vault:remove': tuple(id),
  'vault:reorder': tuple(idList),
  'vault:copyCode': tuple(id),
  'vault:exportEncrypted': tuple(string(MAX_PASSWORD, 1)),
  'vault:exportPlain': tuple(),
  'vault:importFile': tuple(nullable(string(MAX_PASSWORD))),
  'vault:importText': tuple(string(MAX_IMPORT_TEXT, 1), nullable(string(MAX_PASSWORD))),
  'lock:lock': tuple(),
  'lock:unlock': tuple(string(MAX_PASSWORD)),
  'lock:setPasscode': tuple(nullable(string(MAX_PASSWORD)), nullable(string(MAX_PASSWORD))),
  'lock:activity': tuple(),
  'lock:touchIdStatus': tuple(),
  'lock:unlockTouchId': tuple(),
  'settings:get': tuple(),
  'settings:update': tuple(isSettingsPatch),
  'push:devices': tuple(),
  'push:enroll': tuple(string(MAX_URI, 1), string(MAX_NAME, 1)),
  'push:enrollQr': tuple(pushQrSource, string(MAX_NAME, 1)),
  'push:remove': tuple(id),
  'push:pending': tuple(),
  'push:resolve': tuple(id, oneOf(Object.values(PushDecision)), pushNumber),
  'server:status': tuple(),
  'server:start': tuple(),
  'server:stop': tuple(),
  ...vaultExtraValidators,
};
