import path from 'node:path';
import type { JWK } from 'jose';
import { PushDeviceError } from './errors';
import { readJsonFile, removeFile, writePrivateJson } from './private-file';
import type { KeyStore } from './types';

// Enrollment ids become file names, so only a conservative alphabet is accepted (`dev_…` fits).
const ENROLLMENT_ID_FOR_FILE = /^[A-Za-z0-9_-]{1,200}$/;

function keyFile(folder: string, enrollmentId: string): string {
  if (!ENROLLMENT_ID_FOR_FILE.test(enrollmentId)) {
    throw new PushDeviceError(`enrollment id ${JSON.stringify(enrollmentId)} cannot be used as a key file name`);
  }
  return path.join(folder, `${enrollmentId}.jwk.json`);
}

/**
 * Device private keys as 0600 JSON files, one per enrollment, for the `tessera` CLI. The desktop app does
 * not use this: it implements `KeyStore` over the OS keychain, where secrets belong (STYLE principle 9).
 */
export function createFileKeyStore(folder: string): KeyStore {
  return {
    async save(enrollmentId, privateJwk) {
      await writePrivateJson(keyFile(folder, enrollmentId), privateJwk);
    },
    async load(enrollmentId) {
      const jwk = await readJsonFile(keyFile(folder, enrollmentId));
      if (jwk === undefined) return undefined;
      if (jwk === null || typeof jwk !== 'object' || (jwk as JWK).kty !== 'RSA') {
        throw new PushDeviceError(`key file for ${enrollmentId} is not an RSA JWK`);
      }
      return jwk as JWK;
    },
    async remove(enrollmentId) {
      await removeFile(keyFile(folder, enrollmentId));
    },
  };
}
