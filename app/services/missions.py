"""Trade missions: the mission and its slots, participants, meeting requests (by hand or
suggested from the matches), and the schedule computed by ``app.scheduler``.

Times: a mission's slots are local wall-clock times at the venue (``Mission.timezone``, one of
Indonesia's three zones, which keep no daylight saving); meetings are stored in UTC and shown
with the venue's offset.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import scheduler
from app.errors import Conflict, NotFound, Unprocessable
from app.models import (
    Buyer,
    BuyerRequest,
    Meeting,
    MeetingRequest,
    Mission,
    MissionParticipant,
    Umkm,
)
from app.principal import Principal, Role
from app.schemas import missions as ms
from app.schemas.base import Page
from app.services import audit
from app.services.common import get_or_404, paginate
from app.services.matching import SupplyIndex, demand_of

# Seconds the solver may spend on one schedule. The most meetings are proven within a second
# even at 200 participants; the rest of the time goes to fewer idle slots (bench/README.md).
# Small missions are proven optimal long before it.
SCHEDULE_TIME_LIMIT = 20.0
MAX_MISSION_DAYS = 14
DEFAULT_PRIORITY = 50
# Fields that define the slots: changing them would move meetings already scheduled.
SLOT_FIELDS = frozenset(
    {"starts_on", "ends_on", "timezone", "slot_minutes", "day_start", "day_end", "breaks"}
)


@dataclass(frozen=True, slots=True)
class Slot:
    index: int
    day: int
    start: datetime  # local, naive
    end: datetime


def zone(mission: Mission) -> timezone:
    return timezone(timedelta(hours=ms.TIMEZONE_OFFSETS_HOURS.get(mission.timezone, 7)))


def _minutes(clock_time: str) -> int:
    hours, minutes = clock_time.split(":")
    return int(hours) * 60 + int(minutes)


def slots_of(mission: Mission) -> list[Slot]:
    """The meeting slots of every day, in time order. A slot that would overlap a break is
    skipped and the next starts when the break ends."""
    found: list[Slot] = []
    breaks = sorted((_minutes(b["start"]), _minutes(b["end"])) for b in mission.breaks)
    day_end = _minutes(mission.day_end)
    for day in range((mission.ends_on - mission.starts_on).days + 1):
        midnight = datetime.combine(mission.starts_on + timedelta(days=day), datetime.min.time())
        t = _minutes(mission.day_start)
        while t + mission.slot_minutes <= day_end:
            blocking = next(
                (b for b in breaks if b[0] < t + mission.slot_minutes and t < b[1]), None
            )
            if blocking is not None:
                t = blocking[1]
                continue
            start = midnight + timedelta(minutes=t)
            found.append(
                Slot(len(found), day, start, start + timedelta(minutes=mission.slot_minutes))
            )
            t += mission.slot_minutes
    return found


def _check_settings(mission: Mission) -> None:
    """422 naming the field when the mission's days or slot settings do not hold together."""
    if mission.ends_on < mission.starts_on:
        raise Unprocessable("ends_on", "is before starts_on")
    if (mission.ends_on - mission.starts_on).days >= MAX_MISSION_DAYS:
        raise Unprocessable("ends_on", f"a mission lasts at most {MAX_MISSION_DAYS} days")
    if _minutes(mission.day_end) <= _minutes(mission.day_start):
        raise Unprocessable("day_end", "must be after day_start")
    spans = sorted((_minutes(b["start"]), _minutes(b["end"])) for b in mission.breaks)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise Unprocessable("breaks", "two breaks overlap")
    for start, end in spans:
        if start < _minutes(mission.day_start) or end > _minutes(mission.day_end):
            raise Unprocessable("breaks", "a break lies outside day_start..day_end")
    if not slots_of(mission):
        raise Unprocessable("slot_minutes", "no slot fits in the day between its breaks")


def mission_read(mission: Mission) -> ms.MissionRead:
    values = {c: getattr(mission, c) for c in ms.MissionRead.model_fields if c != "slots"}
    return ms.MissionRead.model_validate({**values, "slots": len(slots_of(mission))})


