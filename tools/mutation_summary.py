"""Mutation score per module from ``mutmut results --all true`` (used by tools/mutation.sh).

Each line of the results reads ``    app.services.readiness.x__quality__mutmut_3: killed``;
the module is the part before the mangled function name. Killed (and timed-out: the mutant
made a test hang) count as caught; "not checked" and "suspicious" are listed apart.
"""

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+__mutmut_\d+): (?P<status>.+)$")
CAUGHT = {"killed", "timeout"}


def module_of(name: str) -> str:
    return re.split(r"\.x(?:ǁ|_)", name, maxsplit=1)[0]


def main(path: str) -> None:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        found = LINE.match(line)
        if not found:
            continue
        status = found["status"].strip()
        by_module[module_of(found["name"])][status] += 1
        if status == "survived":
            survivors.append(found["name"])
    total: Counter[str] = Counter()
    print(f"{'module':32} {'mutants':>8} {'killed':>7} {'survived':>9} {'other':>6} {'score':>7}")
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    print(f"\n{len(survivors)} survivors: mutmut show <name> prints the diff")
    for name in survivors:
        print("  ", name)


def _row(module: str, counts: Counter[str]) -> str:
    mutants = sum(counts.values())
    caught = sum(counts[s] for s in CAUGHT)
    survived = counts["survived"]
    other = mutants - caught - survived
    judged = caught + survived
    score = f"{100 * caught / judged:.1f}%" if judged else "-"
    return f"{module:32} {mutants:>8} {caught:>7} {survived:>9} {other:>6} {score:>7}"


if __name__ == "__main__":
    main(sys.argv[1])
