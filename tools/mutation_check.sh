#!/usr/bin/env bash
# Does a test kill one mutant? By hand, after tools/mutation.sh (see tools/README.md).
#
#   tools/mutation_check.sh SCRATCH MUTANT [PYTEST ARGS...]
#
# SCRATCH is the folder tools/mutation.sh ran in; MUTANT a name from its results. The tests of
# this work tree's HEAD (default: tests/matching tests/api, or the ones given) run against the
# scratch copy's mutated code with that one mutant switched on (mutmut's MUTANT_UNDER_TEST), on
# SQLite, stopping at the first failure. Prints "killed" or "survived" with the name. Valid only
# while app/ and matching/ at HEAD are the code the scratch copy mutated (only tests changed
# since): it refuses otherwise (exit 2). Much cheaper than a mutmut run when a few new tests
# are to be checked against the mutants they were written for.
set -euo pipefail

ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
SCRATCH=$1
MUTANT=$2
shift 2
TESTS=("$@")
[ ${#TESTS[@]} -gt 0 ] || TESTS=(tests/matching tests/api)

COPY=$(mktemp -d "${TMPDIR:-/tmp}/mutation-check.XXXXXX")
trap 'rm -rf "$COPY"' EXIT
mkdir "$COPY/head"
git -C "$ROOT" archive HEAD app matching tests | tar -x -C "$COPY/head"
for code in app matching; do
    if ! diff -rq -x __pycache__ "$SCRATCH/$code" "$COPY/head/$code" >/dev/null; then
        echo "$code/ at HEAD differs from the code $SCRATCH mutated" >&2
        exit 2
    fi
done
cp -a "$SCRATCH/mutants" "$COPY/run"
rm -rf "$COPY/run/tests"
cp -a "$COPY/head/tests" "$COPY/run/tests"
cd "$COPY/run"
export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:9/none
if MUTANT_UNDER_TEST=$MUTANT "$PYTHON" -m pytest -p no:cacheprovider -x -q "${TESTS[@]}" \
    >"$COPY/pytest.log" 2>&1; then
    echo "survived $MUTANT"
else
    echo "killed $MUTANT"
fi
