"""The meeting scheduler of a trade mission: which accepted meeting request goes to which slot
and table. Plain data in and out (no database, no FastAPI), so the benchmark and the tests
call it directly.

Rules (hard):
- a meeting takes one slot at one table; a request is met at most once;
- no participant is in two meetings in the same slot;
- at most ``tables`` meetings in a slot (tables are numbered afterwards);
- a meeting only in a slot both of its participants are available (breaks are no slots);
- at most ``cap`` meetings per participant;
- ``fixed`` meetings (re-running in "unbooked" mode) keep their slot and table.

Objective, lexicographic (each tier solved to its best, then held while the next is solved):
1. the most meetings weighted by priority (1..100);
2. the fewest idle slots: slots in which a participant is free between two of its meetings
   on the same day (only slots it is available in count; a break is no slot, so meetings
   just before and just after lunch have no idle slot between them);
3. the fairest spread: the smallest idle count of the worst-off participant.

Two solvers implement the same model: OR-Tools CP-SAT (``solve_cpsat``) and scipy's HiGHS
MILP (``solve_highs``). The service (``solve``) uses each where it is the faster
(bench/README.md): HiGHS proves the first tier in under a second even at 200 participants,
where CP-SAT needs many seconds; CP-SAT then moves those meetings between slots for the idle
tiers, which HiGHS rarely solves within the limit. Keeping the first tier's set of meetings
("keep_meetings") gives up only other sets of the same best weight, and lets CP-SAT spend its
time on the slots; "optimal" then means proven within that set.
"""

import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "FixedMeeting",
    "MeetingWanted",
    "Schedule",
    "ScheduleProblem",
    "idle_slots",
    "solve",
    "solve_cpsat",
    "solve_highs",
]

# Share of the time limit each tier may use before the next starts (the last takes the rest).
TIER_SHARE = (0.3, 0.6)


@dataclass(frozen=True, slots=True)
class MeetingWanted:
    """An accepted meeting request between participants ``a`` and ``b``; weight 1..100."""

    request_id: int
    a: Hashable
    b: Hashable
    weight: int


@dataclass(frozen=True, slots=True)
class FixedMeeting:
    request_id: int
    slot: int
    table: int


@dataclass(frozen=True, slots=True)
class ScheduleProblem:
    """Slots are numbered 0..len(slot_days)-1 in time order; ``slot_days[s]`` is the day of
    slot ``s`` (idle time is counted within a day). ``available[p]`` are the slots participant
    ``p`` may meet in (a participant missing from it is available in every slot)."""

    slot_days: Sequence[int]
    tables: int
    cap: int
    wanted: Sequence[MeetingWanted]
    available: Mapping[Hashable, frozenset[int]] = field(default_factory=dict)
    fixed: Sequence[FixedMeeting] = ()


@dataclass(slots=True)
class Schedule:
    """request id -> (slot, table); ``optimal``: every tier proven best within the limit."""

    placed: dict[int, tuple[int, int]]
    weight: int
    idle: int
    max_idle: int
    optimal: bool
    seconds: float
    solver: str
    # the first tier (most priority-weighted meetings) proven best
    weight_optimal: bool = False


# ---------------------------------------------------------------- the model, solver-neutral


@dataclass(slots=True)
class _Model:
    """Index sets both solvers build their variables from."""

    wanted: list[MeetingWanted]
    # x variables: (request position, slot), with the request's own candidate slots
    x_keys: list[tuple[int, int]]
    fixed_x: set[int]  # positions in x_keys forced to 1
    by_participant_slot: dict[tuple[Hashable, int], list[int]]
    by_request: dict[int, list[int]]
    by_slot: dict[int, list[int]]
    by_participant: dict[Hashable, list[int]]
    cap: dict[Hashable, int]
    # per participant and day: its available slots of that day, in order (the idle chains)
    chains: list[tuple[Hashable, list[int]]]


