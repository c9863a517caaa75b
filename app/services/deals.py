"""Deals between a buyer and an UMKM, and the deliveries against them month by month.

Money is whole rupiah. A deal states its price per `price_unit` (per kg, per ton, per piece:
stated, never assumed); its ``value_idr`` is price × the monthly quantity in that unit × the
months, rounded half-to-even to the rupiah once, at the end.

An ``agreed`` or ``delivering`` deal commits its monthly quantity of the product
(``committed_kg``): matching, consortia, opportunities and readiness offer only what is left
(the supply loaders subtract it, app.services.supply). Every write that changes a commitment
(a deal created agreed, a stage moved into or out of agreed/delivering, the quantity, unit,
start month or months of a committing deal changed) appends the product to the supply change
log in the same transaction (`_commitment_changed`), so the next match sees it; cancelling
or completing a deal frees what it held. Deals are never deleted (they are cancelled). A deal
that commits more than the product's reported capacity in some month is accepted and flagged
(``over_capacity``): officers record what was signed.
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.errors import Conflict, NotFound, Unprocessable
from app.models import Buyer, BuyerRequest, Capacity, Deal, Delivery, Mission, Product, Umkm
from app.months import add_months, month_range
from app.offices import all_offices, office_scope, shared_missions
from app.principal import Principal, Role
from app.schemas import missions as ms
from app.schemas.base import Page
from app.services import audit
from app.services.common import get_or_404, paginate, touch_supply
from app.services.offices import owner_office
from app.units import GRAMS_PER_KG, UnitError, is_counted, kg_per_mass_unit, to_grams

# A deal's value is stored as a 64-bit integer; no real deal comes near this.
MAX_VALUE_IDR = 10**18
COMMITTING = (ms.DealStage.AGREED.value, ms.DealStage.DELIVERING.value)
DELIVERABLE = (
    ms.DealStage.AGREED.value,
    ms.DealStage.DELIVERING.value,
    ms.DealStage.COMPLETED.value,
)


def monthly_grams(quantity: Decimal, unit: str, unit_weight_kg: Decimal | None) -> int:
    """The monthly quantity in grams: 422 on `unit` when it cannot be converted."""
    try:
        grams = to_grams(quantity, unit, unit_weight_kg)
    except UnitError as exc:
        raise Unprocessable("unit", str(exc)) from None
    if grams <= 0:
        raise Unprocessable("quantity", "is less than one gram once converted to kg")
    return grams


def value_idr(
    *,
    quantity: Decimal,
    unit: str,
    months: int,
    price_idr: int,
    price_unit: str,
    unit_weight_kg: Decimal | None,
) -> int:
    """Whole rupiah: `price_idr` per `price_unit` for `quantity` `unit` a month over `months`."""
    if unit == price_unit:
        per_month = quantity
    else:
        kg = Decimal(monthly_grams(quantity, unit, unit_weight_kg)) / GRAMS_PER_KG
        if is_counted(price_unit):
            if unit_weight_kg is None or unit_weight_kg == 0:
                raise Unprocessable(
                    "price_unit",
                    f"the price is per '{price_unit}', a counted unit, and the product has no "
                    "unit weight to convert the quantity to it; set the product's unit_weight_kg "
                    "or state the price per a mass unit",
                )
            per_month = kg / unit_weight_kg
        else:
            per_month = kg / kg_per_mass_unit(price_unit)
    value = per_month * months * price_idr
    if value > MAX_VALUE_IDR:
        raise Unprocessable(
            "price_idr", f"the deal would be worth more than Rp{MAX_VALUE_IDR:,}; check the figures"
        )
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def committed_kg(
    session: Session, product_ids: Collection[int], months: Collection[date]
) -> dict[tuple[int, date], Decimal]:
    """kg per month committed by ``agreed`` and ``delivering`` deals, per (product, month),
    for `product_ids` and `months` (first days); pairs with nothing committed are left out.

    Matching's loaders read the same deals themselves (app.services.supply); readiness reads
    these figures for the months it looks back on."""
    if not product_ids or not months:
        return {}
    wanted = set(months)
    first, last = min(wanted), max(wanted)
    deals = session.execute(
        select(Deal.product_id, Deal.start_month, Deal.months, Deal.quantity_g)
        .where(
            Deal.product_id.in_(list(product_ids)),
            Deal.stage.in_(COMMITTING),
            Deal.start_month <= last,
        )
        # every office's: what the product has promised, whoever recorded the deal
        .execution_options(all_offices=True)
    )
    grams: dict[tuple[int, date], int] = defaultdict(int)
    for product_id, start, count, quantity_g in deals:
        for month in month_range(max(start, first), min(add_months(start, count - 1), last)):
            if month in wanted:
                grams[(product_id, month)] += quantity_g
    return {key: Decimal(g) / GRAMS_PER_KG for key, g in grams.items()}


def _commitment(deal: Deal) -> tuple[date, int, int] | None:
    """What the deal commits of its product (start month, months, grams a month), if any."""
    if deal.stage not in COMMITTING:
        return None
    return (deal.start_month, deal.months, deal.quantity_g)


def _commitment_changed(session: Session, deal: Deal) -> None:
    """Append the deal's product to the supply change log, in the caller's transaction, so
    every supply index reloads what it has left to offer. The product may be another
    office's (a deal is recorded by the buyer's office too): the stamp is the system's."""
    with all_offices(session):
        touch_supply(session, product_ids=[deal.product_id])


