"""Register import pages: the same service functions as POST /api/v1/imports (dry run
first), GET /api/v1/imports/templates/{kind} and GET /api/v1/exports/{kind}.

The page checks a file (a dry run: every row's status and, for an invalid row, the column
and the reason in the page's language), then imports the same file: the form keeps the
chosen file (the report is swapped in below it with htmx), so "Import" sends it again and
the service checks it again before writing anything. Without script, the full page comes
back with the report and the file is chosen again.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from app import schemas
from app.db import SessionDep
from app.errors import AppError
from app.importing import ImportKind
from app.services import imports as service
from app.web import i18n
from app.web.auth import StaffUser
from app.web.i18n import N_
from app.web.templating import render

router = APIRouter()

KINDS = (
    (ImportKind.UMKM, N_("UMKM register")),
    (ImportKind.PRODUCTS, N_("Products")),
    (ImportKind.CAPACITY, N_("Capacity per month")),
    (ImportKind.CERTIFICATES, N_("Certificates")),
)
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FileFormat = Literal["xlsx", "csv"]


def _kinds(lang: str) -> list[tuple[str, str]]:
    t = i18n.translations(lang)
    return [(kind.value, t.gettext(label)) for kind, label in KINDS]


def _page(
    http: Request,
    *,
    kind: str = ImportKind.UMKM.value,
    job: schemas.ImportJobRead | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = i18n.language_of(http)
    context: dict[str, Any] = {
        "kinds": _kinds(lang),
        "kind": kind,
        "job": job,
        "errors": errors or {},
    }
    # htmx swaps the report in under the form (which keeps the chosen file)
    template = "imports/_report.html" if http.headers.get("hx-request") else "imports/page.html"
    return render(http, template, context, status_code=status_code)


@router.get("/console/imports")
def import_page(http: Request, user: StaffUser) -> HTMLResponse:
    return _page(http)


@router.post("/console/imports")
def upload(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    kind: Annotated[ImportKind, Form()],
    action: Annotated[Literal["check", "import"], Form()] = "check",
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    t = i18n.translations(i18n.language_of(http))
    data = file.file.read() if file is not None else b""
    if file is None or not file.filename or not data:
        errors = {"file": t.gettext("Choose the spreadsheet to send (.xlsx or .csv).")}
        return _page(http, kind=kind.value, errors=errors, status_code=422)
    try:
        job = service.run_import(
            session=session,
            principal=user.principal,
            kind=kind,
            filename=file.filename,
            data=data,
            dry_run=action == "check",
        )
    except AppError as exc:
        if exc.status != 422:
            raise
        # the file itself cannot be read: "<Indonesian> / <English>" from the service
        message = exc.errors[0]["message"] if exc.errors else exc.detail
        id_text, _, en_text = str(message).partition(" / ")
        reason = id_text if i18n.language_of(http) == "id" or not en_text else en_text
        return _page(http, kind=kind.value, errors={"file": reason}, status_code=422)
    read = schemas.ImportJobRead.model_validate(job)
    return _page(
        http, kind=kind.value, job=read, status_code=422 if job.status == "refused" else 200
    )


@router.get("/console/imports/templates/{kind}.{file_format}")
def template_file(user: StaffUser, kind: ImportKind, file_format: FileFormat) -> Response:
    return Response(
        service.template(kind, file_format),
        media_type=MEDIA_TYPES[file_format],
        headers={
            "Content-Disposition": f'attachment; filename="template-{kind.value}.{file_format}"'
        },
    )


@router.get("/console/exports/{kind}.{file_format}")
def export_file(
    user: StaffUser, session: SessionDep, kind: ImportKind, file_format: FileFormat
) -> Response:
    return Response(
        service.export(
            session=session, principal=user.principal, kind=kind, file_format=file_format
        ),
        media_type=MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{kind.value}.{file_format}"'},
    )