# ---------------------------------------------------------------- missions


def create_mission(*, session: Session, data: ms.MissionCreate, principal: Principal) -> Mission:
    values = data.model_dump(mode="json", exclude={"starts_on", "ends_on"})
    mission = Mission(**values, starts_on=data.starts_on, ends_on=data.ends_on)
    _check_settings(mission)
    session.add(mission)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="mission",
        resource_id=mission.id,
        changes=audit.created(mission, tuple(type(data).model_fields)),
    )
    return mission


def get_mission(*, session: Session, mission_id: int, for_update: bool = False) -> Mission:
    return get_or_404(session, Mission, mission_id, "mission", for_update=for_update)


def list_missions(
    *, session: Session, limit: int, offset: int, status: str | None = None
) -> Page[ms.MissionRead]:
    statement = select(Mission).order_by(Mission.starts_on.desc(), Mission.id)
    if status:
        statement = statement.where(Mission.status == status)
    rows, total = paginate(session, statement, limit=limit, offset=offset)
    return Page[ms.MissionRead].of(
        [mission_read(m) for m in rows], total=total, limit=limit, offset=offset
    )


def update_mission(
    *, session: Session, mission_id: int, data: ms.MissionUpdate, principal: Principal
) -> Mission:
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    changes = data.model_dump(mode="json", exclude_unset=True)
    for name in ("starts_on", "ends_on"):
        if name in changes:
            changes[name] = getattr(data, name)

    def then(changed: audit.Changes) -> None:
        _check_settings(mission)
        if SLOT_FIELDS & changed.keys() and _meetings(session, mission.id):
            raise Conflict(
                "the mission has scheduled meetings; its days and slot settings cannot change "
                "until they are rescheduled (clear them with a new schedule in mode 'all')"
            )

    audit.update(
        session,
        principal=principal,
        row=mission,
        resource="mission",
        resource_id=mission.id,
        changes=changes,
        then=then,
    )
    return mission


def _open_for_planning(mission: Mission) -> None:
    if mission.status == ms.MissionStatus.CLOSED:
        raise Conflict(f"mission {mission.id} is closed: its plan can no longer change")


# ---------------------------------------------------------------- participants


def _participant_name(session: Session, participant: MissionParticipant) -> str:
    if participant.buyer_id is not None:
        buyer = session.get(Buyer, participant.buyer_id)
        return buyer.name if buyer else ""
    umkm = session.get(Umkm, participant.umkm_id)
    return umkm.name if umkm else ""


def participant_read(session: Session, participant: MissionParticipant) -> ms.ParticipantRead:
    return ms.ParticipantRead(
        id=participant.id,
        mission_id=participant.mission_id,
        kind=participant.kind,
        buyer_id=participant.buyer_id,
        umkm_id=participant.umkm_id,
        name=_participant_name(session, participant),
        availability=[ms.AvailabilityRead(**a) for a in participant.availability],
    )


def add_participant(
    *, session: Session, mission_id: int, data: ms.ParticipantCreate, principal: Principal
) -> ms.ParticipantRead:
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    _open_for_planning(mission)
    if data.buyer_id is not None and session.get(Buyer, data.buyer_id) is None:
        raise NotFound("buyer", data.buyer_id)
    if data.umkm_id is not None and session.get(Umkm, data.umkm_id) is None:
        raise NotFound("UMKM", data.umkm_id)
    spans = sorted((a.start, a.end) for a in data.availability)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise Unprocessable("availability", f"two stretches overlap (at {start.isoformat()})")
    first = datetime.combine(mission.starts_on, datetime.min.time())
    last = datetime.combine(mission.ends_on + timedelta(days=1), datetime.min.time())
    for start, end in spans:
        if start < first or end > last:
            raise Unprocessable(
                "availability",
                f"{start.isoformat()}..{end.isoformat()} is outside the mission's days",
            )
    existing = session.scalar(
        select(MissionParticipant.id).where(
            MissionParticipant.mission_id == mission.id,
            MissionParticipant.buyer_id == data.buyer_id
            if data.buyer_id is not None
            else MissionParticipant.umkm_id == data.umkm_id,
        )
    )
    if existing is not None:
        raise Conflict(f"already a participant of mission {mission.id} (participant {existing})")
    participant = MissionParticipant(
        mission_id=mission.id,
        buyer_id=data.buyer_id,
        umkm_id=data.umkm_id,
        availability=[
            {"start": s.isoformat(timespec="minutes"), "end": e.isoformat(timespec="minutes")}
            for s, e in spans
        ],
    )
    session.add(participant)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="mission_participant",
        resource_id=participant.id,
        changes=audit.created(participant, ("mission_id", "buyer_id", "umkm_id", "availability")),
    )
    return participant_read(session, participant)


