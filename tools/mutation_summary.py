"""Mutation score per module from ``mutmut results --all true`` (used by tools/mutation.sh).

Each line of the results reads ``    app.services.readiness.x__quality__mutmut_3: killed``;
the module is the part before the mangled function name. Killed and timed-out mutants (the
mutant made a test hang) count as caught; a mutant no test reaches ("no tests") counts as not
caught, like a survivor; "not checked" (not in a sample, or the run stopped first) counts for
nothing. With a sample (tools/mutation.sh SAMPLE=...) the score is an estimate of the
module's: the 95 % interval beside it is Wilson's for the mutants checked.
"""

import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+__mutmut_\d+): (?P<status>.+)$")
CAUGHT = {"killed", "timeout", "caught by type check"}
NOT_CAUGHT = {"survived", "no tests"}


def module_of(name: str) -> str:
    return re.split(r"\.x(?:ǁ|_)", name, maxsplit=1)[0]


def wilson(caught: int, judged: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of the share caught (0..1)."""
    if not judged:
        return 0.0, 1.0
    share = caught / judged
    centre = (share + z * z / (2 * judged)) / (1 + z * z / judged)
    half = z * math.sqrt(share * (1 - share) / judged + z * z / (4 * judged * judged))
    return max(0.0, centre - half / (1 + z * z / judged)), min(
        1.0, centre + half / (1 + z * z / judged)
    )


def main(path: str, only: str | None = None) -> None:
    """The table of ``path``; with ``only`` (a file of names, one a line), of those only."""
    wanted = set(Path(only).read_text(encoding="utf-8").split()) if only else None
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    generated: Counter[str] = Counter()  # every mutant of each module, sampled or not
    survivors: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        found = LINE.match(line)
        if found:
            generated[module_of(found["name"])] += 1
        if not found or (wanted is not None and found["name"] not in wanted):
            continue
        status = found["status"].strip()
        by_module[module_of(found["name"])][status] += 1
        if status in NOT_CAUGHT:
            survivors.append(f"{found['name']} ({status})")
    total: Counter[str] = Counter()
    print(
        f"{'module':30} {'mutants':>7} {'checked':>7} {'caught':>6} {'survived':>8} "
        f"{'no test':>7} {'other':>5} {'score':>6}  95 % interval"
    )
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    if wanted is not None:
        print(_weighted(by_module, generated))
    print(f"\n{len(survivors)} not caught: mutmut show <name> prints the diff")
    for name in survivors:
        print("  ", name)


def _weighted(by_module: dict[str, Counter[str]], generated: Counter[str]) -> str:
    """A sample draws as many mutants from a small module as from a large one: the share
    caught of all the modules' mutants weighs each module's share by its mutant count (over
    the modules with any mutant judged; those with none are named)."""
    shares, weights, unjudged = [], [], []
    for module, counts in sorted(by_module.items()):
        caught = sum(counts[s] for s in CAUGHT)
        judged = caught + counts["survived"] + counts["no tests"]
        if judged:
            shares.append(caught / judged)
            weights.append(generated[module])
        else:
            unjudged.append(module)
    if not weights:
        return "weighted by module size: nothing judged"
    estimate = sum(s * w for s, w in zip(shares, weights, strict=True)) / sum(weights)
    tail = f" (no mutant judged in: {', '.join(unjudged)})" if unjudged else ""
    return (
        f"weighted by module size ({sum(weights):,} of {sum(generated.values()):,} mutants): "
        f"{100 * estimate:.1f}%{tail}"
    )


def _row(module: str, counts: Counter[str]) -> str:
    mutants = sum(counts.values())
    checked = mutants - counts["not checked"]
    caught = sum(counts[s] for s in CAUGHT)
    survived, untested = counts["survived"], counts["no tests"]
    other = checked - caught - survived - untested
    judged = caught + survived + untested
    score = f"{100 * caught / judged:.1f}%" if judged else "-"
    low, high = wilson(caught, judged)
    interval = f"{100 * low:.0f}-{100 * high:.0f} %" if judged else ""
    return (
        f"{module:30} {mutants:>7} {checked:>7} {caught:>6} {survived:>8} {untested:>7} "
        f"{other:>5} {score:>6}  {interval}"
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
