"""Demo trade missions, loaded after the rest of the demo data (``app.demo``).

One past mission modelled on the East Kalimantan–South Kalimantan one (Rp13.7 billion signed
for chili, ginger, dried fish, turmeric, candlenut, chicken and crafts): meetings held, deals
with values, some deliveries and one repeat order. One planned mission, East Kalimantan meets
buyers in Balikpapan, with meeting requests and a first schedule. Dates are written as of
November 2026 and move forward with the calendar like the rest of the demo data.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Buyer, Meeting, Mission, Product, Umkm
from app.principal import Principal
from app.schemas import missions as ms
from app.services import deals as deal_service
from app.services import missions as mission_service
from app.services import schedule as schedule_service
from app.services.mission_report import plus_months

PAST_MISSION: dict[str, Any] = {
    "name": "Misi Dagang Kalimantan Timur – Kalimantan Selatan",
    "starts_on": "2026-09-16",
    "ends_on": "2026-09-16",
    "venue": "Gedung Mahligai Pancasila",
    "city": "Banjarmasin",
    "timezone": "Asia/Makassar",
    "slot_minutes": 30,
    "tables": 6,
    "day_start": "09:00",
    "day_end": "15:00",
    "breaks": [{"start": "12:00", "end": "13:00"}],
    "provinces": ["64", "63"],
}
# (buyer, UMKM, product, quantity, unit, months, price_idr, price_unit, delivered months)
PAST_DEALS: list[tuple[str, str, str, int, str, int, int, str, list[int]]] = [
    ("UD Sumber Cabai Mahakam", "Kelompok Tani Cabai Rawit Pelaihari", "Cabai Rawit Hiyung",
     3, "ton", 12, 42_000, "kg", [3000, 2600]),
    ("CV Rempah Banua Sejahtera", "KWT Jahe Merah Sempaja", "Jahe Merah Segar",
     2, "ton", 12, 30_000, "kg", [2000]),
    ("CV Rempah Banua Sejahtera", "Kelompok Tani Kemiri Long Ikis", "Kemiri Kupas",
     1500, "kg", 12, 35_000, "kg", []),
    ("CV Rempah Banua Sejahtera", "Kelompok Tani Kemiri Long Ikis", "Kunyit Segar",
     2, "ton", 12, 9_000, "kg", []),
    ("CV Bahari Mahakam Niaga", "UD Ikan Asin Pulau Laut Barokah", "Ikan Asin Kering",
     4, "ton", 12, 55_000, "kg", [4000, 3500]),
    ("CV Pangan Nusantara Sepaku", "RPHU Barokah Liang Anggang", "Ayam Potong Beku (parting)",
     20, "ton", 12, 32_000_000, "ton", [20000]),
    ("Galeri Kriya Borneo Balikpapan", "Kerajinan Anyaman Purun Nagara",
     "Tas dan Tikar Anyaman Purun", 500, "pcs", 6, 85_000, "pcs", []),
]  # fmt: skip
# Met at the mission, no deal (yet)
PAST_MEETINGS_ONLY = [
    ("PT Borneo Garam Distribusi", "UD Ikan Asin Pulau Laut Barokah"),
    ("UD Sumber Cabai Mahakam", "Kelompok Tani Empon-Empon Astambul"),
]
# Two months after the mission the chili buyer orders again: a repeat order.
REPEAT_ORDER = (
    "UD Sumber Cabai Mahakam",
    "Kelompok Tani Cabai Rawit Pelaihari",
    "Cabai Rawit Hiyung",
    2,
    "ton",
    3,
    45_000,
    "kg",
    "2026-11-10",  # signed
    "2027-01",  # first month
)

PLANNED_MISSION: dict[str, Any] = {
    "name": "Misi Dagang Kalimantan Timur – Jawa Timur",
    "starts_on": "2027-02-17",
    "ends_on": "2027-02-18",
    "venue": "Balikpapan Sport and Convention Center (Dome)",
    "city": "Balikpapan",
    "timezone": "Asia/Makassar",
    "slot_minutes": 20,
    "tables": 8,
    "day_start": "09:00",
    "day_end": "16:00",
    "breaks": [{"start": "12:00", "end": "13:00"}],
    "provinces": ["64", "35"],
    "countries": ["CH", "SG", "MY"],
}
PLANNED_REQUESTS = [
    ("Zürcher Tropenkost AG", "Dapur Salak Mama Ani", "accepted"),
    ("Zürcher Tropenkost AG", "Rumah Kue Gunung Bahagia", "accepted"),
    ("Straits Dried Seafood Pte. Ltd.", "UD Teri Kering Tanjung Batu", "accepted"),
    ("Straits Dried Seafood Pte. Ltd.", "UD Ikan Asin Muara Badak Sejahtera", "accepted"),
    ("Tawau Fresh Produce Sdn. Bhd.", "Kelompok Tani Nanas Rantau Pulung", "accepted"),
    ("Tawau Fresh Produce Sdn. Bhd.", "Kelompok Tani Cabai Tenggarong Seberang", "pending"),
    ("Galeri Kriya Borneo Balikpapan", "Kerajinan Manik Dayak Pampang", "accepted"),
]


def _mission(session: Session, seed: dict[str, Any], shift: int, principal: Principal) -> Mission:
    fields = dict(seed)
    for name in ("starts_on", "ends_on"):
        fields[name] = plus_months(date.fromisoformat(seed[name]), shift)
    return mission_service.create_mission(
        session=session, data=ms.MissionCreate.model_validate(fields), principal=principal
    )


def _ids(session: Session, names: set[str], model: type[Buyer] | type[Umkm]) -> dict[str, int]:
    rows = session.execute(select(model.name, model.id).where(model.name.in_(names)))
    return {name: row_id for name, row_id in rows}


def _plan(
    session: Session,
    mission: Mission,
    pairs: list[tuple[str, str, str]],
    principal: Principal,
) -> None:
    """Participants, meeting requests (with their status) and a schedule."""
    buyers = _ids(session, {b for b, _, _ in pairs}, Buyer)
    umkm = _ids(session, {u for _, u, _ in pairs}, Umkm)
    for buyer_id in sorted(set(buyers.values())):
        mission_service.add_participant(
            session=session,
            mission_id=mission.id,
            data=ms.ParticipantCreate(buyer_id=buyer_id),
            principal=principal,
        )
    for umkm_id in sorted(set(umkm.values())):
        mission_service.add_participant(
            session=session,
            mission_id=mission.id,
            data=ms.ParticipantCreate(umkm_id=umkm_id),
            principal=principal,
        )
    for buyer, seller, status in pairs:
        request = mission_service.create_meeting_request(
            session=session,
            mission_id=mission.id,
            data=ms.MeetingRequestCreate(buyer_id=buyers[buyer], umkm_id=umkm[seller]),
            principal=principal,
        )
        mission_service.update_meeting_request(
            session=session,
            request_id=request.id,
            data=ms.MeetingRequestUpdate(status=ms.MeetingRequestStatus(status)),
            principal=principal,
        )
    schedule_service.compute_schedule(
        session=session, mission_id=mission.id, mode=ms.ScheduleMode.ALL, principal=principal
    )


def _product(session: Session, umkm_name: str, product_name: str) -> Product:
    product = session.scalar(
        select(Product).join(Umkm).where(Umkm.name == umkm_name, Product.name == product_name)
    )
    if product is None:
        raise LookupError(f"demo product {product_name} of {umkm_name} is missing")
    return product


def load_demo_missions(*, session: Session, shift: int, principal: Principal) -> dict[str, int]:
    """Create the two demo missions unless a mission of the same name exists."""
    created = {"missions": 0, "deals": 0, "deliveries": 0}
    existing = set(session.scalars(select(Mission.name)))
    if PAST_MISSION["name"] not in existing:
        mission = _mission(session, {**PAST_MISSION, "status": "open"}, shift, principal)
        pairs = [(b, u, "accepted") for b, u, *_ in PAST_DEALS]
        pairs = list(dict.fromkeys(pairs)) + [(b, u, "accepted") for b, u in PAST_MEETINGS_ONLY]
        _plan(session, mission, pairs, principal)
        for meeting in session.scalars(select(Meeting).where(Meeting.mission_id == mission.id)):
            meeting.held = True
        buyers = _ids(session, {d[0] for d in PAST_DEALS}, Buyer)
        signed = mission.ends_on
        first_month = plus_months(signed.replace(day=1), 1)
        for buyer, seller, name, quantity, unit, months, price, per, delivered in PAST_DEALS:
            product = _product(session, seller, name)
            deal = deal_service.create_deal(
                session=session,
                data=ms.DealCreate(
                    buyer_id=buyers[buyer],
                    umkm_id=product.umkm_id,
                    product_id=product.id,
                    mission_id=mission.id,
                    quantity=Decimal(quantity),
                    unit=unit,
                    start_month=first_month,
                    months=months,
                    price_idr=price,
                    price_unit=per,
                    stage=ms.DealStage.AGREED,
                    signed_on=signed,
                ),
                principal=principal,
            )
            created["deals"] += 1
            for offset, kg in enumerate(delivered):
                deal_service.add_delivery(
                    session=session,
                    deal_id=deal.id,
                    data=ms.DeliveryCreate(
                        month=plus_months(first_month, offset), quantity=Decimal(kg), unit="kg"
                    ),
                    principal=principal,
                )
                created["deliveries"] += 1
        buyer, seller, name, quantity, unit, months, price, per, signed_on, start = REPEAT_ORDER
        product = _product(session, seller, name)
        deal_service.create_deal(
            session=session,
            data=ms.DealCreate(
                buyer_id=buyers[buyer],
                umkm_id=product.umkm_id,
                product_id=product.id,
                quantity=Decimal(quantity),
                unit=unit,
                start_month=plus_months(date.fromisoformat(f"{start}-01"), shift),
                months=months,
                price_idr=price,
                price_unit=per,
                stage=ms.DealStage.AGREED,
                signed_on=plus_months(date.fromisoformat(signed_on), shift),
            ),
            principal=principal,
        )
        created["deals"] += 1
        mission_service.update_mission(
            session=session,
            mission_id=mission.id,
            data=ms.MissionUpdate(status=ms.MissionStatus.CLOSED),
            principal=principal,
        )
        created["missions"] += 1
    if PLANNED_MISSION["name"] not in existing:
        mission = _mission(session, PLANNED_MISSION, shift, principal)
        _plan(session, mission, PLANNED_REQUESTS, principal)
        created["missions"] += 1
    session.flush()
    return created
