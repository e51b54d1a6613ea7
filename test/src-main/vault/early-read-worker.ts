// Child process for the early keychain read without a reachable bus: the native module reads the session
// bus address from the process environment, so the test changes a child's, never the test runner's.
import { readSecretEarly } from '../../../src-main/vault';

const value = await readSecretEarly('linux', 'Tessera Test', 'no-bus');
process.stdout.write(JSON.stringify({ value: value ?? null }));
