"""A mission's schedule: computed by ``app.scheduler`` from the accepted meeting requests,
read as meetings and per-participant agendas, and the record of which meetings were held.
Slots and zones come from ``app.services.missions``."""

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import scheduler
from app.config import settings
from app.errors import Conflict
from app.models import Meeting, MeetingRequest, MissionParticipant
from app.principal import Principal, Role
from app.schemas import missions as ms
from app.services import audit
from app.services.common import get_or_404
from app.services.missions import (
    Slot,
    check_organiser,
    get_mission,
    meetings_of,
    participant_name,
    participants_of,
    slots_of,
    zone,
)


def _available_slots(participant: MissionParticipant, slots: list[Slot]) -> frozenset[int]:
    if not participant.availability:
        return frozenset(s.index for s in slots)
    spans = [
        (datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]))
        for a in participant.availability
    ]
    return frozenset(s.index for s in slots if any(a <= s.start and s.end <= b for a, b in spans))


def time_limit(asked: float | None) -> float:
    """Seconds the solver may search: what the request asks, at most the service's setting
    (``schedule_time_limit_seconds``), which is also the default."""
    most = settings.schedule_time_limit_seconds
    return most if asked is None else min(asked, most)


def solution_note(result: scheduler.Schedule, limit: float) -> tuple[str, str]:
    """One line each in Indonesian and English: optimal, or the best found within `limit`."""
    if result.optimal:
        return (
            "Jadwal optimal: terbukti tidak ada jadwal yang lebih baik.",
            "Optimal schedule: no better schedule exists.",
        )
    shown = f"{limit:g}"
    if result.weight_optimal:
        return (
            f"Jadwal terbaik yang ditemukan dalam batas {shown} detik: jumlah pertemuan sudah "
            "terbanyak, jeda antarpertemuan mungkin masih bisa dikurangi.",
            f"Best schedule found within the {shown} s limit: it holds the most meetings; "
            "idle slots between meetings might still be fewer.",
        )
    return (
        f"Jadwal terbaik yang ditemukan dalam batas {shown} detik; belum terbukti optimal.",
        f"Best schedule found within the {shown} s limit; not proven optimal.",
    )


def compute_schedule(
    *,
    session: Session,
    mission_id: int,
    mode: ms.ScheduleMode,
    principal: Principal,
    time_limit_seconds: float | None = None,
) -> ms.ScheduleRead:
    """Schedule the mission's accepted meeting requests. ``all`` starts afresh; ``unbooked``
    keeps every meeting already scheduled (slot and table) and places the others around them.
    The solver searches at most `time_limit` seconds; the answer says whether the schedule
    is proven optimal or the best found within that time."""
    mission = get_mission(session=session, mission_id=mission_id, for_update=True)
    check_organiser(mission, principal)
    if mission.status == ms.MissionStatus.CLOSED:
        raise Conflict(f"mission {mission.id} is closed: its schedule can no longer change")
    slots = slots_of(mission)
    participants = participants_of(session, mission.id)
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
    existing = meetings_of(session, mission.id)
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
    limit = time_limit(time_limit_seconds)
    result = scheduler.solve(problem, time_limit=limit)
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
    schedule.solution = "optimal" if result.optimal else "best_within_limit"
    schedule.most_meetings_proven = result.optimal or result.weight_optimal
    schedule.time_limit_seconds = limit
    schedule.solution_note_id, schedule.solution_note_en = solution_note(result, limit)
    schedule.seconds = round(result.seconds, 3)
    return schedule


def get_schedule(*, session: Session, mission_id: int, principal: Principal) -> ms.ScheduleRead:
    """The mission's meetings and every participant's agenda. An UMKM account sees only its
    own meetings and agenda."""
    mission = get_mission(session=session, mission_id=mission_id)
    tz = zone(mission)
    slots = slots_of(mission)
    participants = {p.id: p for p in participants_of(session, mission.id)}
    names = {pid: participant_name(session, p) for pid, p in participants.items()}
    meetings = meetings_of(session, mission.id)
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
    check_organiser(mission, principal)
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
