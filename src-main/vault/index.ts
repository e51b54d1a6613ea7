// The authenticator core for the main process and the CLI. Plain Node: no electron imports. Seeds stay
// behind this module: callers get accounts and codes, never a secret (exports aside, on request).
export { openVault, type Vault, type VaultOptions } from './vault';
export { createOsSecretStore, type OsSecretStoreOptions } from './os-secret-store';
export { readSecretEarly, withEarlyRead, type EarlySecretRead } from './early-secret-read';
export { createMemorySecretStore, keyringNameFor, type SecretStore } from './secret-store';
export { VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE } from './vault-key';
export { VAULT_DB_FILE } from './vault-db';
export { describeAccount } from './account-ref';
export { BACKUP_SCRYPT, MIN_BACKUP_PASSWORD_LENGTH, type ScryptCost } from './backup';
export { TRASH_RETENTION_DAYS } from './account-trash';
export * from './errors';
export * from './types';
