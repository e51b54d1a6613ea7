import { describe, expect, it } from 'vitest';
import { IpcChannel, type IpcChannelName, type ManualAccountInput } from '../../../src-main/ipc/contract';
import { channelValidators } from '../../../src-main/ipc/validators';
import { MAX_QR_IMAGE_BYTES } from '../../../src-main/desktop/qr-image';

const MANUAL: ManualAccountInput = { issuer: 'Example', label: 'ada', secret: 'JBSWY3DPEHPK3PXP', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 };
const USER_QUERY = { search: '', filter: 'all', page: 0, perPage: 25 };
const LOG_QUERY = { types: ['gd_unenroll', 'gd_enrollment_complete'], page: 0, perPage: 50 };
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
  ['admin:addRemoteConnection', [{ baseUrl: 'http://127.0.0.1:3000', clientId: 'abc', clientSecret: 's3cret' }]],
  ['admin:addRemoteConnection', [{ baseUrl: 'https://tenant.eu.auth0.com/', clientId: 'abc', clientSecret: 's', label: 'Prod' }]],
  ['admin:useConnection', ['this-computer']],
  ['admin:listUsers', [USER_QUERY]],
  ['admin:listUsers', [{ search: 'email:ada*', filter: 'push_locked', page: 1000, perPage: 100 }]],
  ['admin:getUser', ['ada@example.com']],
  ['admin:removeAuthenticator', ['auth0|ada', 'totp|dev_1']],
  ['admin:resetMfa', ['auth0|ada', 'ada@example.com']],
  ['admin:createTicket', [{ userId: 'auth0|ada', sendMail: false }]],
  ['admin:createTicket', [{ userId: 'auth0|ada', sendMail: true, factor: 'push-notification' }]],
  ['admin:userLogs', ['auth0|ada', 100]],
  ['admin:setFactor', ['push-notification', true]],
  ['admin:setPolicy', ['all-applications']],
  ['admin:setPushSettings', [{}]],
  ['admin:setPushSettings', [{ numberMatching: false, lockOnReject: true }]],
  ['admin:logs', [LOG_QUERY]],
  ['admin:logs', [{ ...LOG_QUERY, userId: 'auth0|ada', from: '2026-01-01', to: '2026-01-31T23:59:59.999Z' }]],
  ['admin:tailLogs', [{ from: null, take: 100 }]],
  ['admin:tailLogs', [{ from: '90020260101', take: 1 }]],
  ['admin:exportLogs', [{ types: [] }, 'csv']],
  ['admin:saveExport', [{ types: ['gd_unenroll'], userId: 'auth0|ada' }, 'json']],
  ['admin:previewBulkReset', [{ userIds: ['auth0|ada', 'auth0|bob'] }]],
  ['admin:startBulkReset', [{ query: 'email:*@example.com' }]],
  ['admin:bulkResetProgress', ['job_1']],
  ['admin:createApplication', [{ name: 'Shop', preset: 'password_mfa' }]],
  ['admin:rotateApplicationSecret', ['client1']],
  ['admin:copySecret', ['ABCD EFGH IJKL MNOP QRST UVWX']],
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
  ['a connection without a secret', 'admin:addRemoteConnection', [{ baseUrl: 'https://t/', clientId: 'abc' }]],
  ['an empty client secret', 'admin:addRemoteConnection', [{ baseUrl: 'https://t/', clientId: 'abc', clientSecret: '' }]],
  ['an over-long client secret', 'admin:addRemoteConnection', [{ baseUrl: 'https://t/', clientId: 'abc', clientSecret: 'x'.repeat(1025) }]],
  ['an over-long URL', 'admin:addRemoteConnection', [{ baseUrl: `https://t/${'x'.repeat(2048)}`, clientId: 'abc', clientSecret: 's' }]],
  ['an unknown connection key', 'admin:addRemoteConnection', [{ baseUrl: 'https://t/', clientId: 'abc', clientSecret: 's', audience: 'x' }]],
  ['101 users a page', 'admin:listUsers', [{ ...USER_QUERY, perPage: 101 }]],
  ['0 users a page', 'admin:listUsers', [{ ...USER_QUERY, perPage: 0 }]],
  ['page 1001', 'admin:listUsers', [{ ...USER_QUERY, page: 1001 }]],
  ['a negative page', 'admin:listUsers', [{ ...USER_QUERY, page: -1 }]],
  ['a fractional page', 'admin:listUsers', [{ ...USER_QUERY, page: 1.5 }]],
  ['an unknown user filter', 'admin:listUsers', [{ ...USER_QUERY, filter: 'blocked' }]],
  ['a user query without a filter', 'admin:listUsers', [{ search: '', page: 0, perPage: 25 }]],
  ['an over-long search', 'admin:listUsers', [{ ...USER_QUERY, search: 'x'.repeat(501) }]],
  ['an over-long user id', 'admin:getUser', ['x'.repeat(301)]],
  ['an empty user id', 'admin:regenerateRecoveryCode', ['']],
  ['a missing confirmation', 'admin:resetMfa', ['auth0|ada']],
  ['an unknown ticket factor', 'admin:createTicket', [{ userId: 'auth0|ada', sendMail: false, factor: 'sms' }]],
  ['a ticket without sendMail', 'admin:createTicket', [{ userId: 'auth0|ada' }]],
  ['take 101', 'admin:userLogs', ['auth0|ada', 101]],
  ['take 0', 'admin:tailLogs', [{ from: null, take: 0 }]],
  ['a factor name with a space', 'admin:setFactor', ['push notification', true]],
  ['a string for a toggle', 'admin:setFactor', ['otp', 'on']],
  ['an unknown policy', 'admin:setPolicy', ['always']],
  ['an unknown push setting', 'admin:setPushSettings', [{ numberMatching: true, timeout: 30 }]],
  ['a log type with SQL in it', 'admin:logs', [{ ...LOG_QUERY, types: ["s' OR 1=1"] }]],
  ['a date that is not a date', 'admin:logs', [{ ...LOG_QUERY, from: '2026-13-45' }]],
  ['a date in words', 'admin:logs', [{ ...LOG_QUERY, to: 'yesterday' }]],
  ['duplicate log types', 'admin:logs', [{ ...LOG_QUERY, types: ['s', 's'] }]],
  ['paging in an export query', 'admin:exportLogs', [LOG_QUERY, 'csv']],
  ['an unknown export format', 'admin:saveExport', [{ types: [] }, 'xlsx']],
  ['an empty bulk selection', 'admin:previewBulkReset', [{ userIds: [] }]],
  ['a bulk selection with both', 'admin:startBulkReset', [{ userIds: ['auth0|ada'], query: 'x' }]],
  ['an empty bulk query', 'admin:startBulkReset', [{ query: '' }]],
  ['duplicate users in a bulk selection', 'admin:previewBulkReset', [{ userIds: ['auth0|ada', 'auth0|ada'] }]],
  ['1001 users in a bulk selection', 'admin:previewBulkReset', [{ userIds: Array.from({ length: 1001 }, (_, i) => `auth0|${i}`) }]],
  ['an unknown application preset', 'admin:createApplication', [{ name: 'Shop', preset: 'spa' }]],
  ['an application without a name', 'admin:createApplication', [{ name: '', preset: 'm2m' }]],
  ['an empty secret to copy', 'admin:copySecret', ['']],
  ['an over-long secret to copy', 'admin:copySecret', ['x'.repeat(2049)]],
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
