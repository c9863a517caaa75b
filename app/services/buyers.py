"""Buyers and their requests."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import schemas
from app.errors import NotFound, Unprocessable
from app.models import Buyer, BuyerRequest
from app.principal import Principal
from app.services import audit
from app.services.common import escape_like, get_or_404, page
from app.services.offices import owner_office
from app.units import GramOverflow, UnitError, is_counted, to_grams


def create_buyer(*, session: Session, data: schemas.BuyerCreate, principal: Principal) -> Buyer:
    buyer = Buyer(**data.model_dump(), office_id=owner_office(session, principal))
    session.add(buyer)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="buyer",
        resource_id=buyer.id,
        changes=audit.created(buyer, tuple(type(data).model_fields)),
        office_id=buyer.office_id,
    )
    return buyer


def get_buyer(*, session: Session, buyer_id: int, for_update: bool = False) -> Buyer:
    return get_or_404(session, Buyer, buyer_id, "buyer", for_update=for_update)


def update_buyer(
    *, session: Session, buyer_id: int, data: schemas.BuyerUpdate, principal: Principal
) -> Buyer:
    buyer = get_buyer(session=session, buyer_id=buyer_id, for_update=True)
    audit.update(
        session,
        principal=principal,
        row=buyer,
        resource="buyer",
        resource_id=buyer.id,
        changes=data.model_dump(exclude_unset=True),
    )
    return buyer


def list_buyers(
    *,
    session: Session,
    limit: int,
    offset: int,
    country: str | None = None,
    q: str | None = None,
) -> schemas.Page[schemas.BuyerRead]:
    statement = select(Buyer).order_by(Buyer.id)
    if country:
        statement = statement.where(Buyer.country == country.upper())
    if q:
        statement = statement.where(Buyer.name.ilike(f"%{escape_like(q)}%", escape="\\"))
    return page(session, statement, schemas.BuyerRead, limit=limit, offset=offset)


def _quota_grams(request: BuyerRequest) -> int:
    return quota_grams(request.quantity, request.unit, request.unit_weight_kg)


def quota_grams(quantity: Decimal, unit: str, unit_weight_kg: Decimal | None) -> int:
    """A monthly quota in grams: 422 naming the field when it cannot be converted or is below
    one gram."""
    try:
        grams = to_grams(quantity, unit, unit_weight_kg)
    except GramOverflow as exc:
        raise Unprocessable("quantity", str(exc)) from None
    except UnitError as exc:
        raise Unprocessable("unit", str(exc)) from None
    if grams <= 0:
        raise Unprocessable("quantity", "is less than one gram per month once converted to kg")
    return grams


def create_request(
    *, session: Session, data: schemas.BuyerRequestCreate, principal: Principal
) -> BuyerRequest:
    buyer = session.get(Buyer, data.buyer_id)
    if buyer is None:
        raise NotFound("buyer", data.buyer_id)
    values = data.model_dump()
    values["destination_country"] = data.destination_country or buyer.country
    request = BuyerRequest(
        **values, status=schemas.RequestStatus.OPEN.value, office_id=buyer.office_id
    )
    if not is_counted(request.unit):
        request.unit_weight_kg = None
    request.quota_g = _quota_grams(request)
    session.add(request)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="buyer_request",
        resource_id=request.id,
        changes=audit.created(request, (*type(data).model_fields, "quota_g", "status")),
        office_id=request.office_id,
    )
    return request


def get_request(*, session: Session, request_id: int, for_update: bool = False) -> BuyerRequest:
    return get_or_404(session, BuyerRequest, request_id, "buyer request", for_update=for_update)


def update_request(
    *, session: Session, request_id: int, data: schemas.BuyerRequestUpdate, principal: Principal
) -> BuyerRequest:
    request = get_request(session=session, request_id=request_id, for_update=True)

    def then(changed: audit.Changes) -> None:
        if request.target_price is not None and request.currency is None:
            raise Unprocessable("currency", "target_price needs a currency")
        if {"quantity", "unit", "unit_weight_kg"} & changed.keys():
            if not is_counted(request.unit):
                request.unit_weight_kg = None
            before = request.quota_g
            request.quota_g = _quota_grams(request)
            changed["quota_g"] = (before, request.quota_g)
        if "status" in changed:
            closing = request.status == schemas.RequestStatus.CLOSED
            request.closed_at = datetime.now(UTC) if closing else None

    audit.update(
        session,
        principal=principal,
        row=request,
        resource="buyer_request",
        resource_id=request.id,
        changes=data.model_dump(exclude_unset=True),
        then=then,
    )
    return request


def list_requests(
    *,
    session: Session,
    limit: int,
    offset: int,
    status: str | None = None,
    buyer_id: int | None = None,
    country: str | None = None,
    hs_code: str | None = None,
    product: str | None = None,
) -> schemas.Page[schemas.BuyerRequestRead]:
    statement = select(BuyerRequest).order_by(BuyerRequest.id)
    if status:
        statement = statement.where(BuyerRequest.status == status)
    if buyer_id:
        statement = statement.where(BuyerRequest.buyer_id == buyer_id)
    if country:
        # The buyer's country or where the goods go: staff ask "what does Switzerland want".
        code = country.upper()
        statement = statement.join(Buyer).where(
            (Buyer.country == code) | (BuyerRequest.destination_country == code)
        )
    if hs_code:
        statement = statement.where(BuyerRequest.hs_code.startswith(hs_code))
    if product:
        statement = statement.where(
            BuyerRequest.product.ilike(f"%{escape_like(product)}%", escape="\\")
        )
    return page(session, statement, schemas.BuyerRequestRead, limit=limit, offset=offset)
