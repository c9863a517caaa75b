"""What needs an officer today (the console's home): open requests and how well their best
candidate covers them, UMKM whose capacity is stale, certificates about to expire, and the
biggest supply gaps. Everything reads through the caller's session, so a staff member sees
their own office's requests, UMKM and certificates (app.offices).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import schemas
from app.models import Buyer, BuyerRequest, Certificate, Product, Umkm
from app.months import add_months, first_of, months_between
from app.services import reports
from app.services.matching import SupplyIndex, request_matches

__all__ = [
    "CERTIFICATE_WARNING_DAYS",
    "ExpiringCertificate",
    "RequestCoverage",
    "StaleUmkm",
    "biggest_gaps",
    "expiring_certificates",
    "open_request_coverage",
    "stale_umkm",
]

CERTIFICATE_WARNING_DAYS = 60
# Candidates looked at per request for the best coverage (the ranking puts them first).
COVERAGE_CANDIDATES = 10


@dataclass(frozen=True, slots=True)
class RequestCoverage:
    request_id: int
    product: str
    buyer_name: str
    quota_kg: float
    start_month: date
    months: int
    candidates: int
    # the candidate meeting the quota in the most months (then the higher score), if any
    best_umkm_name: str | None
    best_score: float | None
    months_meeting_quota: int | None


def open_request_coverage(
    *, session: Session, index: SupplyIndex, limit: int = 20
) -> list[RequestCoverage]:
    """Open requests, the least covered first: for each, the candidate among the first
    COVERAGE_CANDIDATES of its ranking that meets the quota in the most months."""
    rows = session.execute(
        select(BuyerRequest, Buyer.name)
        .join(Buyer, Buyer.id == BuyerRequest.buyer_id)
        .where(BuyerRequest.status == "open")
        .order_by(BuyerRequest.id)
    ).all()
    found = []
    for request, buyer_name in rows:
        page = schemas.MatchList.model_validate(
            request_matches(
                session=session,
                index=index,
                request_id=request.id,
                limit=COVERAGE_CANDIDATES,
                min_score=0.0,
                province=None,
            )
        )
        best = max(
            page.items,
            key=lambda m: (m.components.months_meeting_quota or 0, m.score),
            default=None,
        )
        found.append(
            RequestCoverage(
                request_id=request.id,
                product=request.product,
                buyer_name=buyer_name,
                quota_kg=request.quota_g / 1000,
                start_month=request.start_month,
                months=request.months,
                candidates=len(page.items),
                best_umkm_name=best.umkm_name if best else None,
                best_score=best.score if best else None,
                months_meeting_quota=best.components.months_meeting_quota if best else None,
            )
        )
    found.sort(key=lambda c: ((c.months_meeting_quota or 0) / c.months, c.request_id))
    return found[:limit]


@dataclass(frozen=True, slots=True)
class StaleUmkm:
    umkm_id: int
    umkm_name: str
    products: tuple[str, ...]
    last_update: date | None  # the oldest last update among those products; None: never
    months_since_update: int | None


def stale_umkm(
    *, session: Session, today: date, stale_after_months: int, limit: int = 20
) -> list[StaleUmkm]:
    """UMKM with a product whose capacity was last written more than `stale_after_months`
    calendar months ago, or never: matching flags those STALE_CAPACITY (the same rule)."""
    # months_between(updated, today) > k  <=>  updated before the first of (today's month - k)
    cutoff = datetime.combine(add_months(first_of(today), -stale_after_months), datetime.min.time())
    rows = session.execute(
        select(Umkm.id, Umkm.name, Product.name, Product.capacity_updated_at)
        .join(Product, Product.umkm_id == Umkm.id)
        .where(
            or_(
                Product.capacity_updated_at.is_(None),
                Product.capacity_updated_at < cutoff.replace(tzinfo=UTC),
            )
        )
        .order_by(Umkm.name, Umkm.id, Product.name)
    ).all()
    grouped: dict[int, tuple[str, list[str], list[date | None]]] = {}
    for umkm_id, umkm_name, product_name, updated_at in rows:
        entry = grouped.setdefault(umkm_id, (umkm_name, [], []))
        entry[1].append(product_name)
        entry[2].append(updated_at.date() if updated_at else None)
    found = []
    for umkm_id, (umkm_name, products, updates) in grouped.items():
        known = [d for d in updates if d is not None]
        oldest = None if len(known) < len(updates) else min(known)
        found.append(
            StaleUmkm(
                umkm_id=umkm_id,
                umkm_name=umkm_name,
                products=tuple(products),
                last_update=oldest,
                months_since_update=months_between(oldest, today) if oldest else None,
            )
        )
    # never updated first, then the longest ago
    found.sort(key=lambda s: (s.last_update is not None, s.last_update or today, s.umkm_name))
    return found[:limit]


@dataclass(frozen=True, slots=True)
class ExpiringCertificate:
    certificate_id: int
    umkm_id: int
    umkm_name: str
    type: str
    number: str | None
    expires_on: date
    days_left: int


def expiring_certificates(
    *, session: Session, today: date, days: int = CERTIFICATE_WARNING_DAYS, limit: int = 20
) -> list[ExpiringCertificate]:
    """Certificates that expire from today to `days` days ahead, the soonest first."""
    rows = session.execute(
        select(Certificate, Umkm.name)
        .join(Umkm, Umkm.id == Certificate.umkm_id)
        .where(
            Certificate.expires_on >= today,
            Certificate.expires_on <= today + timedelta(days=days),
        )
        .order_by(Certificate.expires_on, Certificate.id)
        .limit(limit)
    ).all()
    return [
        ExpiringCertificate(
            certificate_id=certificate.id,
            umkm_id=certificate.umkm_id,
            umkm_name=umkm_name,
            type=certificate.type,
            number=certificate.number,
            expires_on=certificate.expires_on,
            days_left=(certificate.expires_on - today).days,
        )
        for certificate, umkm_name in rows
        if certificate.expires_on is not None
    ]


def biggest_gaps(
    *, session: Session, index: SupplyIndex, limit: int = 5
) -> list[schemas.SupplyGapGroup]:
    """The product groups of the supply-gap report (this month and the next 11) with the
    largest shortfall."""
    report = reports.supply_gap(
        session=session, index=index, group_by="product", from_month=None, to_month=None
    )
    short = [group for group in report.groups if group.shortfall_kg > 0]
    short.sort(key=lambda group: (-group.shortfall_kg, group.label))
    return short[:limit]
