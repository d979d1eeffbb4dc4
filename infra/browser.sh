#!/usr/bin/env bash
# Installs a headless browser for the web console's browser test (ConsoleBrowserIT): Debian's
# chromium package, non-interactively. Quick when one is already installed.
#
# Prints nothing but a note when it cannot install (not Debian, no root, no package source): the test
# then skips itself with a message, unless BERTH_REQUIRE_BROWSER=1 (CI), where this script fails.
#
# Usage: infra/browser.sh
set -euo pipefail

say() { printf 'browser: %s\n' "$*"; }

for candidate in "${BERTH_CHROMIUM:-}" chromium chromium-browser; do
  if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null 2>&1; then
    say "using $(command -v "$candidate")"
    exit 0
  fi
done

cannot() {
  if [[ "${BERTH_REQUIRE_BROWSER:-0}" == "1" ]]; then
    echo "browser: $* (BERTH_REQUIRE_BROWSER=1: the browser test must run)" >&2
    exit 1
  fi
  say "$*; the console's browser test will be skipped"
  exit 0
}

command -v apt-get >/dev/null 2>&1 || cannot "no apt-get on this machine (install chromium yourself)"
as_root=()
if [[ "$(id -u)" != "0" ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    cannot "installing chromium needs root (or password-less sudo)"
  fi
fi

say "installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/dev/null; then
  "${as_root[@]}" apt-get update -q >/dev/null || true
  "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/dev/null \
    || cannot "apt-get could not install chromium"
fi
say "installed $(command -v chromium)"
