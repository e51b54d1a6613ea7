import { describe, expect, it } from 'vitest';
import { IpcChannel, type IpcChannelName, type ManualAccountInput } from '../../../src-main/ipc/contract';
import { channelValidators } from '../../../src-main/ipc/validators';
import { MAX_QR_IMAGE_BYTES } from '../../../src-main/desktop/qr-image';

const MANUAL: ManualAccountInput = { issuer: 'Example', label: 'ada', secret: 'JBSWY3DPEHPK3PXP', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 };
const NO_ARG_CHANNELS = Object.entries(channelValidators).filter(([, validate]) => validate([])).map(([channel]) => channel);

const accepted: [IpcChannelName, unknown[]][] = [
  ['vault:nextHotp', ['a1b2']],
  ['vault:addUri', ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP']],
  ['vault:addManual', [MANUAL]],
  ['vault:addManual', [{ ...MANUAL, kind: 'hotp', counter: 5 }]],
  ['vault:previewManual', [{ ...MANUAL, secret: '' }]],
  ['vault:addQrImage', [new Uint8Array([0x89, 0x50])]],
  ['vault:update', ['id', { pinned: true, colour: null, group: 'Work' }]],
  ['vault:update', ['id', {}]],
  ['vault:reorder', [['a', 'b']]],
  ['vault:exportEncrypted', ['a long password']],
  ['vault:importFile', [null]],
  ['vault:importText', ['otpauth://…', 'pw']],
  ['lock:unlock', ['']],
  ['lock:setPasscode', [null, '1234']],
  ['settings:update', [{ idleLockMinutes: 0, hideCodes: true, serverPort: 4100 }]],
  ['push:enroll', ['otpauth://totp/x?enrollment_tx_id=1', 'Laptop']],
  ['push:enrollQr', [{ kind: 'image', bytes: new Uint8Array([0x89, 0x50]) }, 'Laptop']],
  ['push:enrollQr', [{ kind: 'clipboard' }, 'Laptop']],
  ['push:enrollQr', [{ kind: 'screen' }, 'Laptop']],
  ['push:enrollQr', [{ kind: 'region' }, 'Laptop']],
  ['push:resolve', ['tx', 'approve', '42']],
  ['push:resolve', ['tx', 'not_me', null]],
  ['vault:restore', ['a1b2']],
  ['vault:purge', ['a1b2']],
  ['settings:update', [{ paletteShortcut: 'CommandOrControl+Shift+Space', concealClipboard: false, contentProtection: true }]],
  ['settings:update', [{ paletteShortcut: '' }]],
];

const refused: [string, IpcChannelName, unknown[]][] = [
  ['an extra argument', 'vault:list', [1]],
  ['an extra argument after the declared ones', 'vault:remove', ['id', 'more']],
  ['a missing argument', 'vault:importText', ['text']],
  ['an empty id', 'vault:remove', ['']],
  ['an over-long id', 'vault:copyCode', ['x'.repeat(201)]],
  ['a number for a string', 'vault:addUri', [42]],
  ['an unknown key in manual input', 'vault:addManual', [{ ...MANUAL, secretBytes: [1] }]],
  ['a missing key in manual input', 'vault:addManual', [{ ...MANUAL, period: undefined }]],
  ['an unknown kind', 'vault:addManual', [{ ...MANUAL, kind: 'sms' }]],
  ['a lower-case algorithm', 'vault:addManual', [{ ...MANUAL, algorithm: 'sha1' }]],
  ['5 digits', 'vault:addManual', [{ ...MANUAL, digits: 5 }]],
  ['a fractional period', 'vault:previewManual', [{ ...MANUAL, period: 30.5 }]],
  ['an array for bytes', 'vault:addQrImage', [[0x89, 0x50]]],
  ['empty bytes', 'vault:addQrImage', [new Uint8Array()]],
  ['a patch with a secret', 'vault:update', ['id', { secret: 'x' }]],
  ['a patch with a wrong type', 'vault:update', ['id', { pinned: 'yes' }]],
  ['a class instance as patch', 'vault:update', ['id', new Date()]],
  ['duplicate ids', 'vault:reorder', [['a', 'a']]],
  ['an empty backup password', 'vault:exportEncrypted', ['']],
  ['an unknown setting', 'settings:update', [{ theme: 'dark' }]],
  ['a privileged port', 'settings:update', [{ serverPort: 80 }]],
  ['a negative idle time', 'settings:update', [{ idleLockMinutes: -1 }]],
  ['a string boolean', 'settings:update', [{ hideCodes: 'true' }]],
  ['an unknown push decision', 'push:resolve', ['tx', 'maybe', null]],
  ['a 3-digit number', 'push:resolve', ['tx', 'approve', '123']],
  ['an empty device name', 'push:enroll', ['otpauth://x', '']],
  ['a push QR source as a bare string', 'push:enrollQr', ['screen', 'Laptop']],
  ['an unknown push QR source', 'push:enrollQr', [{ kind: 'camera' }, 'Laptop']],
  ['a push QR image without bytes', 'push:enrollQr', [{ kind: 'image' }, 'Laptop']],
  ['a push QR image as an array', 'push:enrollQr', [{ kind: 'image', bytes: [0x89, 0x50] }, 'Laptop']],
  ['an empty push QR image', 'push:enrollQr', [{ kind: 'image', bytes: new Uint8Array() }, 'Laptop']],
  ['a push QR image over the size cap', 'push:enrollQr', [{ kind: 'image', bytes: new Uint8Array(MAX_QR_IMAGE_BYTES + 1) }, 'Laptop']],
  ['bytes with a capture source', 'push:enrollQr', [{ kind: 'clipboard', bytes: new Uint8Array([1]) }, 'Laptop']],
  ['an extra key on a push QR source', 'push:enrollQr', [{ kind: 'screen', display: 2 }, 'Laptop']],
  ['a class instance as push QR source', 'push:enrollQr', [new Date(), 'Laptop']],
  ['a null push QR source', 'push:enrollQr', [null, 'Laptop']],
  ['a push QR enrollment without a device name', 'push:enrollQr', [{ kind: 'screen' }]],
  ['an empty device name for a push QR code', 'push:enrollQr', [{ kind: 'region' }, '']],
  ['an over-long device name for a push QR code', 'push:enrollQr', [{ kind: 'region' }, 'x'.repeat(201)]],
  ['an empty id to restore', 'vault:restore', ['']],
  ['a number as the id to purge', 'vault:purge', [7]],
  ['two ids to purge', 'vault:purge', ['a', 'b']],
  ['a palette shortcut without a modifier', 'settings:update', [{ paletteShortcut: 'Space' }]],
  ['a palette shortcut that is not an accelerator', 'settings:update', [{ paletteShortcut: 'Ctrl+Shift+Banana' }]],
  ['a string for contentProtection', 'settings:update', [{ contentProtection: 'on' }]],
];

describe('channelValidators', () => {
  it('covers every channel of the contract', () => {
    expect(Object.keys(channelValidators).sort()).toEqual([...new Set(Object.values(IpcChannel))].sort());
  });

  it.each(NO_ARG_CHANNELS)('%s takes no arguments and refuses any', (channel) => {
    expect(channelValidators[channel as IpcChannelName]([undefined])).toBe(false);
  });

  it.each(accepted)('%s accepts %j', (channel, args) => {
    expect(channelValidators[channel](args)).toBe(true);
  });

  it.each(refused)('refuses %s (%s)', (_name, channel, args) => {
    expect(channelValidators[channel](args)).toBe(false);
  });
});
