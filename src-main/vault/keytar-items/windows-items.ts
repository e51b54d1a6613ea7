import type { KeytarItems } from './index';

/** keytar's Credential Manager target: https://github.com/atom/node-keytar/blob/master/src/keytar_win.cc */
const keytarTarget = (service: string, account: string) => `${service}/${account}`;

/** keytar stored the password as UTF-8 bytes, which keyring's getPassword (UTF-16) cannot read: take the raw secret. */
export function createWindowsKeytarItems(): KeytarItems {
  return {
    async read(keyring, service, account, signal) {
      const bytes = await keyring.AsyncEntry.withTarget(keytarTarget(service, account), service, account).getSecret(signal);
      return bytes === null ? null : new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    },
    async remove(keyring, service, account, signal) {
      return keyring.AsyncEntry.withTarget(keytarTarget(service, account), service, account).deleteCredential(signal);
    },
  };
}