def _over_capacity(session: Session, deal: Deal) -> bool:
    """Whether the deal, with the other committing deals, exceeds a reported capacity."""
    if deal.stage not in COMMITTING:
        return False
    months = month_range(deal.start_month, deal.end_month)
    capacity = dict(
        session.execute(
            select(Capacity.month, Capacity.quantity_g)
            .where(Capacity.product_id == deal.product_id, Capacity.month.in_(months))
            # every office's: the deal may be recorded by the buyer's office
            .execution_options(all_offices=True)
        ).all()
    )
    others = session.execute(
        select(Deal.start_month, Deal.months, Deal.quantity_g)
        .where(
            Deal.product_id == deal.product_id,
            Deal.stage.in_(COMMITTING),
            Deal.id != deal.id,
        )
        .execution_options(all_offices=True)
    ).all()
    for month in months:
        reported = capacity.get(month)
        if reported is None:
            continue
        committed = deal.quantity_g + sum(
            g for start, count, g in others if start <= month <= add_months(start, count - 1)
        )
        if committed > reported:
            return True
    return False


def _derive(session: Session, deal: Deal, product: Product) -> None:
    deal.quantity_g = monthly_grams(deal.quantity, deal.unit, product.unit_weight_kg)
    deal.value_idr = value_idr(
        quantity=deal.quantity,
        unit=deal.unit,
        months=deal.months,
        price_idr=deal.price_idr,
        price_unit=deal.price_unit,
        unit_weight_kg=product.unit_weight_kg,
    )
    deal.over_capacity = _over_capacity(session, deal)


def _product(session: Session, product_id: int, *, umkm_id: int | None = None) -> Product | None:
    """A deal's product, whichever office its UMKM belongs to (a deal is seen by the offices
    of its buyer and UMKM). Read for the deal's figures only: in an office's session it is
    detached at once, so that no later ``session.get`` finds another office's product."""
    statement = select(Product).where(Product.id == product_id)
    if umkm_id is not None:
        statement = statement.where(Product.umkm_id == umkm_id)
    product = session.scalar(statement.execution_options(all_offices=True))
    if product is not None and office_scope(session) is not None:
        session.expunge(product)
    return product


def create_deal(*, session: Session, data: ms.DealCreate, principal: Principal) -> Deal:
    if session.get(Buyer, data.buyer_id) is None:
        raise NotFound("buyer", data.buyer_id)
    with shared_missions(session):  # the office's UMKM, or one of a mission it shares
        if session.get(Umkm, data.umkm_id) is None:
            raise NotFound("UMKM", data.umkm_id)
    # the UMKM may be another office's taking part in a shared mission: its product is read
    # for the deal's figures (only the UMKM's visibility is the office rule)
    product = _product(session, data.product_id, umkm_id=data.umkm_id)
    if product is None:
        if session.scalar(select(Product.id).where(Product.id == data.product_id)) is None:
            raise NotFound("product", data.product_id)
        raise Unprocessable(
            "product_id", f"product {data.product_id} is not a product of this UMKM"
        )
    if product.umkm_id != data.umkm_id:
        raise Unprocessable("product_id", f"product {product.id} is not a product of this UMKM")
    if data.mission_id is not None and session.get(Mission, data.mission_id) is None:
        raise NotFound("mission", data.mission_id)
    if data.buyer_request_id is not None:
        request = session.get(BuyerRequest, data.buyer_request_id)
        if request is None:
            raise NotFound("buyer request", data.buyer_request_id)
        if request.buyer_id != data.buyer_id:
            raise Unprocessable("buyer_request_id", "is a request of another buyer")
    deal = Deal(**data.model_dump(), office_id=owner_office(session, principal))
    deal.signed_on = data.signed_on or clock.today()
    _derive(session, deal, product)
    session.add(deal)
    session.flush()
    if _commitment(deal) is not None:
        _commitment_changed(session, deal)
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="deal",
        resource_id=deal.id,
        changes=audit.created(deal, (*type(data).model_fields, "quantity_g", "value_idr")),
    )
    return deal


def get_deal(
    *, session: Session, deal_id: int, principal: Principal, for_update: bool = False
) -> Deal:
    """The deal; an UMKM account asking for another UMKM's deal gets 404."""
    deal = get_or_404(session, Deal, deal_id, "deal", for_update=for_update)
    if principal.role == Role.UMKM and deal.umkm_id != principal.umkm_id:
        raise NotFound("deal", deal_id)
    return deal


