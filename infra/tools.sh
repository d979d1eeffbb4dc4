#!/usr/bin/env bash
# Installs the Python tools Berth needs (moto server, AWS CLI, cfn-lint,
# SAM CLI) into the project-local virtualenv .tools/venv.
#
# Idempotent and quick when nothing changed: the pinned requirements and
# the Python version are recorded in a stamp file after a successful
# install, and pip is skipped while the stamp matches.
#
# Usage: infra/tools.sh [--force]
# Then:  source infra/env.sh   (puts the tools on PATH, sets AWS defaults)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/.tools"
VENV="$TOOLS_DIR/venv"
REQS="$ROOT/infra/requirements-tools.txt"
STAMP="$VENV/.berth-tools.stamp"
PYTHON="${PYTHON:-python3}"

say() { printf 'tools: %s\n' "$*"; }

force=0
case "${1:-}" in
  --force) force=1 ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "tools: $PYTHON not found; Python 3.9+ is required" >&2
  exit 1
fi

# The stamp is the requirements file plus the interpreter version: a
# change to either means reinstalling.
py_version="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
wanted_stamp="$(printf 'python %s\n' "$py_version"; grep -v '^[[:space:]]*\(#\|$\)' "$REQS")"

if [[ $force -eq 0 && -f "$STAMP" && -x "$VENV/bin/python" ]] \
   && [[ "$(cat "$STAMP")" == "$wanted_stamp" ]] \
   && "$VENV/bin/python" -c 'import moto' >/dev/null 2>&1; then
  say "up to date in .tools/venv ($(tr '\n' ' ' < "$STAMP" | sed 's/ *$//'))"
  exit 0
fi

mkdir -p "$TOOLS_DIR"
if [[ -x "$VENV/bin/python" ]] \
   && [[ "$("$VENV/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)" == "$py_version" ]]; then
  say "updating .tools/venv (Python $py_version)"
else
  say "creating .tools/venv (Python $py_version)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi
rm -f "$STAMP"

export PIP_DISABLE_PIP_VERSION_CHECK=1
start=$SECONDS
say "installing $(grep -v '^[[:space:]]*\(#\|$\)' "$REQS" | tr '\n' ' ')"
log="$TOOLS_DIR/pip-install.log"
if ! "$VENV/bin/python" -m pip install --progress-bar off -r "$REQS" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "tools: pip install failed; full output in .tools/pip-install.log" >&2
  exit 1
fi
if ! "$VENV/bin/python" -m pip check >>"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "tools: installed packages have conflicting requirements (see .tools/pip-install.log)" >&2
  exit 1
fi

# Smoke-test every entry point before recording success.
for tool in moto_server aws cfn-lint sam; do
  if [[ ! -x "$VENV/bin/$tool" ]]; then
    echo "tools: $tool missing from .tools/venv/bin after install" >&2
    exit 1
  fi
done
"$VENV/bin/aws" --version >/dev/null 2>&1 || { echo "tools: aws --version failed" >&2; exit 1; }

printf '%s\n' "$wanted_stamp" > "$STAMP"
say "installed in $((SECONDS - start)) s; run 'source infra/env.sh' to put them on PATH"
