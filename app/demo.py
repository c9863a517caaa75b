"""Load the demo data set (app/demo_data.py) through the service layer, idempotently.

The seed is written as of November 2026. When loaded later, every month and date moves forward
by the same number of months, so a new user always sees requests that start in the coming
months and capacity reported up to the current month.
"""

from calendar import monthrange
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, schemas
from app.demo_data import BUYER_REQUESTS, BUYERS, UMKM
from app.demo_missions import load_demo_missions
from app.models import Buyer, BuyerRequest, Certificate, Office, Product, Umkm
from app.months import add_months, months_between, parse_month
from app.principal import Principal
from app.services import buyers as buyer_service
from app.services import capacity as capacity_service
from app.services import certificates as certificate_service
from app.services import products as product_service
from app.services import umkm as umkm_service
from app.services.offices import DEFAULT_OFFICE_NAME, default_office_id, ensure_office
from app.units import is_counted

SEED_MONTH = date(2026, 11, 1)
DEMO = Principal(name="demo-data", role=None)
# The demo data belongs to this office (and so does `make run`'s staff key).
DEMO_OFFICE = "Dinas Perdagangan Provinsi Kalimantan Timur"
DEMO_OFFICE_PROVINCE = "64"


def _shift(day: date, months: int) -> date:
    first = add_months(day.replace(day=1), months)
    return first.replace(day=min(day.day, monthrange(first.year, first.month)[1]))


def _months_since_seed(today: date) -> int:
    return max(0, months_between(SEED_MONTH, today))


def demo_office(session: Session) -> Office:
    """The demo data's office: DEMO_OFFICE. On an instance whose default office (the one the
    migration made) has no name of its own yet, that office becomes the demo office, so the
    first staff keys (which land in the default office) see the demo data."""
    office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
    if office is not None:
        return office
    default = session.get(Office, default_office_id(session))
    if default is not None and default.name == DEFAULT_OFFICE_NAME:
        default.name, default.province_code = DEMO_OFFICE, DEMO_OFFICE_PROVINCE
        session.flush()
        return default
    return ensure_office(session, name=DEMO_OFFICE, province_code=DEMO_OFFICE_PROVINCE)


def load_demo_data(*, session: Session, today: date | None = None) -> dict[str, int]:
    """Create what is missing; rows already there (same natural key) are left as they are."""
    shift = _months_since_seed(today or clock.today())
    demo = replace(DEMO, office_id=demo_office(session).id)
    created = {
        "buyers": 0,
        "buyer requests": 0,
        "UMKM": 0,
        "products": 0,
        "certificates": 0,
        "capacity months": 0,
        "capacity months refused": 0,
    }

    buyer_ids: dict[str, int] = {}
    for seed in BUYERS:
        buyer = session.scalar(
            select(Buyer).where(Buyer.name == seed["name"], Buyer.country == seed["country"])
        )
        if buyer is None:
            buyer_data = schemas.BuyerCreate.model_validate(
                {k: v for k, v in seed.items() if k != "key"}
            )
            buyer = buyer_service.create_buyer(session=session, data=buyer_data, principal=demo)
            created["buyers"] += 1
        buyer_ids[seed["key"]] = buyer.id

    for umkm_seed in UMKM:
        umkm = session.scalar(
            select(Umkm).where(
                Umkm.name == umkm_seed["name"], Umkm.regency_code == umkm_seed["regency_code"]
            )
        )
        if umkm is None:
            fields = {
                k: v for k, v in umkm_seed.items() if k not in ("key", "products", "certificates")
            }
            umkm = umkm_service.create_umkm(
                principal=demo, session=session, data=schemas.UmkmCreate.model_validate(fields)
            )
            created["UMKM"] += 1
        product_ids: dict[str, int] = {}
        for product_seed in umkm_seed["products"]:
            product = session.scalar(
                select(Product).where(
                    Product.umkm_id == umkm.id, Product.name == product_seed["name"]
                )
            )
            if product is None:
                fields = {k: v for k, v in product_seed.items() if k not in ("key", "capacity")}
                product = product_service.create_product(
                    principal=demo,
                    session=session,
                    umkm_id=umkm.id,
                    data=schemas.ProductCreate.model_validate(fields),
                )
                created["products"] += 1
            product_ids[product_seed["key"]] = product.id
            if is_counted(product.unit) and product.unit_weight_kg is None:
                # The service refuses counted figures it cannot weigh; the seed keeps one such
                # product so a trade office sees the gap (no capacity until a weight is given).
                created["capacity months refused"] += len(product_seed["capacity"])
                continue
            for label, (quantity, unit) in sorted(product_seed["capacity"].items()):
                month = _shift(parse_month(label), shift)
                # Owners report a month's capacity on its first day.
                reported_at = datetime(month.year, month.month, 1, 8, tzinfo=UTC)
                result = capacity_service.set_month(
                    session,
                    product,
                    month,
                    Decimal(str(quantity)),
                    unit,
                    demo,
                    reported_at,
                )
                created["capacity months"] += result.changed
        for cert_seed in umkm_seed["certificates"]:
            product_id = product_ids.get(cert_seed.get("product_key", ""))
            exists = session.scalar(
                select(Certificate.id).where(
                    Certificate.umkm_id == umkm.id,
                    Certificate.type == cert_seed["type"],
                    Certificate.number == cert_seed["number"],
                    Certificate.product_id == product_id
                    if product_id
                    else Certificate.product_id.is_(None),
                )
            )
            if exists is None:
                expires_on = cert_seed["expires_on"]
                # Issued by the demo's own today, which a test may set months ahead of
                # the calendar (an issue date after today is refused).
                with clock.fixed(today or clock.today()):
                    certificate = schemas.CertificateCreate(
                        type=cert_seed["type"],
                        number=cert_seed["number"],
                        issuer=cert_seed["issuer"],
                        issued_on=_shift(date.fromisoformat(cert_seed["issued_on"]), shift),
                        expires_on=_shift(date.fromisoformat(expires_on), shift)
                        if expires_on
                        else None,
                        product_id=product_id,
                    )
                certificate_service.create_certificate(
                    session=session, umkm_id=umkm.id, data=certificate, principal=demo
                )
                created["certificates"] += 1

    for request_seed in BUYER_REQUESTS:
        start = _shift(parse_month(request_seed["start_month"]), shift)
        buyer_id = buyer_ids[request_seed["buyer_key"]]
        exists = session.scalar(
            select(BuyerRequest.id).where(
                BuyerRequest.buyer_id == buyer_id,
                BuyerRequest.product == request_seed["product"],
                BuyerRequest.start_month == start,
            )
        )
        if exists is not None:
            continue
        fields = {k: v for k, v in request_seed.items() if k not in ("key", "buyer_key", "status")}
        fields.update(buyer_id=buyer_id, start_month=start)
        if request_seed["target_price"] is not None:  # written as a decimal string in the seed
            fields["target_price"] = Decimal(request_seed["target_price"])
        request = buyer_service.create_request(
            principal=demo, session=session, data=schemas.BuyerRequestCreate.model_validate(fields)
        )
        if request_seed["status"] != schemas.RequestStatus.OPEN:
            buyer_service.update_request(
                principal=demo,
                session=session,
                request_id=request.id,
                data=schemas.BuyerRequestUpdate(
                    status=schemas.RequestStatus(request_seed["status"])
                ),
            )
        created["buyer requests"] += 1
    session.flush()
    created.update(load_demo_missions(session=session, shift=shift, principal=DEMO))
    return created