def _participants(session: Session, mission_id: int) -> list[MissionParticipant]:
    return list(
        session.scalars(
            select(MissionParticipant)
            .where(MissionParticipant.mission_id == mission_id)
            .order_by(MissionParticipant.id)
        )
    )


def list_participants(*, session: Session, mission_id: int) -> Page[ms.ParticipantRead]:
    get_mission(session=session, mission_id=mission_id)
    rows = [participant_read(session, p) for p in _participants(session, mission_id)]
    return Page[ms.ParticipantRead].of(rows)


# ---------------------------------------------------------------- meeting requests


def _party_ids(session: Session, mission_id: int) -> tuple[set[int], set[int]]:
    participants = _participants(session, mission_id)
    return (
        {p.buyer_id for p in participants if p.buyer_id is not None},
        {p.umkm_id for p in participants if p.umkm_id is not None},
    )


def create_meeting_request(
    *, session: Session, mission_id: int, data: ms.MeetingRequestCreate, principal: Principal
) -> MeetingRequest:
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    _open_for_planning(mission)
    buyers, umkm = _party_ids(session, mission.id)
    if data.buyer_id not in buyers:
        raise Unprocessable(
            "buyer_id", f"buyer {data.buyer_id} is not a participant of this mission"
        )
    if data.umkm_id not in umkm:
        raise Unprocessable("umkm_id", f"UMKM {data.umkm_id} is not a participant of this mission")
    if data.buyer_request_id is not None:
        buyer_request = session.get(BuyerRequest, data.buyer_request_id)
        if buyer_request is None:
            raise NotFound("buyer request", data.buyer_request_id)
        if buyer_request.buyer_id != data.buyer_id:
            raise Unprocessable("buyer_request_id", "is a request of another buyer")
    if _pair_request(session, mission.id, data.buyer_id, data.umkm_id) is not None:
        raise Conflict("this buyer and UMKM already have a meeting request at this mission")
    request = MeetingRequest(
        mission_id=mission.id,
        buyer_id=data.buyer_id,
        umkm_id=data.umkm_id,
        buyer_request_id=data.buyer_request_id,
        priority=data.priority or DEFAULT_PRIORITY,
        status=ms.MeetingRequestStatus.PENDING.value,
        source="manual",
    )
    session.add(request)
    session.flush()
    _record_request(session, principal, request)
    return request


def _record_request(session: Session, principal: Principal, request: MeetingRequest) -> None:
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="meeting_request",
        resource_id=request.id,
        changes=audit.created(
            request, ("mission_id", "buyer_id", "umkm_id", "buyer_request_id", "priority", "source")
        ),
    )


def _pair_request(
    session: Session, mission_id: int, buyer_id: int, umkm_id: int
) -> MeetingRequest | None:
    return session.scalar(
        select(MeetingRequest).where(
            MeetingRequest.mission_id == mission_id,
            MeetingRequest.buyer_id == buyer_id,
            MeetingRequest.umkm_id == umkm_id,
        )
    )


