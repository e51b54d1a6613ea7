// Child process for the "no D-Bus" test: the session bus address is read by the native module from the
// process environment, so the test strips it from a child's, never from the test runner's.
import { createOsSecretStore, VaultError } from '../../../src-main/vault';

try {
  process.stdout.write(JSON.stringify({ value: await createOsSecretStore().get('Tessera Test', 'no-bus') }));
} catch (caught) {
  if (!(caught instanceof VaultError)) throw caught;
  process.stdout.write(JSON.stringify({ ...caught, name: caught.name, message: caught.message }));
}
