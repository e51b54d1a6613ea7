/**
 * Password hashes made by tools independent of Tessera and of its hashing library, with the commands
 * that made them (run once; the outputs are pasted here). The password is OLD_PASSWORD unless noted.
 */
export const OLD_PASSWORD = 'old-password-1';

/** `htpasswd -nbBC 10 '' 'old-password-1'` (apache2-utils): bcrypt, `$2y$`. */
export const BCRYPT_2Y = '$2y$10$7i6wseqz0CXgc5L4OUcr3ucm0Q3.y96Val9g.MmD73TbyJ1KYEjgG';

/** `echo -n old-password-1 | argon2 somesalt123 -{id,i,d} -t 2 -m 12 -p 1 -e` (the reference argon2 CLI, Debian `argon2`). */
export const ARGON2 = {
  argon2id: '$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQxMjM$P5BtVJ1BduGDoJbyig7ppsDK3V+Xexj0XJh+dCj/Zb8',
  argon2i: '$argon2i$v=19$m=4096,t=2,p=1$c29tZXNhbHQxMjM$EYyKZvvGcufj4joYuVGnN4klCht4sfto6DamPQqt3eg',
  argon2d: '$argon2d$v=19$m=4096,t=2,p=1$c29tZXNhbHQxMjM$uF97c/fiONVvKewhL2fmqHNdhVmL4SQ64jZns8LBi5I',
};

const hexToB64 = (hex: string) => Buffer.from(hex.replace(/:/g, ''), 'hex').toString('base64').replace(/=+$/, '');

/**
 * `openssl kdf -keylen 32 -kdfopt digest:SHA512 -kdfopt pass:old-password-1
 *  -kdfopt hexsalt:000102030405060708090a0b0c0d0e0f -kdfopt iter:10000 PBKDF2`, in Auth0's PHC form.
 */
export const PBKDF2_SHA512 = `$pbkdf2-sha512$i=10000,l=32$${hexToB64('000102030405060708090a0b0c0d0e0f')}$${hexToB64(
  '5E:6F:54:5A:69:02:CC:4A:2D:47:82:B4:69:15:11:FB:A2:9F:0E:D0:EC:DF:F3:BB:74:16:58:A5:C5:B3:CE:38',
)}`;

/** RFC 6070 §2, PBKDF2-HMAC-SHA1 test vector 2: P "password", S "salt", c 4096, dkLen 20. */
export const PBKDF2_SHA1_RFC6070 = { password: 'password', hash: `$pbkdf2-sha1$i=4096,l=20$${Buffer.from('salt').toString('base64').replace(/=+$/, '')}$${hexToB64('4b007901b765489abead49d926f721d065a429c1')}` };

/**
 * `openssl kdf -keylen 64 -kdfopt pass:old-password-1 -kdfopt salt:pepper-salt -kdfopt n:16384 -kdfopt r:8
 *  -kdfopt p:1 SCRYPT`, as Auth0's scrypt `custom_password_hash` (hex hash, utf8 salt).
 */
export const SCRYPT_OPENSSL = {
  algorithm: 'scrypt',
  hash: { value: '28FCF1B7EE1ECFAC64824BFDD5A34B8B0E50049BAF7112B1DC0610CDB75F20FE37B2B9584FB9C4E3D4055637C38076DA2972E55333FD9A501ED6DBD511FFA80B', encoding: 'hex' },
  salt: { value: 'pepper-salt', encoding: 'utf8' },
  keylen: 64,
  cost: 16384,
  blockSize: 8,
  parallelization: 1,
};

/** RFC 7914 §12, third vector: P "pleaseletmein", S "SodiumChloride", N 16384, r 8, p 1, dkLen 64 (base64 hash, utf8 salt). */
export const SCRYPT_RFC7914 = {
  password: 'pleaseletmein',
  custom: {
    algorithm: 'scrypt',
    hash: {
      value: Buffer.from(
        '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
        'hex',
      ).toString('base64'),
      encoding: 'base64',
    },
    salt: { value: 'SodiumChloride', encoding: 'utf8' },
    cost: 16384,
  },
};