def _slots_of(problem: ScheduleProblem, participant: Hashable) -> frozenset[int]:
    every = frozenset(range(len(problem.slot_days)))
    return problem.available.get(participant, every) & every


def _build(problem: ScheduleProblem) -> _Model:
    wanted = list(problem.wanted)
    fixed = {f.request_id: f for f in problem.fixed}
    x_keys: list[tuple[int, int]] = []
    fixed_x: set[int] = set()
    by_ps: dict[tuple[Hashable, int], list[int]] = defaultdict(list)
    by_request: dict[int, list[int]] = defaultdict(list)
    by_slot: dict[int, list[int]] = defaultdict(list)
    by_participant: dict[Hashable, list[int]] = defaultdict(list)
    fixed_count: dict[Hashable, int] = defaultdict(int)
    participants: set[Hashable] = set()
    for position, meeting in enumerate(wanted):
        participants.update((meeting.a, meeting.b))
        if meeting.request_id in fixed:
            slots = [fixed[meeting.request_id].slot]
            fixed_count[meeting.a] += 1
            fixed_count[meeting.b] += 1
        else:
            slots = sorted(_slots_of(problem, meeting.a) & _slots_of(problem, meeting.b))
        for slot in slots:
            index = len(x_keys)
            x_keys.append((position, slot))
            if meeting.request_id in fixed:
                fixed_x.add(index)
            by_request[position].append(index)
            by_slot[slot].append(index)
            for p in (meeting.a, meeting.b):
                by_ps[(p, slot)].append(index)
                by_participant[p].append(index)
    chains: list[tuple[Hashable, list[int]]] = []
    for p in sorted(participants, key=repr):
        slots = sorted(_slots_of(problem, p) | {s for (q, s) in by_ps if q == p})
        days: dict[int, list[int]] = defaultdict(list)
        for slot in slots:
            days[problem.slot_days[slot]].append(slot)
        chains.extend((p, day_slots) for _, day_slots in sorted(days.items()) if day_slots)
    # Meetings kept from an earlier run count against the cap, and are never undone by it.
    cap = {p: max(problem.cap, fixed_count[p]) for p in participants}
    return _Model(wanted, x_keys, fixed_x, by_ps, by_request, by_slot, by_participant, cap, chains)


