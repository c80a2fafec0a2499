#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, then lint, types, JS unit tests, and
# pytest (unit, integration against real local hubs, end to end in JupyterLab with headless Chromium, and
# in classic Notebook 6, whose server runs from .venv-classic),
# then pytest once more on the oldest declared stack (every dependency at its floor, on the oldest
# declared Python, in .venv-oldest: ci/oldest-constraints.txt), without the browser, Jupyter-server,
# install and docs-site tests. The install tests (tests/install, about a minute) run in the first
# pytest; `scripts/test.sh -m "not install"` leaves them out.
# Extra arguments go to the first pytest only, and skip the oldest-stack run:
#   scripts/test.sh -k login
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh test
scripts/setup.sh classic
oldest=$(( $# == 0 ))
if [ "$oldest" = 1 ]; then scripts/setup.sh oldest; fi

# Chromium, Jupyter and the hubs keep their scratch files here rather than in /tmp.
mkdir -p .work/tmp
export TMPDIR="$root/.work/tmp"

echo "==> ruff"
.venv/bin/ruff check graphistry_jupyter tests bench ci
.venv/bin/ruff format --check graphistry_jupyter tests bench ci
echo "==> mypy"
.venv/bin/mypy
echo "==> TypeScript and vitest"
(cd js && npm run --silent typecheck && npx vitest run)
echo "==> pytest"
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$oldest" = 1 ]; then
  echo "==> pytest on the oldest declared stack (.venv-oldest, $(.venv-oldest/bin/python --version)), no browser"
  .venv-oldest/bin/python -m pytest -p no:cacheprovider \
    -m "not browser and not jupyter and not install and not docs" || status=$?
fi
# A smoke run of the benchmarks (every figure, small sizes, nothing asserted; docs/benchmarks.md):
# for the whole suite only, after pytest passed, so the exit status is pytest's unless the
# benchmark command itself breaks.
if [ $# -eq 0 ] && [ "$status" = 0 ]; then
  echo "==> benchmarks, smoke run (bench/run.py --quick)"
  .venv/bin/python bench/run.py --quick || status=$?
fi
exit "$status"
