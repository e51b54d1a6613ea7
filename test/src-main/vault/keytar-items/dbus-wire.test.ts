import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sessionBusSocketPath } from '../../../../src-main/vault/keytar-items/dbus-session-bus';
import { decodeMessage, encodeMethodCall, messageLength } from '../../../../src-main/vault/keytar-items/dbus-message';
import { splitSignature, WireReader, WireWriter } from '../../../../src-main/vault/keytar-items/dbus-wire';

const written = (type: string, value: unknown) => {
  const writer = new WireWriter();
  writer.write(type, value);
  return writer.toBuffer();
};

describe('the D-Bus wire format', () => {
  it('pads a dict entry to 8 and counts the array length without the padding before it (spec: Marshaling)', () => {
    expect(written('a{ss}', [['a', 'b']]).toString('hex')).toBe('0e000000' + '00000000' + '01000000' + '6100' + '0000' + '01000000' + '6200');
  });

  it('writes a variant as its signature (one-byte length) then its value, aligned where the value starts', () => {
    expect(written('(sv)', ['plain', ['s', '']]).toString('hex')).toBe('05000000' + '706c61696e00' + '017300' + '000000' + '00000000' + '00');
  });

  it.each([
    ['a{ss}o', ['a{ss}', 'o']], ['aoo', ['ao', 'o']], ['a{o(oayays)}', ['a{o(oayays)}']], ['(aoao)v', ['(aoao)', 'v']], ['', []],
  ])('splits "%s" into complete types', (signature, types) => {
    expect(splitSignature(signature)).toEqual(types);
  });

  it.each([['a{s'], ['x'], ['(s']])('refuses the signature "%s"', (signature) => {
    expect(() => splitSignature(signature)).toThrow(/D-Bus/);
  });

  it('reads back what it writes, for the Secret Service calls\' types', () => {
    const path = fc.stringMatching(/^\/[a-z0-9_]{1,12}(\/[a-z0-9_]{1,12}){0,3}$/);
    const secret = fc.tuple(path, fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)), fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), fc.string());
    fc.assert(fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 5 }), fc.array(path, { maxLength: 4 }), fc.array(fc.tuple(path, secret), { maxLength: 3 }), (dict, paths, secrets) => {
      for (const [type, value] of [['a{ss}', dict], ['(aoao)', [paths, paths]], ['a{o(oayays)}', secrets]] as const) {
        expect(new WireReader(written(type, value), true).read(type)).toEqual(value);
      }
    }));
  });

  it('frames a method call: its length is known from the header, and a decoded reply gives the body', () => {
    const call = encodeMethodCall({ destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets', interface: 'org.freedesktop.Secret.Service',
      member: 'SearchItems', signature: 'a{ss}', body: [[['service', 'Tessera'], ['account', 'vault-key']]] }, 7);
    expect(messageLength(call.subarray(0, 15))).toBeNull();
    expect(messageLength(call.subarray(0, call.length - 1))).toBeNull();
    expect(messageLength(Buffer.concat([call, Buffer.from('next')]))).toBe(call.length);
    expect(decodeMessage(call)).toEqual({ type: 1, replySerial: undefined, errorName: undefined, body: [[['service', 'Tessera'], ['account', 'vault-key']]] });
  });
});

describe('sessionBusSocketPath', () => {
  it.each([
    ['unix:path=/run/user/1000/bus', '/run/user/1000/bus'],
    ['unix:abstract=/tmp/dbus-Xyz,guid=0123', '\0/tmp/dbus-Xyz'],
    ['tcp:host=localhost,port=1;unix:path=/tmp/a%20b', '/tmp/a b'],
  ])('finds the socket of "%s"', (address, socket) => {
    expect(sessionBusSocketPath(address)).toBe(socket);
  });

  it.each([
    [undefined, 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset)'],
    ['tcp:host=localhost,port=1', 'no Unix socket in the D-Bus session address "tcp:host=localhost,port=1"'],
  ])('refuses %s', (address, message) => {
    expect(() => sessionBusSocketPath(address)).toThrow(message);
  });
});
