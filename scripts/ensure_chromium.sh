#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests (no browser download),
# and Node.js for the instrument's JavaScript unit tests (node --test tests/js).
set -euo pipefail
CHROMIUM=${APAC_CHROMIUM:-/usr/bin/chromium}
# CJK fonts let screenshots show the disputes' Chinese, Japanese and Korean names faithfully.
PACKAGES="chromium fonts-dejavu-core fonts-noto-cjk"
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
if [ -x "$CHROMIUM" ] && command -v node >/dev/null 2>&1 \
  && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
echo "Installing Debian's chromium (and CJK fonts) for the browser tests..."
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
  fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PACKAGES >/dev/null
  fi
fi
if [ ! -x "$CHROMIUM" ]; then
  cat >&2 <<MSG
error: the browser tests need Debian's Chromium at $CHROMIUM and it could not be installed here.
       Install it as root with:  apt-get update && apt-get install -y chromium
       (or point APAC_CHROMIUM at another Chromium binary). Browser tests never skip.
MSG
  exit 1
fi
