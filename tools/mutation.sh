#!/usr/bin/env bash
# Mutation testing of the rule modules, by hand (never in CI): see tools/README.md.
#
#   tools/mutation.sh                      the working tree, the default modules
#   tools/mutation.sh eb3ba34              the code and tests of a commit (for a before/after)
#   MODULES="app/services/readiness.py matching/flags.py" tools/mutation.sh
#   SAMPLE=60 SEED=11 tools/mutation.sh    a seeded random sample of 60 mutants per module
#   RESUME=1 SAMPLE=80 tools/mutation.sh   grow the sample in the same scratch copy: runs only
#                                          the mutants of the larger sample not judged yet
#
# Needs mutmut in the project's virtual environment: `.venv/bin/pip install -e '.[test,mutation]'`.
# Runs in a scratch copy (MUTATION_DIR, default /tmp/temu-dagang-mutation/<rev>) so the work
# tree stays clean, on SQLite only, one mutant at a time (JOBS=1) unless told otherwise.
set -euo pipefail

ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
REV=${1:-}
JOBS=${JOBS:-1}
# SAMPLE: mutants per module, drawn at random with SEED (tools/mutation_sample.py); empty: all.
SAMPLE=${SAMPLE:-}
SEED=${SEED:-11}
RESUME=${RESUME:-}
TIMEOUT_MULTIPLIER=${TIMEOUT_MULTIPLIER:-30.0}
# The rule modules: readiness, reports, consortia and matching policy, and the matching library.
MODULES=${MODULES:-"app/services/consortia.py app/services/matching.py app/services/readiness.py
app/services/reports.py $(cd "$ROOT" && echo matching/*.py)"}
WORK=${MUTATION_DIR:-${TMPDIR:-/tmp}/temu-dagang-mutation/${REV:-worktree}}

"$PYTHON" -c "import mutmut" 2>/dev/null || {
    echo "mutmut is not installed: $PYTHON -m pip install -e '$ROOT[test,mutation]'" >&2
    exit 2
}

if [ -z "$RESUME" ]; then
    rm -rf "$WORK"
    mkdir -p "$WORK"
    if [ -n "$REV" ]; then
        git -C "$ROOT" archive "$REV" | tar -x -C "$WORK"
    else
        (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
            | xargs -0 -I{} sh -c 'test -e "{}" && echo "{}"' \
            | tar -c -T - -f -) | tar -x -C "$WORK"
    fi

    only=$(for m in $MODULES; do printf '"%s", ' "$m"; done)
    cat >>"$WORK/pyproject.toml" <<EOF

[tool.mutmut]
source_paths = ["app/", "matching/"]
only_mutate = [${only%, }]
also_copy = ["alembic.ini", "migrations/", "bench/"]
# The fast, behavioural tests: the library's, the API's and the supply index's catch-up
# (schemathesis, migrations, backups and load are slow and guard no rule).
# test_match_snapshot (the snapshot and the service's load of it) and the report pages (the
# XLSX download) guard code no other selected test reaches: without them 33 of a sample's 485
# mutants read "no tests" (2026-11-30), and every one of them was killed by these files.
pytest_add_cli_args_test_selection = ["tests/matching", "tests/api",
    "tests/test_supply_changes.py", "tests/test_supply_loading.py",
    "tests/test_match_snapshot.py", "tests/web/test_report_pages.py"]
# test_operations and the forwarded-for case start the service in a subprocess, which imports
# the unmutated code (and fails to start in the scratch copy).
pytest_add_cli_args = ["-p", "no:cacheprovider", "-x", "-q", "--ignore=tests/api/test_operations.py",
    "--deselect=tests/api/test_hardening_edge.py::test_forwarded_for_is_believed_only_from_forwarded_allow_ips"]
# mutmut also stops a mutant after (its tests' time + 1 s) x this many seconds of wall time;
# on a machine shared with other work a test runs several times slower than when it was
# timed, and a lower figure reads that slowness as a mutant that hangs ("timeout"). 30 suits
# a machine with a load of 8-10; on a quiet one 8 (TIMEOUT_MULTIPLIER=8) wastes less time on
# mutants that do hang (a solver loop: minutes each at 30).
timeout_multiplier = ${TIMEOUT_MULTIPLIER}
# Workers fork from a process that ran no test: a cache filled by the unmutated code in an
# earlier run (lru_cache, the default glossary and filter) would hide the mutant.
process_isolation = "forkserver"
EOF
fi

cd "$WORK"
# A port nothing listens on: the PostgreSQL cases skip, so a run needs no server and makes
# no databases (the same tests run on SQLite).
export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:9/none
start=$(date +%s)
if [ -z "$SAMPLE" ]; then
    "$PYTHON" -m mutmut run --max-children "$JOBS" >"$WORK/run.log" 2>&1 || true
else
    if [ -z "$RESUME" ]; then
        # Generate the mutants and record which tests reach each function, without running
        # any: a name that matches no mutant stops mutmut right after its statistics (an
        # assertion).
        "$PYTHON" -m mutmut run --max-children "$JOBS" no-such-mutant >"$WORK/generate.log" 2>&1 || true
    fi
    "$PYTHON" -m mutmut results --all true >"$WORK/status.txt" 2>&1
    modules=$(for path in $MODULES; do module=${path%.py}; echo "${module//\//.}"; done)
    # shellcheck disable=SC2086  # one argument per module
    "$PYTHON" "$ROOT/tools/mutation_sample.py" "$WORK/status.txt" "$SAMPLE" "$SEED" $modules \
        >"$WORK/sample.txt" 2>"$WORK/sample.log"
    # Only the mutants not judged yet (all of them, unless RESUME grows a sample), and those
    # that timed out (on a busy machine, maybe only slow: they run again).
    todo=$(awk -F': ' 'NR == FNR { want[$1]; next } { sub(/^ +/, "", $1) }
        ($1 in want) && ($2 == "not checked" || $2 == "timeout") { print $1 }' \
        "$WORK/sample.txt" "$WORK/status.txt")
    # One run for the whole sample: each run first runs every test that reaches its mutants
    # unmutated (minutes for the API's), so a run per module would cost more than the sample.
    # shellcheck disable=SC2086  # one argument per mutant name
    [ -z "$todo" ] || "$PYTHON" -m mutmut run --max-children "$JOBS" $todo >>"$WORK/run.log" 2>&1 || true
fi
"$PYTHON" -m mutmut results --all true >"$WORK/results.txt" 2>&1 || true
echo "mutmut took $(( $(date +%s) - start )) s; results in $WORK/results.txt" >&2
# With a sample, only its mutants count (an earlier, larger run may have judged others).
"$PYTHON" "$ROOT/tools/mutation_summary.py" "$WORK/results.txt" ${SAMPLE:+"$WORK/sample.txt"}
