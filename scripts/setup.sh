#!/usr/bin/env bash
# Installs what the demo or the tests need, into ./.venv, on a fresh Debian machine with Python >= 3.10 and
# Node 20: the Python package in editable mode (its install builds the front ends from js/ with npm and
# esbuild, through hatch-jupyter-builder), the extras asked for, and, for browser tests, Debian's Chromium.
# Idempotent: a second run only re-checks.
#   scripts/setup.sh demo|test
#   scripts/setup.sh oldest   (after `test`: the oldest declared stack, on the oldest declared
#                              Python, into ./.venv-oldest, below)
#   scripts/setup.sh classic  (classic Notebook 6's server into ./.venv-classic, below)
set -euo pipefail
extra="${1:?usage: scripts/setup.sh demo|test|oldest|classic}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${PYTHON:-python3}"
# Some machines' pip configuration names local package folders that may not exist; pip warns
# about each on every call. Drop those lines only (pipefail still reports pip's own failure).
quiet_pip() { "$1" -m pip "${@:2}" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }; }

# The oldest Python pyproject.toml declares (requires-python = ">=3.10"), for the oldest stack:
# PYTHON_OLDEST if set, else python3.10 on PATH, else one of pyenv's builds of it. Prints its path,
# or says what to install and fails.
oldest_python() {
  local version candidate pyenv_root
  version="$(sed -n 's/^requires-python = ">=\([0-9]*\.[0-9]*\)"$/\1/p' pyproject.toml)"
  pyenv_root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for candidate in "${PYTHON_OLDEST:-}" "python$version" "$pyenv_root/versions/$version".*/bin/python; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c "import sys; sys.exit(f'{sys.version_info[0]}.{sys.version_info[1]}' != '$version')" 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "scripts/setup.sh oldest: the oldest stack runs on Python $version, the oldest pyproject.toml" \
    "declares, and there is none here (looked for \$PYTHON_OLDEST, python$version on PATH and" \
    "$pyenv_root/versions/$version.*). Install Python $version (e.g. \`pyenv install $version\`)" \
    "or set PYTHON_OLDEST=/path/to/python$version." >&2
  return 1
}

if [ "$extra" = "oldest" ]; then
  # The package at the floor of every dependency it declares (ci/oldest-constraints.txt pins each
  # one; tests/unit/test_dependency_floors.py keeps it in step with pyproject.toml), plus what
  # the tests without a browser need, in a venv of its own on the oldest declared Python. Made
  # afresh when its inputs change, so nothing newer lingers from an earlier install; otherwise a
  # no-op.
  if [ ! -f graphistry_jupyter/static/login.js ]; then
    echo "scripts/setup.sh oldest: the front ends are not built; run scripts/setup.sh test first" >&2
    exit 1
  fi
  oldest="$(oldest_python)"
  # The `test` extra without front ends and linters (ci/oldest_test_tools.py says which).
  test_tools_text="$("$python" ci/oldest_test_tools.py)"
  mapfile -t test_tools <<< "$test_tools_text"
  stamp=".venv-oldest/.graphistry-jupyter-oldest.stamp"
  inputs_hash="$({ cat pyproject.toml ci/oldest-constraints.txt ci/oldest_test_tools.py; \
    "$oldest" --version; } | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs_hash" ]; then
    exit 0
  fi
  echo "==> installing graphistry-jupyter[hub] at its oldest declared dependencies into" \
    ".venv-oldest, on $("$oldest" --version)"
  rm -rf .venv-oldest
  "$oldest" -m venv .venv-oldest
  quiet_pip .venv-oldest/bin/python install --quiet --upgrade pip
  # The front ends are already built (by the `test` install): the editable install skips npm.
  SKIP_JUPYTER_BUILDER=1 quiet_pip .venv-oldest/bin/python install --quiet \
    --constraint ci/oldest-constraints.txt -e ".[hub]" "${test_tools[@]}"
  echo "$inputs_hash" > "$stamp"
  exit 0
fi
if [ "$extra" = "classic" ]; then
  # Notebook 6 and Notebook 7 are both the `notebook` package, so classic Notebook's server
  # (ci/classic-notebook.txt) gets a venv of its own; its kernels and widget front ends are
  # .venv's (tests/support/classic_notebook.py). Made afresh when the file changes.
  stamp=".venv-classic/.graphistry-jupyter-classic.stamp"
  inputs_hash="$(sha256sum ci/classic-notebook.txt | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs_hash" ]; then
    exit 0
  fi
  echo "==> installing classic Notebook 6 into .venv-classic"
  rm -rf .venv-classic
  "$python" -m venv .venv-classic
  quiet_pip .venv-classic/bin/python install --quiet -r ci/classic-notebook.txt
  echo "$inputs_hash" > "$stamp"
  exit 0
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($python --version)"
  "$python" -m venv .venv
fi

# Re-install only when the inputs of the install changed: pip's editable build (which runs npm) costs
# ~30 s even when nothing changed, and the test command is run often.
stamp=".venv/.graphistry-jupyter-$extra.stamp"
inputs_hash="$(cat pyproject.toml js/package.json js/package-lock.json \
  ci/jupyterhub/package-lock.json | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$inputs_hash" ] || [ ! -d js/node_modules ] \
  || { [ "$extra" = "test" ] && [ ! -d ci/jupyterhub/node_modules ]; }; then
  echo "==> installing graphistry-jupyter[$extra] into .venv (builds js/ with npm)"
  quiet_pip .venv/bin/python install --quiet --upgrade pip
  (cd js && npm ci --no-audit --no-fund --loglevel=error)
  if [ "$extra" = "test" ]; then
    # JupyterHub's proxy, for the tests that run a real JupyterHub (tests/support/jupyterhub.py).
    (cd ci/jupyterhub && npm ci --no-audit --no-fund --loglevel=error)
  fi
  quiet_pip .venv/bin/python install --quiet -e ".[$extra]"
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