def update_deal(
    *, session: Session, deal_id: int, data: ms.DealUpdate, principal: Principal
) -> Deal:
    deal = get_deal(session=session, deal_id=deal_id, principal=principal, for_update=True)
    product = _product(session, deal.product_id)
    assert product is not None  # RESTRICT keeps it
    committed_before = _commitment(deal)

    def then(changed: audit.Changes) -> None:
        before = (deal.quantity_g, deal.value_idr, deal.over_capacity)
        _derive(session, deal, product)
        for name, old in zip(("quantity_g", "value_idr", "over_capacity"), before, strict=True):
            if getattr(deal, name) != old:
                changed[name] = (old, getattr(deal, name))

    audit.update(
        session,
        principal=principal,
        row=deal,
        resource="deal",
        resource_id=deal.id,
        changes=data.model_dump(exclude_unset=True),
        then=then,
    )
    if _commitment(deal) != committed_before:
        _commitment_changed(session, deal)
    return deal


def list_deals(
    *,
    session: Session,
    principal: Principal,
    limit: int,
    offset: int,
    mission_id: int | None = None,
    buyer_id: int | None = None,
    umkm_id: int | None = None,
    stage: str | None = None,
) -> Page[ms.DealRead]:
    statement = select(Deal).order_by(Deal.id)
    if principal.role == Role.UMKM:
        statement = statement.where(Deal.umkm_id == principal.umkm_id)
    if mission_id:
        statement = statement.where(Deal.mission_id == mission_id)
    if buyer_id:
        statement = statement.where(Deal.buyer_id == buyer_id)
    if umkm_id:
        statement = statement.where(Deal.umkm_id == umkm_id)
    if stage:
        statement = statement.where(Deal.stage == stage)
    rows, total = paginate(session, statement, limit=limit, offset=offset)
    return Page[ms.DealRead].of(rows, total=total, limit=limit, offset=offset)


# ---------------------------------------------------------------- deliveries


def add_delivery(
    *, session: Session, deal_id: int, data: ms.DeliveryCreate, principal: Principal
) -> Delivery:
    deal = get_deal(session=session, deal_id=deal_id, principal=principal, for_update=True)
    if deal.stage not in DELIVERABLE:
        raise Conflict(f"deal {deal.id} is {deal.stage}: deliveries are recorded once it is agreed")
    if not deal.start_month <= data.month <= deal.end_month:
        raise Unprocessable(
            "month",
            f"is outside the deal's months ({deal.start_month:%Y-%m}..{deal.end_month:%Y-%m})",
        )
    product = _product(session, deal.product_id)
    assert product is not None
    unit = data.unit or deal.unit
    delivery = Delivery(
        deal_id=deal.id,
        month=data.month,
        quantity=data.quantity,
        unit=unit,
        quantity_g=monthly_grams(data.quantity, unit, product.unit_weight_kg),
        delivered_on=data.delivered_on,
        notes=data.notes,
        created_by=principal.label,
    )
    session.add(delivery)
    if deal.stage == ms.DealStage.AGREED:
        audit.update(
            session,
            principal=principal,
            row=deal,
            resource="deal",
            resource_id=deal.id,
            changes={"stage": ms.DealStage.DELIVERING.value},
        )
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="delivery",
        resource_id=delivery.id,
        changes=audit.created(delivery, ("deal_id", "month", "quantity", "unit", "quantity_g")),
    )
    return delivery


def list_deliveries(*, session: Session, deal_id: int, principal: Principal) -> ms.DeliveryList:
    """Every delivery, and per month of the deal what was promised against what came."""
    deal = get_deal(session=session, deal_id=deal_id, principal=principal)
    deliveries = list(
        session.scalars(
            select(Delivery)
            .where(Delivery.deal_id == deal.id)
            .order_by(Delivery.month, Delivery.id)
        )
    )
    per_month: dict[date, int] = defaultdict(int)
    for delivery in deliveries:
        per_month[delivery.month] += delivery.quantity_g
    months = [
        ms.DeliveryMonth(
            month=month,
            promised_kg=Decimal(deal.quantity_g) / GRAMS_PER_KG,
            delivered_kg=Decimal(per_month[month]) / GRAMS_PER_KG,
            shortfall_kg=Decimal(max(0, deal.quantity_g - per_month[month])) / GRAMS_PER_KG,
        )
        for month in month_range(deal.start_month, deal.end_month)
    ]
    return ms.DeliveryList(
        deal_id=deal.id,
        items=[ms.DeliveryRead.model_validate(d) for d in deliveries],
        total=len(deliveries),
        months=months,
        promised_kg=Decimal(deal.quantity_g * deal.months) / GRAMS_PER_KG,
        delivered_kg=Decimal(sum(per_month.values())) / GRAMS_PER_KG,
    )


def delivered_grams(
    session: Session, deal_ids: Collection[int], *, every_office: bool = False
) -> dict[int, int]:
    """Grams delivered per deal (`every_office`: also deals the session's office cannot see,
    for a mission report)."""
    if not deal_ids:
        return {}
    rows = session.execute(
        select(Delivery.deal_id, func.sum(Delivery.quantity_g))
        .where(Delivery.deal_id.in_(list(deal_ids)))
        .group_by(Delivery.deal_id)
        .execution_options(all_offices=every_office)
    )
    return {deal_id: int(total or 0) for deal_id, total in rows}
