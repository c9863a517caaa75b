#!/usr/bin/env bash
# Does a test kill one mutant? By hand, after tools/mutation.sh (see tools/README.md).
#
#   tools/mutation_check.sh SCRATCH MUTANT [PYTEST ARGS...]
#
# SCRATCH is the folder tools/mutation.sh ran in (it holds the mutants); MUTANT a name from its
# results. The mutant's diff is applied to a copy of this work tree's HEAD (code and tests as
# committed), and the tests given (default: tests/matching tests/api) run there on SQLite,
# stopping at the first failure. Prints "killed" or "survived" with the name; exit 0 either way,
# 2 when the diff does not apply. Much cheaper than a mutmut run when a few new tests are to be
# checked against the mutants they were written for.
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
git -C "$ROOT" archive HEAD | tar -x -C "$COPY"
# mutmut prints the function's diff (hunk lines counted from the function's start): patch
# finds the place by its context.
(cd "$SCRATCH" && "$PYTHON" -m mutmut show "$MUTANT") | sed -n '/^--- /,$p' >"$COPY/mutant.diff"
if ! (cd "$COPY" && patch -p0 --forward --silent <mutant.diff >/dev/null); then
    echo "does not apply: $MUTANT" >&2
    exit 2
fi
cd "$COPY"
export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:9/none
if "$PYTHON" -m pytest -p no:cacheprovider -x -q "${TESTS[@]}" >"$COPY/pytest.log" 2>&1; then
    echo "survived $MUTANT"
else
    echo "killed $MUTANT"
fi
