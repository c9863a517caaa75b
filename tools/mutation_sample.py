"""A reproducible random sample of mutant names per module (used by tools/mutation.sh).

    python tools/mutation_sample.py RESULTS SIZE SEED [MODULE ...]

RESULTS is ``mutmut results --all true`` after mutmut generated the mutants. For each module
(all of them, or the ones named, dotted: ``app.services.consortia``), the names are sorted,
shuffled by ``random.Random(f"{SEED}:{module}")`` and the first SIZE taken (all when the
module has fewer). The same code and seed give the same order, module by module, whatever
other modules the run holds, so a larger SIZE extends a smaller one: a sample can be grown
(``RESUME=1`` in tools/mutation.sh) without running again what was run. Prints one name a
line.
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
        random.Random(f"{seed}:{module}").shuffle(names)
        chosen = names[:size]
        print(f"{module}: {len(chosen)} of {len(names)}", file=sys.stderr)
        picked.extend(sorted(chosen))
    return picked


if __name__ == "__main__":
    path, size, seed, *modules = sys.argv[1:]
    print("\n".join(sample(Path(path).read_text(encoding="utf-8"), int(size), seed, modules)))
