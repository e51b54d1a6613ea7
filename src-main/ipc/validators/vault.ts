import type { VaultChannels } from '../contract';
import { OtpAlgorithm, OtpKind } from '../../vault/types';
import { MAX_QR_IMAGE_BYTES } from '../../desktop/qr-image';
import { boolean, id, integer, MAX_NAME, MAX_PASSWORD, nullable, oneOf, record, string, tuple, uniqueList, type AreaValidators, type Check } from './checks';

const MAX_URI = 8 * 1024;
/** A text import is an export pasted in: a few thousand accounts at most. */
const MAX_IMPORT_TEXT = 5 * 1024 * 1024;
const MAX_REORDER = 10_000;

export const manualInput: Check = record(
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

export const qrBytes: Check = (value) => value instanceof Uint8Array && value.length > 0 && value.length <= MAX_QR_IMAGE_BYTES;

export const vaultValidators: AreaValidators<VaultChannels> = {
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
  'vault:reorder': tuple(uniqueList(id, MAX_REORDER)),
  'vault:copyCode': tuple(id),
  'vault:exportEncrypted': tuple(string(MAX_PASSWORD, 1)),
  'vault:exportPlain': tuple(),
  'vault:importFile': tuple(nullable(string(MAX_PASSWORD))),
  'vault:importText': tuple(string(MAX_IMPORT_TEXT, 1), nullable(string(MAX_PASSWORD))),
};

export { MAX_URI };
