"""Spreadsheet imports (dry run first), exports and templates of an office's register."""

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath
from app.db import SessionDep
from app.errors import problem
from app.importing import ImportKind
from app.security import CurrentPrincipal, Role, require
from app.services import imports as service

router = APIRouter(responses=PROBLEM_RESPONSES)
STAFF = require(Role.STAFF)
FileFormat = Annotated[Literal["xlsx", "csv"], Query(description="xlsx (default) or csv")]
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@router.post(
    "/imports",
    tags=["imports"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.ImportJobRead,
    dependencies=[STAFF],
    summary="Import a spreadsheet (.xlsx or .csv); dry_run reports row by row, writes nothing",
)
def create_import(
    session: SessionDep,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description=".xlsx or .csv, a header row first")],
    kind: Annotated[ImportKind, Form()],
    dry_run: Annotated[bool, Form()] = False,
) -> object:
    job = service.run_import(
        session=session,
        principal=principal,
        kind=kind,
        filename=file.filename or "upload",
        data=file.file.read(),
        dry_run=dry_run,
    )
    if job.status == "refused":
        # the job (and its report) is kept: GET /imports/{id}; nothing else was written
        refused = service.refusal(job)
        return problem(
            422,
            "validation-error",
            "Import refused",
            refused.detail,
            errors=refused.errors,
            import_id=job.id,
        )
    return job


@router.get(
    "/imports/templates/{kind}",
    tags=["imports"],
    dependencies=[STAFF],
    summary="An empty spreadsheet with the columns of `kind` and one example row",
    response_class=Response,
)
def import_template(kind: ImportKind, format: FileFormat = "xlsx") -> Response:
    return Response(
        service.template(kind, format),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="template-{kind.value}.{format}"'},
    )


@router.get(
    "/imports/{import_id}",
    tags=["imports"],
    response_model=schemas.ImportJobRead,
    dependencies=[STAFF],
)
def get_import(session: SessionDep, import_id: IdPath) -> object:
    return service.get_job(session=session, job_id=import_id)


@router.get(
    "/exports/{kind}",
    tags=["imports"],
    dependencies=[STAFF],
    summary="The office's register of `kind`, in the columns an import reads",
    response_class=Response,
)
def export(
    session: SessionDep, principal: CurrentPrincipal, kind: ImportKind, format: FileFormat = "xlsx"
) -> Response:
    return Response(
        service.export(session=session, principal=principal, kind=kind, file_format=format),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{kind.value}.{format}"'},
    )