def suggest_meeting_requests(
    *,
    session: Session,
    index: SupplyIndex,
    mission_id: int,
    per_request: int,
    principal: Principal,
) -> Page[ms.MeetingRequestRead]:
    """For every open request of every buyer taking part, the top `per_request` UMKM taking
    part (by the match score, the same ranking as GET /buyer-requests/{id}/matches) become
    pending meeting requests with the score as priority. Pairs that already have a request
    are left as they are. Returns the requests made."""
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    _open_for_planning(mission)
    buyers, umkm = _party_ids(session, mission.id)
    if not buyers or not umkm:
        return Page[ms.MeetingRequestRead].of([])
    best: dict[tuple[int, int], tuple[float, int]] = {}
    open_requests = session.scalars(
        select(BuyerRequest)
        .where(BuyerRequest.buyer_id.in_(buyers), BuyerRequest.status == "open")
        .order_by(BuyerRequest.id)
    )
    for buyer_request in open_requests:
        seen_umkm: set[int] = set()
        for match in index.query(session, demand_of(buyer_request), limit=50, umkm_ids=umkm):
            if match.umkm_id in seen_umkm:
                continue  # one UMKM with two fitting products is one meeting
            seen_umkm.add(match.umkm_id)
            pair = (buyer_request.buyer_id, match.umkm_id)
            if pair not in best or match.score > best[pair][0]:
                best[pair] = (match.score, buyer_request.id)
            if len(seen_umkm) == per_request:
                break
    made = []
    for (buyer_id, umkm_id), (score, buyer_request_id) in sorted(best.items()):
        if _pair_request(session, mission.id, buyer_id, umkm_id) is not None:
            continue
        request = MeetingRequest(
            mission_id=mission.id,
            buyer_id=buyer_id,
            umkm_id=umkm_id,
            buyer_request_id=buyer_request_id,
            priority=min(100, max(1, round(score))),
            status=ms.MeetingRequestStatus.PENDING.value,
            source="suggested",
            match_score=Decimal(str(round(score, 2))),
        )
        session.add(request)
        session.flush()
        _record_request(session, principal, request)
        made.append(request)
    return Page[ms.MeetingRequestRead].of(made)


def list_meeting_requests(
    *,
    session: Session,
    mission_id: int,
    principal: Principal,
    limit: int,
    offset: int,
    status: str | None = None,
) -> Page[ms.MeetingRequestRead]:
    get_mission(session=session, mission_id=mission_id)
    statement = (
        select(MeetingRequest)
        .where(MeetingRequest.mission_id == mission_id)
        .order_by(MeetingRequest.id)
    )
    if principal.role == Role.UMKM:
        statement = statement.where(MeetingRequest.umkm_id == principal.umkm_id)
    if status:
        statement = statement.where(MeetingRequest.status == status)
    rows = list(session.scalars(statement))
    return Page[ms.MeetingRequestRead].of(
        rows[offset : offset + limit], total=len(rows), limit=limit, offset=offset
    )


def update_meeting_request(
    *,
    session: Session,
    request_id: int,
    data: ms.MeetingRequestUpdate,
    principal: Principal,
) -> MeetingRequest:
    request = get_or_404(session, MeetingRequest, request_id, "meeting request", for_update=True)
    _open_for_planning(get_mission(session=session, mission_id=request.mission_id))

    def then(changed: audit.Changes) -> None:
        # A declined request gives up the slot it had.
        if "status" in changed and request.status != ms.MeetingRequestStatus.ACCEPTED:
            session.execute(delete(Meeting).where(Meeting.meeting_request_id == request.id))

    audit.update(
        session,
        principal=principal,
        row=request,
        resource="meeting_request",
        resource_id=request.id,
        changes=data.model_dump(mode="json", exclude_unset=True),
        then=then,
    )
    return request


# ---------------------------------------------------------------- the schedule


def _meetings(session: Session, mission_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.mission_id == mission_id)
            .order_by(Meeting.starts_at, Meeting.table_no)
        )
    )


def _available_slots(participant: MissionParticipant, slots: list[Slot]) -> frozenset[int]:
    if not participant.availability:
        return frozenset(s.index for s in slots)
    spans = [
        (datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]))
        for a in participant.availability
    ]
    return frozenset(s.index for s in slots if any(a <= s.start and s.end <= b for a, b in spans))


