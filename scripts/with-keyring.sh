#!/usr/bin/env bash
# Usage: scripts/with-keyring.sh <command> [args...]
# Runs the command inside a private D-Bus session whose Secret Service is a fresh, unlocked
# gnome-keyring, so tests meet a real keyring (@napi-rs/keyring, secret-tool) and never the user's own.
# The keyring's files live in a temp dir that is removed afterwards, never under HOME. The daemon (and
# anything the bus starts on demand) sees the temp XDG folders; the command gets the caller's back.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 <command> [args...]" >&2; exit 2; }
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null 2>&1 || { echo "with-keyring: $tool not found (apt: dbus-daemon gnome-keyring)" >&2; exit 127; }
done

DIR=$(mktemp -d "${TMPDIR:-/tmp}/tessera-keyring.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
XDG_NAMES="XDG_DATA_HOME XDG_CACHE_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR"
for name in $XDG_NAMES; do
  if [ -n "${!name+x}" ]; then export "TESSERA_SAVED_$name=${!name}"; fi
done
export XDG_DATA_HOME=$DIR/share XDG_CACHE_HOME=$DIR/cache XDG_CONFIG_HOME=$DIR/config XDG_RUNTIME_DIR=$DIR/run
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# The password only unlocks this throw-away keyring; --unlock reads it from stdin.
# Should the daemon die mid-run, the bus starts it again on the next call (D-Bus activation), and this
# service file, found before the system's in XDG_DATA_HOME, has it unlock the same keyring files again:
# the system's would start one with the login keyring locked, failing every later test.
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
cat > "$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service" <<'SERVICE'
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh -c "printf %s tessera-test | exec gnome-keyring-daemon --unlock --components=secrets --foreground"
SERVICE
export XDG_NAMES
dbus-run-session -- bash -c '
  printf %s tessera-test | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null \
    || { echo "with-keyring: gnome-keyring-daemon did not start" >&2; exit 1; }
  for name in $XDG_NAMES; do
    saved="TESSERA_SAVED_$name"
    if [ -n "${!saved+x}" ]; then export "$name=${!saved}"; unset "$saved"; else unset "$name"; fi
  done
  unset XDG_NAMES
  # Tells tests this keyring is a throw-away one they may alter (test/src-main/vault/keyring-gate.ts).
  export TESSERA_TEST_KEYRING=1
  exec "$@"' with-keyring "$@"
