import { describe, expect, it } from 'vitest';
import { parseLegacyHash, verifyLegacyHash } from '../../../server/crypto/legacy-hashes.js';
import { createPasswordHasher } from '../../../server/crypto/passwords.js';
import { systemRandom } from '../../../server/crypto/random.js';
import { TEST_KDF } from '../../helpers/test-crypto.js';
import { importedPasswordHash } from '../../../server/services/import-passwords.js';
import { ARGON2, BCRYPT_2Y, OLD_PASSWORD, PBKDF2_SHA1_RFC6070, PBKDF2_SHA512, SCRYPT_OPENSSL, SCRYPT_RFC7914 } from '../../helpers/legacy-hash-vectors.js';

/** Stored form of a row's hash, failing the test when the row is refused. */
function stored(row: Parameters<typeof importedPasswordHash>[0]): string {
  const result = importedPasswordHash(row);
  if (typeof result !== 'string') throw new Error(`refused: ${JSON.stringify(result)}`);
  return result;
}

describe('imported password hashes, checked against hashes made by independent tools', () => {
  const cases: [string, string, string][] = [
    ['bcrypt $2y$ (htpasswd)', stored({ password_hash: BCRYPT_2Y }), OLD_PASSWORD],
    ['bcrypt $2a$ spelling of the same hash', stored({ password_hash: BCRYPT_2Y.replace('$2y$', '$2a$') }), OLD_PASSWORD],
    ['bcrypt $2b$ spelling, as custom_password_hash', stored({ custom_password_hash: { algorithm: 'bcrypt', hash: { value: BCRYPT_2Y.replace('$2y$', '$2b$'), encoding: 'utf8' } } }), OLD_PASSWORD],
    ['argon2id (reference CLI)', stored({ custom_password_hash: { algorithm: 'argon2', hash: { value: ARGON2.argon2id } } }), OLD_PASSWORD],
    ['argon2i (reference CLI)', stored({ custom_password_hash: { algorithm: 'argon2', hash: { value: ARGON2.argon2i } } }), OLD_PASSWORD],
    ['argon2d (reference CLI)', stored({ custom_password_hash: { algorithm: 'argon2', hash: { value: ARGON2.argon2d } } }), OLD_PASSWORD],
    ['pbkdf2-sha512 (openssl kdf)', stored({ custom_password_hash: { algorithm: 'pbkdf2', hash: { value: PBKDF2_SHA512, encoding: 'utf8' } } }), OLD_PASSWORD],
    ['pbkdf2-sha1 (RFC 6070)', stored({ custom_password_hash: { algorithm: 'pbkdf2', hash: { value: PBKDF2_SHA1_RFC6070.hash } } }), PBKDF2_SHA1_RFC6070.password],
    ['scrypt, hex hash (openssl kdf)', stored({ custom_password_hash: SCRYPT_OPENSSL }), OLD_PASSWORD],
    ['scrypt, base64 hash (RFC 7914 §12)', stored({ custom_password_hash: SCRYPT_RFC7914.custom }), SCRYPT_RFC7914.password],
  ];

  it.each(cases)('%s: the right password verifies, a wrong one does not', async (_name, hash, password) => {
    expect(await verifyLegacyHash(password, hash)).toBe(true);
    expect(await verifyLegacyHash(`${password}x`, hash)).toBe(false);
    expect(await verifyLegacyHash('', hash)).toBe(false);
  });

  it('a hash with one changed character no longer verifies', async () => {
    const changed = BCRYPT_2Y.slice(0, -1) + (BCRYPT_2Y.endsWith('G') ? 'H' : 'G');
    expect(await verifyLegacyHash(OLD_PASSWORD, changed)).toBe(false);
    const argon = ARGON2.argon2id.replace('P5Bt', 'P5Bu');
    expect(await verifyLegacyHash(OLD_PASSWORD, argon)).toBe(false);
  });

  it('scrypt in Auth0 form is stored in one self-describing string', () => {
    expect(stored({ custom_password_hash: SCRYPT_OPENSSL })).toBe(
      `$scrypt$n=16384,r=8,p=1$${Buffer.from('pepper-salt').toString('base64').replace(/=+$/, '')}$${Buffer.from(SCRYPT_OPENSSL.hash.value, 'hex').toString('base64').replace(/=+$/, '')}`,
    );
  });
});