def compute_schedule(
    *, session: Session, mission_id: int, mode: ms.ScheduleMode, principal: Principal
) -> ms.ScheduleRead:
    """Schedule the mission's accepted meeting requests. ``all`` starts afresh; ``unbooked``
    keeps every meeting already scheduled (slot and table) and places the others around them."""
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    if mission.status == ms.MissionStatus.CLOSED:
        raise Conflict(f"mission {mission.id} is closed: its schedule can no longer change")
    slots = slots_of(mission)
    participants = _participants(session, mission.id)
    by_buyer = {p.buyer_id: p for p in participants if p.buyer_id is not None}
    by_umkm = {p.umkm_id: p for p in participants if p.umkm_id is not None}
    accepted = list(
        session.scalars(
            select(MeetingRequest)
            .where(
                MeetingRequest.mission_id == mission.id,
                MeetingRequest.status == ms.MeetingRequestStatus.ACCEPTED,
            )
            .order_by(MeetingRequest.id)
        )
    )
    tz = zone(mission)
    slot_at = {s.start.replace(tzinfo=tz).astimezone(UTC): s for s in slots}
    existing = _meetings(session, mission.id)
    fixed: list[scheduler.FixedMeeting] = []
    if mode == ms.ScheduleMode.ALL:
        session.execute(delete(Meeting).where(Meeting.mission_id == mission.id))
        session.flush()
        existing = []
    else:
        fixed = [
            scheduler.FixedMeeting(m.meeting_request_id, slot_at[m.starts_at].index, m.table_no)
            for m in existing
        ]
    wanted = [
        scheduler.MeetingWanted(r.id, by_buyer[r.buyer_id].id, by_umkm[r.umkm_id].id, r.priority)
        for r in accepted
    ]
    problem = scheduler.ScheduleProblem(
        slot_days=[s.day for s in slots],
        tables=mission.tables,
        cap=mission.max_meetings_per_participant,
        wanted=wanted,
        available={p.id: _available_slots(p, slots) for p in participants},
        fixed=fixed,
    )
    result = scheduler.solve(problem, time_limit=SCHEDULE_TIME_LIMIT)
    kept = {m.meeting_request_id for m in existing}
    requests = {r.id: r for r in accepted}
    for request_id, (slot_index, table) in sorted(result.placed.items()):
        if request_id in kept:
            continue
        request = requests[request_id]
        slot = slots[slot_index]
        session.add(
            Meeting(
                mission_id=mission.id,
                meeting_request_id=request_id,
                buyer_participant_id=by_buyer[request.buyer_id].id,
                umkm_participant_id=by_umkm[request.umkm_id].id,
                table_no=table,
                starts_at=slot.start.replace(tzinfo=tz).astimezone(UTC),
                ends_at=slot.end.replace(tzinfo=tz).astimezone(UTC),
            )
        )
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="update",
        resource="mission_schedule",
        resource_id=mission.id,
        changes={
            "mode": (None, mode.value),
            "scheduled": (len(existing), len(result.placed)),
        },
    )
    schedule = get_schedule(session=session, mission_id=mission.id, principal=principal)
    schedule.solver, schedule.optimal = result.solver, result.optimal
    schedule.seconds = round(result.seconds, 3)
    return schedule


