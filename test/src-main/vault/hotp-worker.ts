// Child process for the HOTP concurrency test: takes `count` codes from the vault of `dataDir`, whose
// key it gets from `keyB64` through a memory store (as a second app or CLI instance would from the keyring).
import { createMemorySecretStore, openVault, VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE } from '../../../src-main/vault';

const [dataDir = '', keyB64 = '', id = '', count = '0'] = process.argv.slice(2);
const store = createMemorySecretStore();
await store.set(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT, keyB64);
const vault = await openVault({ dataDir, secretStore: store });
const counters: number[] = [];
for (let i = 0; i < Number(count); i += 1) {
  const view = vault.code(id, Date.now());
  if (view.kind === 'hotp') counters.push(view.counter);
}
vault.close();
process.stdout.write(JSON.stringify(counters));
