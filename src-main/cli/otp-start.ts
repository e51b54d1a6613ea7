/**
 * The first file the bin loads for `tessera otp …` (out/node/otp-start.mjs, a few kB): it begins the vault
 * key's read before out/node/otp.mjs is even compiled, which the keychain's round trips otherwise outlast.
 */
export { startVaultKeyRead } from './early-vault-key';
