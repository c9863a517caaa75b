"""Mission pages: the list, the planning form, a mission's page (participants, meeting
requests, the schedule), the printable agendas and the report. Each route calls the service
function the API route of the same action calls (app/api/missions.py)."""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError

from app import agenda, reference
from app.api.deps import IdPath, supply_index
from app.db import SessionDep
from app.errors import AppError
from app.schemas import missions as ms
from app.services import buyers as buyer_service
from app.services import deals as deal_service
from app.services import mission_report as report_service
from app.services import missions as service
from app.services import schedule as schedule_service
from app.services import umkm as umkm_service
from app.web import forms, i18n
from app.web.auth import StaffUser
from app.web.i18n import N_
from app.web.missions.deals import product_names
from app.web.missions.values import present, whole
from app.web.templating import flash, render, see_other

router = APIRouter()

# the lists a form offers to choose from (a demo office has tens of each)
CHOICES_LIMIT = 200
FORM_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "venue",
    "city",
    "timezone",
    "slot_minutes",
    "tables",
    "day_start",
    "day_end",
    "break_start",
    "break_end",
    "max_meetings_per_participant",
    "countries",
    "notes",
)
TIMEZONES = (
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
)


@router.get("/console/missions")
def mission_list(http: Request, user: StaffUser, session: SessionDep) -> HTMLResponse:
    missions = service.list_missions(session=session, limit=200, offset=0)
    return render(http, "missions/list.html", {"missions": missions.items})


def _form_page(
    http: Request,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        http,
        "missions/form.html",
        {
            "values": values,
            "errors": errors,
            "timezones": TIMEZONES,
            "provinces": sorted(reference.provinces().values(), key=lambda p: p.name),
        },
        status_code=status_code,
    )


@router.get("/console/missions/new")
def new_mission(http: Request, user: StaffUser) -> HTMLResponse:
    defaults = ms.MissionCreate.model_fields
    values: dict[str, Any] = {
        name: defaults[name].default if name in defaults else "" for name in FORM_FIELDS
    }
    values.update(countries="", notes="", venue="", city="", provinces=[])
    values.update(starts_on="", ends_on="", name="")
    return _form_page(http, values, {})


def mission_data(form: dict[str, Any], provinces: list[str], lang: str) -> dict[str, Any]:
    """The MissionCreate fields of the planning form's strings."""
    data = present(
        {
            "name": form.get("name"),
            "starts_on": form.get("starts_on"),
            "ends_on": form.get("ends_on"),
            "venue": form.get("venue"),
            "city": form.get("city"),
            "timezone": form.get("timezone"),
            "slot_minutes": whole(form.get("slot_minutes"), lang),
            "tables": whole(form.get("tables"), lang),
            "day_start": form.get("day_start"),
            "day_end": form.get("day_end"),
            "max_meetings_per_participant": whole(form.get("max_meetings_per_participant"), lang),
            "notes": form.get("notes"),
        }
    )
    break_start, break_end = form.get("break_start") or "", form.get("break_end") or ""
    if break_start.strip() or break_end.strip():
        data["breaks"] = [{"start": break_start.strip(), "end": break_end.strip()}]
    data["provinces"] = provinces
    countries = str(form.get("countries") or "").replace(";", ",")
    data["countries"] = [c.strip().upper() for c in countries.split(",") if c.strip()]
    return data


class MissionForm(BaseModel):
    """The planning form as typed (strings; the page builds MissionCreate from them)."""

    name: str = ""
    starts_on: str = ""
    ends_on: str = ""
    venue: str = ""
    city: str = ""
    timezone: str = ""
    slot_minutes: str = ""
    tables: str = ""
    day_start: str = ""
    day_end: str = ""
    break_start: str = ""
    break_end: str = ""
    max_meetings_per_participant: str = ""
    countries: str = ""
    notes: str = ""
    provinces: list[str] = []


@router.post("/console/missions/new")
def create_mission(
    http: Request, user: StaffUser, session: SessionDep, form: Annotated[MissionForm, Form()]
) -> Response:
    lang = i18n.language_of(http)
    values: dict[str, Any] = form.model_dump()
    provinces = form.provinces
    try:
        data = ms.MissionCreate.model_validate(mission_data(values, provinces, lang))
        mission = service.create_mission(session=session, data=data, principal=user.principal)
    except (ValidationError, AppError) as exc:
        return _form_page(http, values, _form_errors(forms.refused(exc, lang)), status_code=422)
    return see_other(
        f"/console/missions/{mission.id}",
        i18n.translations(lang).gettext("The mission is planned."),
    )


def _form_errors(errors: dict[str, str]) -> dict[str, str]:
    """The break's errors shown next to its two fields."""
    if "breaks" in errors:
        errors.setdefault("break_start", errors["breaks"])
    return errors


