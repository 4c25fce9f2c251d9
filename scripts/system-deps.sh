#!/usr/bin/env bash
# Debian packages the full test suite uses: a real PostgreSQL server and Chromium for the
# browser tests. Installed only when missing and when we are root; otherwise those tests skip.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not root or no apt-get; tests needing ${need[*]} will skip" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}"
apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
  || echo "system-deps: could not install ${need[*]}; those tests will skip" >&2
exit 0
