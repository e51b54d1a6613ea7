/**
 * Whether this test process may use the OS keyring. Only the private keyring of scripts/with-keyring.sh
 * (which sets TESSERA_TEST_KEYRING) counts: the keyring tests delete and lock the vault-key item, which in
 * a developer's own session is the key of their real vault. Without it the tests skip, unless
 * TESSERA_REQUIRE_KEYRING=1 (set by `npm test`) asks for a failure instead, so CI cannot skip them silently.
 */
export function keyringGate(env: NodeJS.ProcessEnv = process.env): { available: boolean; required: boolean; reason: string } {
  const required = env.TESSERA_REQUIRE_KEYRING === '1';
  if (!env.DBUS_SESSION_BUS_ADDRESS) return { available: false, required, reason: 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset); run under scripts/with-keyring.sh' };
  if (env.TESSERA_TEST_KEYRING !== '1') return { available: false, required, reason: 'not inside scripts/with-keyring.sh, and the tests would alter the session keyring' };
  return { available: true, required, reason: '' };
}