def get_schedule(*, session: Session, mission_id: int, principal: Principal) -> ms.ScheduleRead:
    """The mission's meetings and every participant's agenda. An UMKM account sees only its
    own meetings and agenda."""
    mission = get_mission(session=session, mission_id=mission_id)
    tz = zone(mission)
    slots = slots_of(mission)
    participants = {p.id: p for p in _participants(session, mission.id)}
    names = {pid: _participant_name(session, p) for pid, p in participants.items()}
    meetings = _meetings(session, mission.id)
    accepted = session.scalars(
        select(MeetingRequest.id).where(
            MeetingRequest.mission_id == mission.id,
            MeetingRequest.status == ms.MeetingRequestStatus.ACCEPTED,
        )
    ).all()
    own: int | None = None
    if principal.role == Role.UMKM:
        own = next((p.id for p in participants.values() if p.umkm_id == principal.umkm_id), -1)
        meetings = [m for m in meetings if m.umkm_participant_id == own]

    def local(moment: datetime) -> datetime:
        return moment.astimezone(tz)

    meeting_rows = [
        ms.MeetingRead(
            id=m.id,
            slot_start=local(m.starts_at),
            slot_end=local(m.ends_at),
            table=m.table_no,
            buyer_id=participants[m.buyer_participant_id].buyer_id or 0,
            umkm_id=participants[m.umkm_participant_id].umkm_id or 0,
            meeting_request_id=m.meeting_request_id,
            held=m.held,
        )
        for m in meetings
    ]
    slot_of = {s.start.replace(tzinfo=tz).astimezone(UTC): s for s in slots}
    agendas: list[ms.AgendaRead] = []
    per: dict[int, list[Meeting]] = defaultdict(list)
    for m in meetings:
        per[m.buyer_participant_id].append(m)
        per[m.umkm_participant_id].append(m)
    total_idle = 0
    for pid, participant in participants.items():
        if own is not None and pid != own:
            continue
        items = []
        for m in per.get(pid, []):
            other = participants[
                m.umkm_participant_id if pid == m.buyer_participant_id else m.buyer_participant_id
            ]
            items.append(
                ms.AgendaItem(
                    meeting_id=m.id,
                    slot_start=local(m.starts_at),
                    slot_end=local(m.ends_at),
                    table=m.table_no,
                    with_buyer_id=other.buyer_id,
                    with_umkm_id=other.umkm_id,
                    with_name=names[other.id],
                    meeting_request_id=m.meeting_request_id,
                )
            )
        idle = _idle(
            participant,
            slots,
            [slot_of[m.starts_at] for m in per.get(pid, []) if m.starts_at in slot_of],
        )
        total_idle += idle
        agendas.append(
            ms.AgendaRead(
                participant_id=pid,
                kind=participant.kind,
                buyer_id=participant.buyer_id,
                umkm_id=participant.umkm_id,
                name=names[pid],
                meetings=items,
                idle_slots=idle,
            )
        )
    scheduled_ids = {m.meeting_request_id for m in meetings}
    return ms.ScheduleRead(
        mission_id=mission.id,
        mission_name=mission.name,
        requested=len(accepted),
        scheduled=len(meeting_rows),
        unscheduled_request_ids=[] if own is not None else sorted(set(accepted) - scheduled_ids),
        idle_slots=total_idle,
        meetings=meeting_rows,
        agendas=agendas,
    )


def _idle(participant: MissionParticipant, slots: list[Slot], busy: list[Slot]) -> int:
    """Idle slots of one participant, counted as the scheduler counts them."""
    available = _available_slots(participant, slots) | {s.index for s in busy}
    problem = scheduler.ScheduleProblem(
        slot_days=[s.day for s in slots],
        tables=1,
        cap=len(busy),
        wanted=[scheduler.MeetingWanted(i, participant.id, -i - 1, 1) for i in range(len(busy))],
        available={participant.id: available},
    )
    placed = {i: (slot.index, 1) for i, slot in enumerate(busy)}
    return scheduler.idle_slots(problem, placed).get(participant.id, 0)


def update_meeting(
    *,
    session: Session,
    meeting_id: int,
    data: ms.MeetingUpdate,
    principal: Principal,
) -> ms.MeetingRead:
    """Record whether a meeting took place."""
    meeting = get_or_404(session, Meeting, meeting_id, "meeting", for_update=True)
    mission = get_mission(session=session, mission_id=meeting.mission_id)
    audit.update(
        session,
        principal=principal,
        row=meeting,
        resource="meeting",
        resource_id=meeting.id,
        changes={"held": data.held},
    )
    tz = zone(mission)
    buyer = session.get(MissionParticipant, meeting.buyer_participant_id)
    umkm = session.get(MissionParticipant, meeting.umkm_participant_id)
    return ms.MeetingRead(
        id=meeting.id,
        slot_start=meeting.starts_at.astimezone(tz),
        slot_end=meeting.ends_at.astimezone(tz),
        table=meeting.table_no,
        buyer_id=(buyer.buyer_id if buyer else None) or 0,
        umkm_id=(umkm.umkm_id if umkm else None) or 0,
        meeting_request_id=meeting.meeting_request_id,
        held=meeting.held,
    )
