"""A reproducible random sample of mutant names per module (used by tools/mutation.sh).

    python tools/mutation_sample.py RESULTS SIZE SEED [MODULE ...]

RESULTS is ``mutmut results --all true`` after mutmut generated the mutants. For each module
(all of them, or the ones named, dotted: ``app.services.consortia``), the names are sorted and
``random.Random(f"{SEED}:{module}").sample(names, SIZE)`` picks SIZE of them (all when the
module has fewer), so the same code, size and seed give the same sample, module by module,
whatever other modules the run holds. Prints one name a line.
"""

import random
import sys
from collections import defaultdict
from pathlib import Path

from mutation_summary import LINE, module_of


def sample(results: str, size: int, seed: str, modules: list[str]) -> list[str]:
    names_by_module: dict[str, list[str]] = defaultdict(list)
    for line in results.splitlines():
        found = LINE.match(line)
        if found:
            names_by_module[module_of(found["name"])].append(found["name"])
    picked: list[str] = []
    for module in modules or sorted(names_by_module):
        names = sorted(names_by_module.get(module, []))
        if not names:
            print(f"no mutants in {module}", file=sys.stderr)
            continue
        draw = random.Random(f"{seed}:{module}")
        chosen = names if size >= len(names) else draw.sample(names, size)
        print(f"{module}: {len(chosen)} of {len(names)}", file=sys.stderr)
        picked.extend(sorted(chosen))
    return picked


if __name__ == "__main__":
    path, size, seed, *modules = sys.argv[1:]
    print("\n".join(sample(Path(path).read_text(encoding="utf-8"), int(size), seed, modules)))
