#!/usr/bin/env bash
# Make sure Debian's HAProxy is installed for `make serve` and its browser test (no download).
set -euo pipefail
if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then
  exit 0
fi
echo "Installing Debian's haproxy (the load balancer of make serve)..."
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
  fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq haproxy >/dev/null
  fi
fi
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  cat >&2 <<MSG
error: make serve (and its browser test) need Debian's HAProxy, and it could not be installed here.
       Install it as root with:  apt-get update && apt-get install -y haproxy
MSG
  exit 1
fi
