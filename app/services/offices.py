"""Offices (dinas): admins create and edit them; staff see their own."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import schemas
from app.errors import Conflict, Forbidden, NotFound, Unprocessable
from app.models import Office
from app.principal import Principal, Role
from app.services import audit
from app.services.common import get_or_404, page

DEFAULT_OFFICE_NAME = "Kantor bawaan (default office)"


def _check_name_free(session: Session, name: str, office_id: int | None = None) -> None:
    holder = session.scalar(select(Office.id).where(func.lower(Office.name) == name.lower()))
    if holder is not None and holder != office_id:
        raise Conflict(f"an office named {name!r} exists already (office {holder})")


def create_office(*, session: Session, data: schemas.OfficeCreate, principal: Principal) -> Office:
    _check_name_free(session, data.name)
    office = Office(**data.model_dump())
    session.add(office)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="office",
        resource_id=office.id,
        changes=audit.created(office, tuple(type(data).model_fields)),
        office_id=office.id,
    )
    return office


def get_office(
    *, session: Session, office_id: int, principal: Principal, for_update: bool = False
) -> Office:
    """The office; staff see only their own (another answers 404)."""
    if principal.office_scope is not None and principal.office_scope != office_id:
        raise NotFound("office", office_id)
    return get_or_404(session, Office, office_id, "office", for_update=for_update)


def update_office(
    *, session: Session, office_id: int, data: schemas.OfficeUpdate, principal: Principal
) -> Office:
    office = get_office(session=session, office_id=office_id, principal=principal, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes:
        _check_name_free(session, changes["name"], office_id)

    def then(changed: audit.Changes) -> None:
        try:
            schemas.OfficeCreate.model_validate(
                {
                    "name": office.name,
                    "province_code": office.province_code,
                    "regency_code": office.regency_code,
                }
            )
        except ValueError:
            raise Unprocessable(
                "regency_code", f"{office.regency_code} is not in province {office.province_code}"
            ) from None

    audit.update(
        session,
        principal=principal,
        row=office,
        resource="office",
        resource_id=office.id,
        changes=changes,
        then=then,
    )
    return office


def list_offices(
    *, session: Session, principal: Principal, limit: int, offset: int
) -> schemas.Page[schemas.OfficeRead]:
    statement = select(Office).order_by(Office.id)
    if principal.office_scope is not None:
        statement = statement.where(Office.id == principal.office_scope)
    return page(session, statement, schemas.OfficeRead, limit=limit, offset=offset)


def default_office_id(session: Session) -> int:
    """The first office: the one the migration made for the rows older than offices."""
    office_id = session.scalar(select(func.min(Office.id)))
    if office_id is None:
        office = Office(name=DEFAULT_OFFICE_NAME)
        session.add(office)
        session.flush()
        return office.id
    return int(office_id)


def owner_office(session: Session, principal: Principal) -> int:
    """The office a record created by `principal` belongs to: its own, or for the command
    line and admins without an office, the default office."""
    if principal.office_id is not None:
        return principal.office_id
    return default_office_id(session)


def ensure_office(session: Session, *, name: str, province_code: str | None) -> Office:
    """The office named `name`, created if missing (the demo loader, the command line)."""
    office = session.scalar(select(Office).where(Office.name == name))
    if office is None:
        office = Office(name=name, province_code=province_code)
        session.add(office)
        session.flush()
    return office


def account_office(
    session: Session, principal: Principal, role: Role, requested: int | None
) -> int | None:
    """The office of a new account: an admin (or the command line) may name any; staff
    create accounts in their own office only, and never an admin account."""
    if role == Role.ADMIN and principal.role not in (None, Role.ADMIN):
        raise Forbidden("only an admin (or the command line) may create an admin account")
    if requested is not None:
        if principal.role not in (None, Role.ADMIN) and requested != principal.office_id:
            raise NotFound("office", requested)
        get_or_404(session, Office, requested, "office")
        return requested
    if role == Role.ADMIN:
        return principal.office_id
    return owner_office(session, principal)