def _tables(problem: ScheduleProblem, placed_slots: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Number the tables: kept meetings keep theirs, the others take the lowest free ones."""
    placed: dict[int, tuple[int, int]] = {}
    taken: dict[int, set[int]] = defaultdict(set)
    fixed = {f.request_id: f for f in problem.fixed}
    for request_id, slot in placed_slots.items():
        if request_id in fixed:
            placed[request_id] = (slot, fixed[request_id].table)
            taken[slot].add(fixed[request_id].table)
    for request_id, slot in sorted(placed_slots.items()):
        if request_id in fixed:
            continue
        table = next(t for t in range(1, problem.tables + 1) if t not in taken[slot])
        taken[slot].add(table)
        placed[request_id] = (slot, table)
    return placed


def idle_slots(
    problem: ScheduleProblem, placed: Mapping[int, tuple[int, int]]
) -> dict[Hashable, int]:
    """Idle slots per participant in a schedule: its available slots between two of its
    meetings on the same day in which it has no meeting (the measure the solver minimises)."""
    busy: dict[Hashable, set[int]] = defaultdict(set)
    for meeting in problem.wanted:
        if meeting.request_id in placed:
            slot = placed[meeting.request_id][0]
            busy[meeting.a].add(slot)
            busy[meeting.b].add(slot)
    idle: dict[Hashable, int] = {}
    for p, slots in busy.items():
        usable = _slots_of(problem, p) | slots
        count = 0
        for day in {problem.slot_days[s] for s in slots}:
            day_busy = [s for s in slots if problem.slot_days[s] == day]
            first, last = min(day_busy), max(day_busy)
            count += sum(
                1
                for s in usable
                if first < s < last and s not in slots and problem.slot_days[s] == day
            )
        idle[p] = count
    return idle


def _result(
    problem: ScheduleProblem,
    model: _Model,
    chosen: list[int],
    optimal: bool,
    started: float,
    solver: str,
    weight_optimal: bool,
) -> Schedule:
    slots = {model.wanted[model.x_keys[i][0]].request_id: model.x_keys[i][1] for i in chosen}
    placed = _tables(problem, slots)
    idle = idle_slots(problem, placed)
    weights = {m.request_id: m.weight for m in model.wanted}
    return Schedule(
        placed=placed,
        weight=sum(weights[r] for r in placed),
        idle=sum(idle.values()),
        max_idle=max(idle.values(), default=0),
        optimal=optimal,
        seconds=time.perf_counter() - started,
        solver=solver,
        weight_optimal=weight_optimal,
    )


# ---------------------------------------------------------------- OR-Tools CP-SAT


def solve_cpsat(
    problem: ScheduleProblem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    first_tier: str = "cp-sat",
    keep_meetings: bool = False,
) -> Schedule:
    """CP-SAT for every tier, or (``first_tier="highs"``) HiGHS for the first tier, which it
    proves in a fraction of CP-SAT's time, and CP-SAT from that solution for the idle tiers,
    which HiGHS rarely solves at all within the limit (bench/README.md)."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = _build(problem)
    cp = cp_model.CpModel()
    x = [cp.new_bool_var(f"x{i}") for i in range(len(model.x_keys))]
    for i in model.fixed_x:
        cp.add(x[i] == 1)
    for indices in model.by_request.values():
        cp.add_at_most_one(x[i] for i in indices)
    for indices in model.by_participant_slot.values():
        if len(indices) > 1:
            cp.add_at_most_one(x[i] for i in indices)
    for indices in model.by_slot.values():
        if len(indices) > problem.tables:
            cp.add(sum(x[i] for i in indices) <= problem.tables)
    for p, indices in model.by_participant.items():
        if len(indices) > model.cap[p]:
            cp.add(sum(x[i] for i in indices) <= model.cap[p])

    weight = sum(model.wanted[model.x_keys[i][0]].weight * x[i] for i in range(len(x)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    deadline = started + time_limit
    proven: list[bool] = []

    def run(share: float) -> bool:
        """Solve within `share` of the limit; False when no solution was found."""
        remaining = deadline - time.perf_counter()
        solver.parameters.max_time_in_seconds = max(0.05, min(share * time_limit, remaining))
        status = solver.solve(cp)
        proven.append(status == cp_model.OPTIMAL)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        cp.clear_hints()  # type: ignore[no-untyped-call]
        for var in x:
            cp.add_hint(var, solver.boolean_value(var))
        return True

    if first_tier == "highs":
        chosen, best, optimal = _highs_first_tier(problem, model, TIER_SHARE[0] * time_limit)
        taken = set(chosen)
        for i, var in enumerate(x):
            cp.add_hint(var, i in taken)
        cp.add(weight >= best)
        weight_optimal = optimal
        if keep_meetings:
            # The idle tiers then only move the chosen meetings between slots.
            met = {model.x_keys[i][0] for i in chosen}
            for position, indices in model.by_request.items():
                cp.add(sum(x[i] for i in indices) == int(position in met))
    else:
        # Tier 1 on the meetings alone: the idle variables only slow its search down.
        cp.maximize(weight)
        if not run(TIER_SHARE[0]):
            # no solution within the limit: only the meetings kept from an earlier run
            chosen = sorted(model.fixed_x)
            return _result(problem, model, chosen, False, started, "cp-sat", False)
        optimal = weight_optimal = proven[-1]
        chosen = [i for i, var in enumerate(x) if solver.boolean_value(var)]
        cp.add(weight >= round(solver.objective_value))

    # Idle slots of a participant on a day: the span from its first to its last meeting,
    # counted in its own available slots, less its meetings. Two integers and a count per
    # participant and day; far fewer variables than a flag per slot, and CP-SAT propagates
    # the spans directly.
    idle_terms = []
    per_participant: dict[Hashable, list[cp_model.IntVar]] = defaultdict(list)
    for p, chain in model.chains:
        positions = [
            (k, i) for k, s in enumerate(chain) for i in model.by_participant_slot.get((p, s), [])
        ]
        if not positions:
            continue
        n = len(chain)
        first = cp.new_int_var(0, n - 1, "")
        last = cp.new_int_var(0, n - 1, "")
        idle = cp.new_int_var(0, max(0, n - 2), "")
        active = cp.new_bool_var("")
        count = sum(x[i] for _, i in positions)
        for k, i in positions:
            cp.add(first <= k).only_enforce_if(x[i])
            cp.add(last >= k).only_enforce_if(x[i])
        cp.add(count >= 1).only_enforce_if(active)
        cp.add(count == 0).only_enforce_if(~active)
        cp.add(idle >= last - first + 1 - count).only_enforce_if(active)
        idle_terms.append(idle)
        per_participant[p].append(idle)
    worst = cp.new_int_var(0, len(problem.slot_days), "worst")
    for terms in per_participant.values():
        cp.add(worst >= sum(terms))

    for objective, share in ((sum(idle_terms), TIER_SHARE[1]), (worst, 1.0)):
        cp.minimize(objective)
        if not run(share):
            optimal = False
            break
        optimal = optimal and proven[-1]
        chosen = [i for i, var in enumerate(x) if solver.boolean_value(var)]
        cp.add(objective <= round(solver.objective_value))
    name = "highs+cp-sat" if first_tier == "highs" else "cp-sat"
    return _result(problem, model, chosen, optimal, started, name, weight_optimal)


# ---------------------------------------------------------------- scipy HiGHS MILP


def _highs_first_tier(
    problem: ScheduleProblem, model: _Model, time_limit: float
) -> tuple[list[int], int, bool]:
    """The most priority-weighted meetings by HiGHS: (chosen x positions, weight, proven)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    groups: list[tuple[list[int], int]] = [(ix, 1) for ix in model.by_request.values()]
    groups += [(ix, 1) for ix in model.by_participant_slot.values() if len(ix) > 1]
    groups += [(ix, problem.tables) for ix in model.by_slot.values() if len(ix) > problem.tables]
    groups += [
        (ix, model.cap[p]) for p, ix in model.by_participant.items() if len(ix) > model.cap[p]
    ]
    rows = [r for r, (indices, _) in enumerate(groups) for _ in indices]
    cols = [i for indices, _ in groups for i in indices]
    n = len(model.x_keys)
    if not n:
        return [], 0, True
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(groups), n)).tocsr()
    weights = np.array([model.wanted[position].weight for position, _ in model.x_keys], float)
    low = np.zeros(n)
    low[list(model.fixed_x)] = 1
    result = milp(
        -weights,
        constraints=LinearConstraint(matrix, -np.inf, np.array([c for _, c in groups], float)),
        integrality=np.ones(n),
        bounds=Bounds(low, np.ones(n)),
        options={"time_limit": max(0.05, time_limit), "disp": False},
    )
    if result.x is None:
        raise RuntimeError("the scheduling model has no solution")  # pragma: no cover
    chosen = [i for i in range(n) if result.x[i] > 0.5]
    return chosen, int(round(weights[chosen].sum())), result.status == 0


def solve_highs(problem: ScheduleProblem, *, time_limit: float = 30.0) -> Schedule:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    started = time.perf_counter()
    model = _build(problem)
    n_x = len(model.x_keys)
    columns = n_x
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def row(terms: list[tuple[int, float]], lo: float, hi: float) -> None:
        r = len(lower)
        for c, v in terms:
            rows.append(r)
            cols.append(c)
            vals.append(v)
        lower.append(lo)
        upper.append(hi)

    for indices in model.by_request.values():
        row([(i, 1.0) for i in indices], 0, 1)
    for indices in model.by_participant_slot.values():
        if len(indices) > 1:
            row([(i, 1.0) for i in indices], 0, 1)
    for indices in model.by_slot.values():
        if len(indices) > problem.tables:
            row([(i, 1.0) for i in indices], 0, problem.tables)
    for p, indices in model.by_participant.items():
        if len(indices) > model.cap[p]:
            row([(i, 1.0) for i in indices], 0, model.cap[p])

    idle_columns: list[int] = []
    per_participant: dict[Hashable, list[int]] = defaultdict(list)
    for p, chain in model.chains:
        busy = [model.by_participant_slot.get((p, s), []) for s in chain]
        if not any(busy):
            continue
        n = len(chain)
        s_cols = list(range(columns, columns + n))
        e_cols = list(range(columns + n, columns + 2 * n))
        columns += 2 * n
        for k in range(n):
            row([(s_cols[k], 1.0)] + [(i, -1.0) for i in busy[k]], 0, np.inf)
            row([(e_cols[k], 1.0)] + [(i, -1.0) for i in busy[k]], 0, np.inf)
            if k:
                row([(s_cols[k], 1.0), (s_cols[k - 1], -1.0)], 0, np.inf)
                row([(e_cols[k - 1], 1.0), (e_cols[k], -1.0)], 0, np.inf)
        for k in range(1, n - 1):
            idle = columns
            columns += 1
            # idle >= started + pending - 1 - busy
            row(
                [(idle, 1.0), (s_cols[k], -1.0), (e_cols[k], -1.0)] + [(i, 1.0) for i in busy[k]],
                -1,
                np.inf,
            )
            idle_columns.append(idle)
            per_participant[p].append(idle)
    worst = columns
    columns += 1
    for terms in per_participant.values():
        row([(worst, 1.0)] + [(c, -1.0) for c in terms], 0, np.inf)

    integrality = np.zeros(columns)
    integrality[:n_x] = 1
    low = np.zeros(columns)
    for i in model.fixed_x:
        low[i] = 1
    high = np.ones(columns)
    high[worst] = len(problem.slot_days)
    bounds = Bounds(low, high)

    tiers = []
    c1 = np.zeros(columns)
    for i, (position, _) in enumerate(model.x_keys):
        c1[i] = -model.wanted[position].weight
    c2 = np.zeros(columns)
    c2[idle_columns] = 1
    c3 = np.zeros(columns)
    c3[worst] = 1
    tiers = [c1, c2, c3]

    optimal = True
    weight_optimal = False
    chosen: list[int] = []
    deadline = started + time_limit
    for tier, objective in enumerate(tiers):
        remaining = deadline - time.perf_counter()
        share = TIER_SHARE[tier] * time_limit if tier < len(TIER_SHARE) else remaining
        matrix = coo_matrix((vals, (rows, cols)), shape=(len(lower), columns)).tocsr()
        result = milp(
            objective,
            constraints=LinearConstraint(matrix, np.array(lower), np.array(upper)),
            integrality=integrality,
            bounds=bounds,
            options={"time_limit": max(0.05, min(share, remaining)), "disp": False},
        )
        if result.x is None:
            if tier == 0:
                raise RuntimeError("the scheduling model has no solution")  # pragma: no cover
            optimal = False
            break
        optimal = optimal and result.status == 0
        if tier == 0:
            weight_optimal = result.status == 0
        chosen = [i for i in range(n_x) if result.x[i] > 0.5]
        value = float(objective @ result.x)
        # hold this tier (rounded to the integer it is) while the next is solved
        row([(c, float(v)) for c, v in enumerate(objective) if v], -np.inf, round(value) + 1e-6)
    return _result(problem, model, chosen, optimal, started, "highs", weight_optimal)


def solve(problem: ScheduleProblem, *, time_limit: float = 30.0) -> Schedule:
    """The schedule of `problem` as the service makes it: HiGHS for the first tier, CP-SAT
    for the idle tiers (the faster for each, bench/README.md)."""
    return solve_cpsat(problem, time_limit=time_limit, first_tier="highs", keep_meetings=True)
