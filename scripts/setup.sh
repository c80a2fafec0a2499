#!/usr/bin/env bash
# Installs what the demo or the tests need, into ./.venv, on a fresh Debian machine with Python >= 3.10 and
# Node 20: the Python package in editable mode (its install builds the front ends from js/ with npm and
# esbuild, through hatch-jupyter-builder), the extras asked for, and, for browser tests, Debian's Chromium.
# Idempotent: a second run only re-checks.
#   scripts/setup.sh demo|test
set -euo pipefail
extra="${1:?usage: scripts/setup.sh demo|test}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($python --version)"
  "$python" -m venv .venv
fi

# Re-install only when the inputs of the install changed: pip's editable build (which runs npm) costs
# ~30 s even when nothing changed, and the test command is run often.
stamp=".venv/.graphistry-jupyter-$extra.stamp"
inputs_hash="$(cat pyproject.toml js/package.json js/package-lock.json | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$inputs_hash" ] || [ ! -d js/node_modules ]; then
  echo "==> installing graphistry-jupyter[$extra] into .venv (builds js/ with npm)"
  # Some machines' pip configuration names local package folders that may not exist; pip warns
  # about each on every call. Drop those lines only (pipefail still reports pip's own failure).
  quiet_pip() { .venv/bin/python -m pip "$@" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }; }
  quiet_pip install --quiet --upgrade pip
  (cd js && npm ci --no-audit --no-fund --loglevel=error)
  quiet_pip install --quiet -e ".[$extra]"
  echo "$inputs_hash" > "$stamp"
else
  # Sources may have changed since the install: rebuilding the bundles takes about a second.
  (cd js && npm run --silent build >/dev/null)
fi

if [ "$extra" = "test" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing Debian's chromium for the browser tests"
  sudo_cmd=""
  if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