describe('imported hashes refused at import, with the field at fault', () => {
  const refusals: [string, Parameters<typeof importedPasswordHash>[0], { code: string; message: string; path: string }][] = [
    ['both hash fields', { password_hash: BCRYPT_2Y, custom_password_hash: { algorithm: 'bcrypt', hash: { value: BCRYPT_2Y } } }, { code: 'NOT_PASSED', message: 'password_hash and custom_password_hash are mutually exclusive', path: '' }],
    ['password_hash not bcrypt', { password_hash: 'plain' }, { code: 'INVALID_FORMAT', message: 'password_hash must be a bcrypt hash', path: 'password_hash' }],
    ['bcrypt $2x$', { password_hash: BCRYPT_2Y.replace('$2y$', '$2x$') }, { code: 'INVALID_FORMAT', message: 'not a bcrypt hash ($2a$, $2b$ or $2y$)', path: 'password_hash' }],
    ['bcrypt cost 31', { password_hash: BCRYPT_2Y.replace('$10$', '$31$') }, { code: 'INVALID_FORMAT', message: 'bcrypt cost must be between 4 and 16', path: 'password_hash' }],
    ['md5', { custom_password_hash: { algorithm: 'md5', hash: { value: 'abc', encoding: 'hex' } } }, { code: 'UNSUPPORTED_ALGORITHM', message: 'custom_password_hash algorithm md5 is not supported by this server (supported: argon2, bcrypt, pbkdf2, scrypt)', path: 'custom_password_hash.algorithm' }],
    ['argon2 with a salt', { custom_password_hash: { algorithm: 'argon2', hash: { value: ARGON2.argon2id }, salt: { value: 'x' } } }, { code: 'OBJECT_ADDITIONAL_PROPERTIES', message: 'Additional properties not allowed: salt', path: 'custom_password_hash' }],
    ['argon2 in base64', { custom_password_hash: { algorithm: 'argon2', hash: { value: ARGON2.argon2id, encoding: 'base64' } } }, { code: 'INVALID_FORMAT', message: 'argon2 hash.encoding must be utf8', path: 'custom_password_hash.hash.encoding' }],
    ['argon2 version 16', { custom_password_hash: { algorithm: 'argon2', hash: { value: ARGON2.argon2i.replace('v=19', 'v=16') } } }, { code: 'INVALID_FORMAT', message: 'only argon2 version 19 is supported', path: 'custom_password_hash.hash.value' }],
    ['argon2 with 4 GiB of memory', { custom_password_hash: { algorithm: 'argon2', hash: { value: ARGON2.argon2id.replace('m=4096', 'm=4194304') } } }, { code: 'INVALID_FORMAT', message: 'argon2 parameters out of range', path: 'custom_password_hash.hash.value' }],
    ['algorithm and hash disagree', { custom_password_hash: { algorithm: 'pbkdf2', hash: { value: ARGON2.argon2id } } }, { code: 'INVALID_FORMAT', message: 'hash.value is not a pbkdf2 hash', path: 'custom_password_hash.hash.value' }],
    ['pbkdf2 with an unknown digest', { custom_password_hash: { algorithm: 'pbkdf2', hash: { value: PBKDF2_SHA512.replace('sha512', 'whirlpool') } } }, { code: 'INVALID_FORMAT', message: 'pbkdf2 digest must be one of md5, sha1, sha224, sha256, sha384, sha512', path: 'custom_password_hash.hash.value' }],
    ['pbkdf2 l disagreeing with the hash', { custom_password_hash: { algorithm: 'pbkdf2', hash: { value: PBKDF2_SHA512.replace('l=32', 'l=64') } } }, { code: 'INVALID_FORMAT', message: 'pbkdf2 key length (l) does not match the hash', path: 'custom_password_hash.hash.value' }],
    ['scrypt without a salt', { custom_password_hash: { ...SCRYPT_OPENSSL, salt: undefined } }, { code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: 'Missing required property: salt', path: 'custom_password_hash' }],
    ['scrypt in utf8', { custom_password_hash: { ...SCRYPT_OPENSSL, hash: { value: 'x', encoding: 'utf8' } } }, { code: 'INVALID_FORMAT', message: 'scrypt hash.encoding must be base64 or hex', path: 'custom_password_hash.hash.encoding' }],
    ['scrypt keylen disagreeing', { custom_password_hash: { ...SCRYPT_OPENSSL, keylen: 32 } }, { code: 'INVALID_FORMAT', message: 'keylen 32 does not match the 64-byte hash', path: 'custom_password_hash.keylen' }],
    ['scrypt cost not a power of two', { custom_password_hash: { ...SCRYPT_OPENSSL, cost: 1000 } }, { code: 'INVALID_FORMAT', message: 'scrypt parameters out of range', path: 'custom_password_hash.hash.value' }],
    ['a latin1 password', { custom_password_hash: { ...SCRYPT_OPENSSL, password: { encoding: 'latin1' } } }, { code: 'INVALID_FORMAT', message: 'only utf8 passwords are supported', path: 'custom_password_hash.password.encoding' }],
  ];

  it.each(refusals)('%s', (_name, row, error) => {
    expect(importedPasswordHash(row)).toEqual(error);
  });

  it('nothing to store when the row has no hash', () => {
    expect(importedPasswordHash({})).toBeUndefined();
    expect(typeof parseLegacyHash('scrypt$1$2$3$a$b')).toBe('string');
  });
});

describe('the password hasher with imported hashes', () => {
  const hasher = createPasswordHasher(systemRandom, TEST_KDF);

  it('verifies an imported hash and asks for it to be replaced; its own scrypt hashes are kept', async () => {
    expect(await hasher.verify(OLD_PASSWORD, BCRYPT_2Y)).toBe(true);
    expect(await hasher.verify('wrong', BCRYPT_2Y)).toBe(false);
    expect(hasher.needsRehash(BCRYPT_2Y)).toBe(true);
    const own = await hasher.hash(OLD_PASSWORD);
    expect(hasher.needsRehash(own)).toBe(false);
    expect(await hasher.verify(OLD_PASSWORD, own)).toBe(true);
  });

  it('never accepts a password for a user imported without one', async () => {
    expect(await hasher.verify('!', '!')).toBe(false);
    expect(hasher.needsRehash('!')).toBe(false);
  });
});
