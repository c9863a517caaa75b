"""Conversion from database rows to the matching library's inputs: the one place it happens.

Rows are read with Core selects (tuples, not ORM objects), in chunks, because a cold build
reads every product, capacity month and certificate.
"""

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Capacity, Certificate, Product, Umkm
from matching import Certificate as SupplyCertificate
from matching import SupplyProduct, month_index

CHUNK = 900  # stays under SQLite's bound-parameter limit


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_supply(
    session: Session, product_ids: Collection[int] | None = None
) -> list[SupplyProduct]:
    """SupplyProducts for `product_ids` (all products when None); unknown ids are skipped."""
    product_columns = (
        Product.id,
        Product.umkm_id,
        Product.name,
        Product.description,
        Product.hs_code,
        Product.capacity_updated_at,
        Umkm.province_code,
        Umkm.regency_code,
    )
    base = select(*product_columns).join(Umkm, Umkm.id == Product.umkm_id)
    capacity_columns = select(Capacity.product_id, Capacity.month, Capacity.quantity_g)
    certificate_columns = select(
        Certificate.umkm_id, Certificate.product_id, Certificate.type, Certificate.expires_on
    )
    if product_ids is None:
        products = session.execute(base.order_by(Product.id)).all()
        capacities = session.execute(capacity_columns).all()
        certificates = session.execute(certificate_columns).all()
    else:
        ids = sorted(set(product_ids))
        products, capacities, certificates = [], [], []
        for chunk in _chunks(ids):
            products += session.execute(base.where(Product.id.in_(chunk))).all()
            capacities += session.execute(
                capacity_columns.where(Capacity.product_id.in_(chunk))
            ).all()
        umkm_ids = sorted({row.umkm_id for row in products})
        for chunk in _chunks(umkm_ids):
            certificates += session.execute(
                certificate_columns.where(Certificate.umkm_id.in_(chunk))
            ).all()

    capacity_kg: dict[int, dict[int, float]] = defaultdict(dict)
    unconvertible: set[int] = set()
    for capacity_product_id, month, grams in capacities:
        if grams is None:
            unconvertible.add(capacity_product_id)
        else:
            capacity_kg[capacity_product_id][month_index(month.year, month.month)] = grams / 1000
    umkm_wide: dict[int, list[SupplyCertificate]] = defaultdict(list)
    per_product: dict[int, list[SupplyCertificate]] = defaultdict(list)
    for umkm_id, product_id, cert_type, expires_on in certificates:
        certificate = SupplyCertificate(type=cert_type, expires_on=expires_on)
        if product_id is None:
            umkm_wide[umkm_id].append(certificate)
        else:
            per_product[product_id].append(certificate)

    return [
        SupplyProduct(
            product_id=row.id,
            umkm_id=row.umkm_id,
            name=row.name,
            description=row.description or "",
            hs_code=row.hs_code,
            province_code=row.province_code,
            regency_code=row.regency_code,
            capacity_kg=capacity_kg.get(row.id, {}),
            capacity_updated_on=_date(row.capacity_updated_at),
            certificates=(*umkm_wide.get(row.umkm_id, ()), *per_product.get(row.id, ())),
            unit_convertible=row.id not in unconvertible,
        )
        for row in products
    ]


def _date(value: object) -> date | None:
    return value.date() if hasattr(value, "date") else None
