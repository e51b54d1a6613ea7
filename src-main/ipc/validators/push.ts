import { PushDecision, PushQrSourceKind, type PushChannels } from '../contract';
import { id, isPlainObject, MAX_NAME, nullable, oneOf, record, string, tuple, type AreaValidators, type Check } from './checks';
import { MAX_URI, qrBytes } from './vault';

const pushQrSource: Check = (value) => {
  if (!isPlainObject(value)) return false;
  if (value['kind'] === PushQrSourceKind.image) return record({ kind: oneOf([PushQrSourceKind.image]), bytes: qrBytes })(value);
  const capture = Object.values(PushQrSourceKind).filter((kind) => kind !== PushQrSourceKind.image);
  return record({ kind: oneOf(capture) })(value);
};
const pushNumber: Check = nullable((value) => typeof value === 'string' && /^[0-9]{2}$/.test(value));

export const pushValidators: AreaValidators<PushChannels> = {
  'push:devices': tuple(),
  'push:enroll': tuple(string(MAX_URI, 1), string(MAX_NAME, 1)),
  'push:enrollQr': tuple(pushQrSource, string(MAX_NAME, 1)),
  'push:remove': tuple(id),
  'push:pending': tuple(),
  'push:resolve': tuple(id, oneOf(Object.values(PushDecision)), pushNumber),
};
