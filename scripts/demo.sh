#!/usr/bin/env bash
# The demo, from a fresh clone: installs what it needs, starts a local Graphistry hub with demo users and
# JupyterLab on notebooks/quickstart.ipynb, and prints the URL to open. Ctrl-C stops both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh demo
exec .venv/bin/graphistry-jupyter demo --notebook notebooks/quickstart.ipynb "$@"