def _names(participants: list[ms.ParticipantRead]) -> dict[str, Any]:
    return {
        "buyer": {p.buyer_id: p.name for p in participants if p.buyer_id is not None},
        "umkm": {p.umkm_id: p.name for p in participants if p.umkm_id is not None},
    }


@router.get("/console/missions/{mission_id}")
def mission_page(
    http: Request, user: StaffUser, session: SessionDep, mission_id: IdPath
) -> HTMLResponse:
    mission = service.mission_read(service.get_mission(session=session, mission_id=mission_id))
    participants = service.list_participants(session=session, mission_id=mission_id).items
    requests = service.list_meeting_requests(
        session=session, mission_id=mission_id, principal=user.principal, limit=1000, offset=0
    ).items
    schedule = schedule_service.get_schedule(
        session=session, mission_id=mission_id, principal=user.principal
    )
    deals = deal_service.list_deals(
        session=session, principal=user.principal, limit=200, offset=0, mission_id=mission_id
    ).items
    taking_part_buyers = {p.buyer_id for p in participants}
    taking_part_umkm = {p.umkm_id for p in participants}
    buyers = [("", "—")] + [
        (b.id, b.name)
        for b in buyer_service.list_buyers(session=session, limit=CHOICES_LIMIT, offset=0).items
        if b.id not in taking_part_buyers
    ]
    umkm = [("", "—")] + [
        (u.id, u.name)
        for u in umkm_service.list_umkm(
            session=session, principal=user.principal, limit=CHOICES_LIMIT, offset=0
        ).items
        if u.id not in taking_part_umkm
    ]
    names = _names(participants)
    # staff of an office taking part read the mission; its organisers plan it (the service
    # refuses the others: the page does not offer what would be refused)
    scope = user.principal.office_scope
    organiser = scope is None or scope == mission.office_id
    products = product_names(session, {deal.product_id for deal in deals})
    return render(
        http,
        "missions/mission.html",
        {
            "mission": mission,
            "participants": participants,
            "requests": requests,
            "schedule": schedule,
            "deals": deals,
            "products": products,
            "buyers": buyers,
            "umkm": umkm,
            "names": names,
            "open_for_planning": mission.status != ms.MissionStatus.CLOSED and organiser,
            "organiser": organiser,
            "statuses": status_choices(i18n.language_of(http)),
            "provinces": reference.provinces(),
        },
    )


class PairForm(BaseModel):
    """A buyer and an UMKM chosen on the mission page (to add one of them, or to ask for a
    meeting between them), as typed."""

    buyer_id: str = ""
    umkm_id: str = ""

    def ids(self) -> dict[str, Any]:
        """The ids given, as whole numbers where they read as one."""
        return present(
            {"buyer_id": whole(self.buyer_id, "en"), "umkm_id": whole(self.umkm_id, "en")}
        )


@router.post("/console/missions/{mission_id}/participants")
def add_participant(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    mission_id: IdPath,
    form: Annotated[PairForm, Form()],
) -> Response:
    t = i18n.translations(i18n.language_of(http))
    try:
        data = ms.ParticipantCreate.model_validate(form.ids())
        added = service.add_participant(
            session=session, mission_id=mission_id, data=data, principal=user.principal
        )
    except ValidationError:
        return see_other(
            f"/console/missions/{mission_id}#participants",
            t.gettext("Choose a buyer or an UMKM to add."),
        )
    return see_other(
        f"/console/missions/{mission_id}#participants",
        t.gettext("%(name)s takes part.") % {"name": added.name},
    )


@router.post("/console/missions/{mission_id}/suggest")
def suggest_meetings(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    mission_id: IdPath,
    per_request: Annotated[int, Form(ge=1, le=20)] = 3,
) -> Response:
    suggested = service.suggest_meeting_requests(
        session=session,
        index=supply_index(http),
        mission_id=mission_id,
        per_request=per_request,
        principal=user.principal,
    )
    t = i18n.translations(i18n.language_of(http))
    return see_other(
        f"/console/missions/{mission_id}#meetings",
        t.ngettext(
            "%(count)s meeting suggested from the matches.",
            "%(count)s meetings suggested from the matches.",
            suggested.total,
        )
        % {"count": suggested.total},
    )


@router.post("/console/meeting-requests/{request_id}")
def decide_meeting(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    request_id: IdPath,
    status: Annotated[ms.MeetingRequestStatus, Form()],
) -> Response:
    request = service.update_meeting_request(
        session=session,
        request_id=request_id,
        data=ms.MeetingRequestUpdate(status=status),
        principal=user.principal,
    )
    t = i18n.translations(i18n.language_of(http))
    message = {
        ms.MeetingRequestStatus.ACCEPTED: t.gettext("Meeting accepted."),
        ms.MeetingRequestStatus.DECLINED: t.gettext("Meeting declined."),
        ms.MeetingRequestStatus.PENDING: t.gettext("Meeting back to pending."),
    }[status]
    return see_other(f"/console/missions/{request.mission_id}#meetings", message)


