"""The demo data loads through the services on each backend, and loading again adds nothing."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.demo import load_demo_data
from app.models import BuyerRequest, Capacity, Product, Umkm


def test_demo_loads_once_and_tells_the_story(session: Session) -> None:
    first = load_demo_data(session=session, today=date(2026, 11, 22))
    assert first["UMKM"] >= 40
    assert first["buyer requests"] >= 10
    assert first["capacity months"] >= 40 * 12 - 100  # some months are deliberately missing
    again = load_demo_data(session=session, today=date(2026, 11, 22))
    assert {k: v for k, v in again.items() if k != "capacity months refused"} == dict.fromkeys(
        again.keys() - {"capacity months refused"}, 0
    )

    swiss = session.scalar(select(BuyerRequest).where(BuyerRequest.destination_country == "CH"))
    assert swiss is not None and swiss.quota_kg == 1500
    balikpapan_salak = session.scalar(
        select(func.count())
        .select_from(Product)
        .join(Umkm)
        .where(Umkm.regency_code == "64.71", Product.name.ilike("%salak%"))
    )
    assert balikpapan_salak and balikpapan_salak >= 3


def test_demo_moves_forward_with_the_calendar(session: Session) -> None:
    load_demo_data(session=session, today=date(2027, 2, 3))  # three months after the seed
    latest = session.scalar(select(func.max(Capacity.month)))
    assert latest == date(2027, 2, 1)
    earliest_start = session.scalar(select(func.min(BuyerRequest.start_month)))
    assert earliest_start == date(2027, 4, 1)
