"""Trade missions: staff plan them (participants, meeting requests, the schedule); clients read
schedules; an UMKM account reads its own meeting requests, meetings and agenda."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status

from app import agenda
from app.api.deps import PROBLEM_RESPONSES, IdPath, Limit, Offset, supply_index
from app.db import SessionDep
from app.schemas import missions as ms
from app.schemas.base import Page
from app.security import CurrentPrincipal, Role, require
from app.services import mission_report as report_service
from app.services import missions as service
from app.services import schedule as schedule_service

router = APIRouter(responses=PROBLEM_RESPONSES, tags=["missions"])
STAFF = require(Role.STAFF)
EVERYONE = require(Role.STAFF, Role.CLIENT, Role.UMKM)
STAFF_OR_UMKM = require(Role.STAFF, Role.UMKM)


@router.post(
    "/missions",
    status_code=status.HTTP_201_CREATED,
    response_model=ms.MissionRead,
    dependencies=[STAFF],
)
def create_mission(
    session: SessionDep, principal: CurrentPrincipal, body: ms.MissionCreate
) -> object:
    mission = service.create_mission(session=session, data=body, principal=principal)
    return service.mission_read(mission)


@router.get("/missions", response_model=Page[ms.MissionRead], dependencies=[EVERYONE])
def list_missions(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    status: ms.MissionStatus | None = None,
) -> object:
    return service.list_missions(session=session, limit=limit, offset=offset, status=status)


@router.get("/missions/{mission_id}", response_model=ms.MissionRead, dependencies=[EVERYONE])
def get_mission(session: SessionDep, mission_id: IdPath) -> object:
    return service.mission_read(service.get_mission(session=session, mission_id=mission_id))


@router.patch("/missions/{mission_id}", response_model=ms.MissionRead, dependencies=[STAFF])
def update_mission(
    session: SessionDep, principal: CurrentPrincipal, mission_id: IdPath, body: ms.MissionUpdate
) -> object:
    mission = service.update_mission(
        session=session, mission_id=mission_id, data=body, principal=principal
    )
    return service.mission_read(mission)


@router.post(
    "/missions/{mission_id}/participants",
    status_code=status.HTTP_201_CREATED,
    response_model=ms.ParticipantRead,
    dependencies=[STAFF],
)
def add_participant(
    session: SessionDep,
    principal: CurrentPrincipal,
    mission_id: IdPath,
    body: ms.ParticipantCreate,
) -> object:
    return service.add_participant(
        session=session, mission_id=mission_id, data=body, principal=principal
    )


@router.get(
    "/missions/{mission_id}/participants",
    response_model=Page[ms.ParticipantRead],
    dependencies=[require(Role.STAFF, Role.CLIENT)],
)
def list_participants(session: SessionDep, mission_id: IdPath) -> object:
    return service.list_participants(session=session, mission_id=mission_id)


@router.post(
    "/missions/{mission_id}/meeting-requests",
    status_code=status.HTTP_201_CREATED,
    response_model=ms.MeetingRequestRead,
    dependencies=[STAFF],
)
def create_meeting_request(
    session: SessionDep,
    principal: CurrentPrincipal,
    mission_id: IdPath,
    body: ms.MeetingRequestCreate,
) -> object:
    return service.create_meeting_request(
        session=session, mission_id=mission_id, data=body, principal=principal
    )


@router.post(
    "/missions/{mission_id}/meeting-requests/suggest",
    status_code=status.HTTP_201_CREATED,
    response_model=Page[ms.MeetingRequestRead],
    dependencies=[STAFF],
    summary="Propose meeting requests from the matches of the buyers' open requests",
)
def suggest_meeting_requests(
    session: SessionDep,
    principal: CurrentPrincipal,
    http: Request,
    mission_id: IdPath,
    per_request: Annotated[
        int, Query(ge=1, le=20, description="top UMKM taking part per open buyer request")
    ] = 3,
) -> object:
    return service.suggest_meeting_requests(
        session=session,
        index=supply_index(http),
        mission_id=mission_id,
        per_request=per_request,
        principal=principal,
    )


@router.get(
    "/missions/{mission_id}/meeting-requests",
    response_model=Page[ms.MeetingRequestRead],
    dependencies=[STAFF_OR_UMKM],
)
def list_meeting_requests(
    session: SessionDep,
    principal: CurrentPrincipal,
    mission_id: IdPath,
    limit: Limit = 50,
    offset: Offset = 0,
    status: ms.MeetingRequestStatus | None = None,
) -> object:
    return service.list_meeting_requests(
        session=session,
        mission_id=mission_id,
        principal=principal,
        limit=limit,
        offset=offset,
        status=status,
    )


@router.patch(
    "/meeting-requests/{meeting_request_id}",
    response_model=ms.MeetingRequestRead,
    dependencies=[STAFF],
    summary="Accept or decline a meeting request, or change its priority",
)
def update_meeting_request(
    session: SessionDep,
    principal: CurrentPrincipal,
    meeting_request_id: IdPath,
    body: ms.MeetingRequestUpdate,
) -> object:
    return service.update_meeting_request(
        session=session,
        request_id=meeting_request_id,
        data=body,
        principal=principal,
    )


@router.post(
    "/missions/{mission_id}/schedule",
    response_model=ms.ScheduleRead,
    dependencies=[STAFF],
    summary="Compute the schedule: 'all' afresh, 'unbooked' keeping every scheduled meeting",
)
def compute_schedule(
    session: SessionDep, principal: CurrentPrincipal, mission_id: IdPath, body: ms.ScheduleRun
) -> object:
    return schedule_service.compute_schedule(
        session=session,
        mission_id=mission_id,
        mode=body.mode,
        principal=principal,
        time_limit_seconds=body.time_limit_seconds,
    )


AgendaFormat = Literal["json", "csv", "ics", "html"]
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


@router.get(
    "/missions/{mission_id}/schedule",
    response_model=ms.ScheduleRead,
    dependencies=[EVERYONE],
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "text/calendar": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            },
            "description": "meetings and agendas: JSON, or `format` csv, ics or html",
        }
    },
    summary="Meetings and each participant's agenda (JSON, CSV, iCalendar, printable HTML)",
)
def get_schedule(
    session: SessionDep,
    principal: CurrentPrincipal,
    mission_id: IdPath,
    format: Annotated[AgendaFormat, Query(description="json, csv, ics or html")] = "json",
) -> object:
    schedule = schedule_service.get_schedule(
        session=session, mission_id=mission_id, principal=principal
    )
    if format == "json":
        return schedule
    mission = service.get_mission(session=session, mission_id=mission_id)
    venue = ", ".join(part for part in (mission.venue, mission.city) if part) or None
    if format == "csv":
        body = agenda.agenda_csv(schedule)
    elif format == "ics":
        body = agenda.agenda_ics(schedule, venue=venue, stamp=datetime.now(UTC))
    else:
        body = agenda.agenda_html(schedule, venue=venue)
    extension = "txt" if format == "html" else format
    headers = {}
    if format != "html":
        headers["Content-Disposition"] = (
            f'attachment; filename="mission-{mission_id}-agenda.{extension}"'
        )
    return Response(body, media_type=FORMATS[format], headers=headers)


@router.patch(
    "/meetings/{meeting_id}",
    response_model=ms.MeetingRead,
    dependencies=[STAFF],
    summary="Record whether a meeting took place",
)
def update_meeting(
    session: SessionDep,
    principal: CurrentPrincipal,
    meeting_id: IdPath,
    body: ms.MeetingUpdate,
) -> object:
    return schedule_service.update_meeting(
        session=session,
        meeting_id=meeting_id,
        data=body,
        principal=principal,
    )


@router.get(
    "/missions/{mission_id}/report",
    response_model=ms.MissionReport,
    dependencies=[STAFF],
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                report_service.XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
            "description": "JSON; CSV with `format=csv` or `Accept: text/csv`; XLSX with "
            "`format=xlsx` or the XLSX media type in `Accept`",
        }
    },
    summary="Meetings, deals and their value in rupiah, deliveries and repeat orders",
)
def mission_report(
    session: SessionDep,
    http: Request,
    mission_id: IdPath,
    format: Annotated[
        Literal["json", "csv", "xlsx"] | None,
        Query(description="json, csv or xlsx (default: from the Accept header, else json)"),
    ] = None,
    lang: Annotated[Literal["id", "en"], Query(description="how rupiah are written")] = "id",
) -> object:
    report = report_service.mission_report(session=session, mission_id=mission_id, lang=lang)
    chosen = format or report_service.format_accepted(http.headers.get("accept", ""))
    if chosen == "json":
        return report
    content, media_type = report_service.report_file(report, chosen)
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="mission-{mission_id}-report.{chosen}"'
        },
    )
