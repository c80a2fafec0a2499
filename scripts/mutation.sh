#!/usr/bin/env bash
# Mutation testing of the core, a habit before each release (docs/testing.md): mutmut on the Python
# modules listed in pyproject.toml's [tool.mutmut], Stryker on the pure TypeScript modules listed in
# js/stryker.config.mjs. Prints the score of each module and every surviving mutant. Not part of CI.
#   scripts/mutation.sh              both
#   scripts/mutation.sh python|js    one of them
#   scripts/mutation.sh python --only hub/access.py [--only session/isolation.py ...]
#                                    only the mutants of these modules (paths under
#                                    graphistry_jupyter/, as in the score table): minutes, not ten
# MUTATION_JOBS (default: the number of cores) sets how many mutants run at once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
usage="usage: scripts/mutation.sh [all|python|js] | python --only MODULE [--only MODULE ...]"
which="${1:-all}"
case "$which" in all | python | js) ;; *) echo "$usage" >&2; exit 2 ;; esac
[ $# -gt 0 ] && shift
only=() # modules, as paths under graphistry_jupyter/
while [ $# -gt 0 ]; do
  case "$1" in
    --only)
      [ "$which" = python ] && [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }
      module="${2#graphistry_jupyter/}"
      [ -f "graphistry_jupyter/$module" ] || { echo "no module graphistry_jupyter/$module" >&2; exit 2; }
      only+=("$module")
      shift 2
      ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
# mutmut names a mutant after its module (graphistry_jupyter.hub.access.x_viewer_user__mutmut_1):
# one pattern per module picks its mutants.
patterns=()
for module in "${only[@]+"${only[@]}"}"; do
  dotted="graphistry_jupyter/${module%.py}"
  patterns+=("${dotted//\//.}.*")
done
scripts/setup.sh test

mkdir -p .work/tmp .work/mutation
export TMPDIR="$root/.work/tmp"
jobs="${MUTATION_JOBS:-$(nproc)}"
started=$SECONDS

if [ "$which" != js ]; then
  echo "==> mutmut (Python core; log in .work/mutation/mutmut.log)"
  # mutmut writes its mutants/ folder where it runs: a copy of the work tree (tracked and new files,
  # not ignored ones, plus the built front ends) in the ignored .work/ keeps the tree clean and
  # keeps edits made meanwhile out of the run.
  work=.work/mutation/tree
  rm -rf "$work"
  .venv/bin/python - "$work" <<'EOF'
import shutil
import subprocess
import sys
from pathlib import Path

target = Path(sys.argv[1])
listed = subprocess.run(
    ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    check=True,
    capture_output=True,
).stdout.decode()
for name in filter(None, listed.split("\0")):
    source = Path(name)
    if source.is_file():
        (target / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / source)
shutil.copytree("graphistry_jupyter/static", target / "graphistry_jupyter/static")
EOF
  (cd "$work" && "$root/.venv/bin/mutmut" run --max-children "$jobs" "${patterns[@]+"${patterns[@]}"}") \
    >.work/mutation/mutmut.log 2>&1 || {
    tail -30 .work/mutation/mutmut.log
    echo "mutmut failed: see .work/mutation/mutmut.log" >&2
    exit 1
  }
  # Per module: killed (a test failed, or the mutant timed out), survived, and no test at all.
  (cd "$work" && "$root/.venv/bin/python" - "${only[@]+"${only[@]}"}" <<'EOF'
import json
import sys
from pathlib import Path

only = {f"graphistry_jupyter/{module}" for module in sys.argv[1:]}  # empty: every module

KILLED = {1, 3, 24, -24, 36, 37, 152, 255}
rows, survivors = [], []
for meta in sorted(Path("mutants").rglob("*.py.meta")):
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    if not codes:
        continue
    module = str(meta.relative_to("mutants"))[: -len(".meta")]
    if only and module not in only:
        continue
    killed = sum(code in KILLED for code in codes.values())
    rows.append((module, killed, len(codes)))
    survivors += [
        (name, "survived" if code == 0 else "no tests" if code in (5, 33) else f"exit {code}")
        for name, code in sorted(codes.items())
        if code not in KILLED
    ]
width = max((len(r[0]) for r in rows), default=3)
print(f"{'module':<{width}}  killed / total   score")
for module, killed, total in rows:
    print(f"{module:<{width}}  {killed:>6} / {total:<5}  {100 * killed / total:5.1f}%")
killed, total = sum(r[1] for r in rows), sum(r[2] for r in rows)
print(f"{'all':<{width}}  {killed:>6} / {total:<5}  {100 * killed / total:5.1f}%")
if survivors:
    print("\nNot killed (see one with: cd .work/mutation/tree && ../../../.venv/bin/mutmut show NAME):")
    for name, why in survivors:
        print(f"  {name}  [{why}]")
EOF
  ) | tee .work/mutation/python-scores.txt
fi

if [ "$which" != python ]; then
  echo "==> Stryker (TypeScript; report in .work/mutation/stryker.json)"
  (cd js && npx stryker run --concurrency "$jobs") >.work/mutation/stryker.log 2>&1 || {
    tail -30 .work/mutation/stryker.log
    echo "Stryker failed: see .work/mutation/stryker.log" >&2
    exit 1
  }
  # The clear-text report: every mutant not killed, then the score of each file.
  awk '/^\[(Survived|NoCoverage)\]/ || /^-+\|/ {on = 1} on && !/^Mutation testing / && !/ INFO /' \
    .work/mutation/stryker.log | tee .work/mutation/js-scores.txt
fi

echo "==> mutation testing took $((SECONDS - started)) s"
