#!/usr/bin/env bash
# Debian packages the test suite drives as real, independent parts:
#   oathtool  - the TOTP oracle the server's codes are checked against
#   openssl   - a self-signed certificate for the TLS front in the auth0 SDK contract test
#   chromium  - real browser for UI tests, driven by playwright-core (never a downloaded browser)
#   dbus-daemon gnome-keyring libsecret-tools - a real Secret Service on a private bus for the
#             keychain tests (scripts/with-keyring.sh), and secret-tool as an independent client
#   postgresql - the PostgreSQL store's tests (test/setup/postgres.ts starts its own throwaway server on a
#             free loopback port from these binaries, never the package's own cluster)
# Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
PACKAGES=(oathtool openssl ca-certificates chromium fonts-liberation dbus-daemon gnome-keyring libsecret-tools postgresql)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Missing Debian packages: ${missing[*]} (install them as root)" >&2
    exit 1
  fi
fi
echo "[system-deps] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
