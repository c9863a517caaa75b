"""Trade missions: the mission and its slots, participants, meeting requests (by hand or
suggested from the matches), and the schedule computed by ``app.scheduler``.

Times: a mission's slots are local wall-clock times at the venue (``Mission.timezone``, one of
Indonesia's three zones, which keep no daylight saving); meetings are stored in UTC and shown
with the venue's offset.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import Conflict, Forbidden, NotFound, Unprocessable
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
from app.services.offices import owner_office

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
    mission = Mission(
        **values,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        office_id=owner_office(session, principal),
    )
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
    check_organiser(mission, principal)
    changes = data.model_dump(mode="json", exclude_unset=True)
    for name in ("starts_on", "ends_on"):
        if name in changes:
            changes[name] = getattr(data, name)

    def then(changed: audit.Changes) -> None:
        _check_settings(mission)
        if SLOT_FIELDS & changed.keys() and meetings_of(session, mission.id):
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


def check_organiser(mission: Mission, principal: Principal) -> None:
    """403 unless `principal` may plan `mission`: staff of the organising office and admins.
    (Staff of an office taking part read it; other offices never find it: app.offices.)"""
    if principal.office_scope is not None and principal.office_scope != mission.office_id:
        raise Forbidden(
            f"mission {mission.id} is planned by the office that organises it "
            f"(office {mission.office_id}); offices taking part read it"
        )


def _open_for_planning(mission: Mission, principal: Principal) -> None:
    check_organiser(mission, principal)
    if mission.status == ms.MissionStatus.CLOSED:
        raise Conflict(f"mission {mission.id} is closed: its plan can no longer change")


# ---------------------------------------------------------------- participants


def participant_name(session: Session, participant: MissionParticipant) -> str:
    """The name (public) of a buyer or UMKM taking part, whichever office it belongs to."""
    table = Buyer.__table__ if participant.buyer_id is not None else Umkm.__table__
    row_id = participant.buyer_id if participant.buyer_id is not None else participant.umkm_id
    return session.scalar(select(table.c.name).where(table.c.id == row_id)) or ""


def _exists(session: Session, model: type[Buyer] | type[Umkm], row_id: int) -> bool:
    """Any office's buyer or UMKM (not deleted): a mission brings offices together."""
    table = model.__table__
    statement = select(table.c.id).where(table.c.id == row_id)
    if model is Umkm:
        statement = statement.where(table.c.deleted_at.is_(None))
    return session.scalar(statement) is not None


def participant_read(session: Session, participant: MissionParticipant) -> ms.ParticipantRead:
    return ms.ParticipantRead(
        id=participant.id,
        mission_id=participant.mission_id,
        kind=participant.kind,
        buyer_id=participant.buyer_id,
        umkm_id=participant.umkm_id,
        name=participant_name(session, participant),
        availability=[ms.AvailabilityRead(**a) for a in participant.availability],
    )


def add_participant(
    *, session: Session, mission_id: int, data: ms.ParticipantCreate, principal: Principal
) -> ms.ParticipantRead:
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    _open_for_planning(mission, principal)
    if data.buyer_id is not None and not _exists(session, Buyer, data.buyer_id):
        raise NotFound("buyer", data.buyer_id)
    if data.umkm_id is not None and not _exists(session, Umkm, data.umkm_id):
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


def participants_of(session: Session, mission_id: int) -> list[MissionParticipant]:
    return list(
        session.scalars(
            select(MissionParticipant)
            .where(MissionParticipant.mission_id == mission_id)
            .order_by(MissionParticipant.id)
        )
    )


def list_participants(*, session: Session, mission_id: int) -> Page[ms.ParticipantRead]:
    get_mission(session=session, mission_id=mission_id)
    rows = [participant_read(session, p) for p in participants_of(session, mission_id)]
    return Page[ms.ParticipantRead].of(rows)


# ---------------------------------------------------------------- meeting requests


def _party_ids(session: Session, mission_id: int) -> tuple[set[int], set[int]]:
    participants = participants_of(session, mission_id)
    return (
        {p.buyer_id for p in participants if p.buyer_id is not None},
        {p.umkm_id for p in participants if p.umkm_id is not None},
    )


def create_meeting_request(
    *, session: Session, mission_id: int, data: ms.MeetingRequestCreate, principal: Principal
) -> MeetingRequest:
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    _open_for_planning(mission, principal)
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
    _open_for_planning(mission, principal)
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
    _open_for_planning(get_mission(session=session, mission_id=request.mission_id), principal)

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


def meetings_of(session: Session, mission_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.mission_id == mission_id)
            .order_by(Meeting.starts_at, Meeting.table_no)
        )
    )