@router.post("/console/missions/{mission_id}/schedule")
def run_schedule(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    mission_id: IdPath,
    mode: Annotated[ms.ScheduleMode, Form()] = ms.ScheduleMode.ALL,
) -> Response:
    schedule = schedule_service.compute_schedule(
        session=session, mission_id=mission_id, mode=mode, principal=user.principal
    )
    t = i18n.translations(i18n.language_of(http))
    return see_other(
        f"/console/missions/{mission_id}#schedule",
        t.gettext("Scheduled %(scheduled)s of %(requested)s accepted meetings.")
        % {"scheduled": schedule.scheduled, "requested": schedule.requested},
    )


STATUS_LABELS = {
    ms.MissionStatus.PLANNED: N_("planned"),
    ms.MissionStatus.OPEN: N_("open"),
    ms.MissionStatus.CLOSED: N_("closed"),
}


def status_choices(lang: str) -> list[tuple[str, str]]:
    t = i18n.translations(lang)
    return [(status.value, t.gettext(label)) for status, label in STATUS_LABELS.items()]


@router.post("/console/missions/{mission_id}/status")
def change_status(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    mission_id: IdPath,
    status: Annotated[ms.MissionStatus, Form()],
) -> Response:
    service.update_mission(
        session=session,
        mission_id=mission_id,
        data=ms.MissionUpdate(status=status),
        principal=user.principal,
    )
    return see_other(
        f"/console/missions/{mission_id}",
        i18n.translations(i18n.language_of(http)).gettext("Status changed."),
    )


@router.post("/console/missions/{mission_id}/meeting-requests")
def request_meeting(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    mission_id: IdPath,
    form: Annotated[PairForm, Form()],
) -> Response:
    t = i18n.translations(i18n.language_of(http))
    response = see_other(f"/console/missions/{mission_id}#meetings")
    try:
        data = ms.MeetingRequestCreate.model_validate(form.ids())
    except ValidationError:
        flash(response, t.gettext("Choose a buyer and an UMKM taking part."))
        return response
    try:
        service.create_meeting_request(
            session=session, mission_id=mission_id, data=data, principal=user.principal
        )
    except AppError as exc:
        if exc.status not in (409, 422):
            raise
        flash(
            response,
            t.gettext("This meeting cannot be requested: %(reason)s") % {"reason": exc.detail},
        )
        return response
    flash(response, t.gettext("Meeting requested."))
    return response


def _venue(mission_id: int, session: SessionDep) -> str | None:
    mission = service.get_mission(session=session, mission_id=mission_id)
    return ", ".join(part for part in (mission.venue, mission.city) if part) or None


@router.get("/console/missions/{mission_id}/agenda")
def agenda_page(
    http: Request, user: StaffUser, session: SessionDep, mission_id: IdPath
) -> HTMLResponse:
    mission = service.mission_read(service.get_mission(session=session, mission_id=mission_id))
    schedule = schedule_service.get_schedule(
        session=session, mission_id=mission_id, principal=user.principal
    )
    agendas = sorted(schedule.agendas, key=lambda a: (a.kind, a.name))
    return render(
        http,
        "missions/agenda.html",
        {"mission": mission, "schedule": schedule, "agendas": agendas},
    )


@router.get("/console/missions/{mission_id}/agenda.csv")
def agenda_csv(user: StaffUser, session: SessionDep, mission_id: IdPath) -> Response:
    schedule = schedule_service.get_schedule(
        session=session, mission_id=mission_id, principal=user.principal
    )
    return Response(
        agenda.agenda_csv(schedule),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="mission-{mission_id}-agenda.csv"'},
    )


@router.get("/console/missions/{mission_id}/agenda.ics")
def agenda_ics(user: StaffUser, session: SessionDep, mission_id: IdPath) -> Response:
    schedule = schedule_service.get_schedule(
        session=session, mission_id=mission_id, principal=user.principal
    )
    body = agenda.agenda_ics(schedule, venue=_venue(mission_id, session), stamp=datetime.now(UTC))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="mission-{mission_id}-agenda.ics"'},
    )


@router.get("/console/missions/{mission_id}/report")
def report_page(
    http: Request, user: StaffUser, session: SessionDep, mission_id: IdPath
) -> HTMLResponse:
    lang = i18n.language_of(http)
    report = report_service.mission_report(session=session, mission_id=mission_id, lang=lang)
    return render(http, "missions/report.html", {"report": report})


@router.get("/console/missions/{mission_id}/report.{format}")
def report_file(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    mission_id: IdPath,
    format: Literal["csv", "xlsx"],
) -> Response:
    """The report as the API gives it (`report_service.report_file`): CSV or XLSX."""
    lang = i18n.language_of(http)
    report = report_service.mission_report(session=session, mission_id=mission_id, lang=lang)
    content, media_type = report_service.report_file(report, format)
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="mission-{mission_id}-report.{format}"'
        },
    )
