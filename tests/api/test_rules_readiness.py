"""Every number of ``ReadinessRules`` pinned by what a dinas officer reads (today: 2026-11-22).

Each case sits on both sides of a threshold or computes a score by hand from the rule, so
changing any weight, point, month or day count in the rules changes an asserted figure.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Product
from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm
from tests.conftest import TODAY

LAST_12 = ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]
NIB = "9964710000001"


def _umkm(
    client: TestClient,
    *,
    monthly_kg: float | None = None,
    nib: bool = False,
    address: bool = False,
    hs_code: str | None = "19059030",
    certificates: dict[str, str | None] | None = None,
    **fields: Any,
) -> tuple[int, int]:
    """An UMKM with one product (capacity `monthly_kg` in each of the last 12 months)."""
    umkm = make_umkm(
        client,
        **({"nib": NIB} if nib else {}),
        **({"address": "Jl. Salak 1"} if address else {}),
        **fields,
    )
    product = make_product(client, umkm["id"], hs_code=hs_code)
    if monthly_kg is not None:
        items = [{"month": m, "quantity": monthly_kg} for m in LAST_12]
        url = f"{API}/products/{product['id']}/capacity"
        assert client.put(url, json={"items": items}).status_code == 200
    for cert_type, expires_on in (certificates or {}).items():
        body = {"type": cert_type, **({"expires_on": expires_on} if expires_on else {})}
        response = client.post(f"{API}/umkm/{umkm['id']}/certificates", json=body)
        assert response.status_code == 201, response.text
    return int(umkm["id"]), int(product["id"])


def _readiness(client: TestClient, umkm_id: int) -> dict[str, Any]:
    response = client.get(f"{API}/umkm/{umkm_id}/readiness")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _score(client: TestClient, umkm_id: int, dimension: str) -> float:
    score: float = _readiness(client, umkm_id)["dimensions"][dimension]["score"]
    return score


def _last_written(session: Session, product_id: int, day: date) -> None:
    product = session.get(Product, product_id)
    assert product is not None
    product.capacity_updated_at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    session.commit()


# ------------------------------------------------------------------ weights and grades

# Capacity written today, the same every month: kontinuitas 100 (x 0.20) and kesegaran 100
# (x 0.10) are always there; no open request, so kuantitas is the median against 1,000 kg.
GRADE_CASES = [
    # kualitas 100 (HALAL, valid) 25 + legalitas 100 15 + 30 + 500 kg: 10 -> 80.0
    ("A", 80.0, {"monthly_kg": 500, "nib": True, "address": True, "certificates": {"HALAL": None}}),
    # 495 kg: kuantitas 49.5 x 0.2 = 9.9 -> 79.9
    ("B", 79.9, {"monthly_kg": 495, "nib": True, "address": True, "certificates": {"HALAL": None}}),
    # exported 10 + legalitas 15 + 30 + 500 kg: 10 -> 65.0
    ("B", 65.0, {"monthly_kg": 500, "nib": True, "address": True, "has_exported": True}),
    ("C", 64.9, {"monthly_kg": 495, "nib": True, "address": True, "has_exported": True}),
    # legalitas 60 + 25 = 85 (x 0.15 = 12.75) + 30 + 112.5 kg: 2.25 -> 45.0
    ("C", 45.0, {"monthly_kg": 112.5, "nib": True}),
    ("D", 44.9, {"monthly_kg": 107.5, "nib": True}),
]
MEANINGS = {
    "A": "Export-ready: can take foreign buyers' orders",
    "B": "Nearly ready: close the gaps in the development plan",
    "C": "Developing: needs coaching before exporting",
    "D": "Early stage: start with legal documents and capacity data",
}


@pytest.mark.parametrize(("grade", "overall", "world"), GRADE_CASES)
def test_grade_floors(
    client: TestClient, grade: str, overall: float, world: dict[str, Any]
) -> None:
    umkm_id, _ = _umkm(client, **world)
    body = _readiness(client, umkm_id)
    assert (body["overall"], body["grade"]) == (overall, grade)
    assert body["grade_meaning_en"] == MEANINGS[grade]
    assert body["weights"] == {
        "kualitas": 0.25,
        "kuantitas": 0.20,
        "kontinuitas": 0.20,
        "legalitas": 0.15,
        "kesegaran_data": 0.10,
        "pengalaman_ekspor": 0.10,
    }


def test_grade_meanings_in_indonesian(client: TestClient) -> None:
    umkm_id, _ = _umkm(client)
    body = _readiness(client, umkm_id)
    assert body["grade"] == "D"
    assert body["grade_meaning_id"] == "Tahap awal: mulai dari legalitas dan data kapasitas"


# ------------------------------------------------------------------ kualitas


def test_certificates_expiring_within_180_days_count_half(client: TestClient) -> None:
    warning_end = TODAY + timedelta(days=180)  # 2027-05-21
    umkm_id, _ = _umkm(
        client,
        certificates={
            "HALAL": warning_end.isoformat(),  # the last day that still warns: half
            "BPOM_MD": (warning_end + timedelta(days=1)).isoformat(),  # valid: full
            "PIRT": TODAY.isoformat(),  # valid today, expiring: half
            "HACCP": (TODAY - timedelta(days=1)).isoformat(),  # expired: nothing
        },
    )
    quality = _readiness(client, umkm_id)["dimensions"]["kualitas"]
    assert quality["valid"] == ["BPOM_MD"]
    assert quality["expiring"] == [
        {"type": "HALAL", "expires_on": "2027-05-21"},
        {"type": "PIRT", "expires_on": "2026-11-22"},
    ]
    assert quality["expired"] == [{"type": "HACCP", "expires_on": "2026-11-21"}]
    # (1 + 0.5 + 0.5 + 0) / 4
    assert quality["score"] == 50.0


def test_with_no_request_to_go_by_quality_counts_every_certificate_held(
    client: TestClient,
) -> None:
    """No open request: the certificates it holds are the measure, each valid one a full
    point, the expiring one half, NIB aside (it counts under legalitas)."""
    umkm_id, _ = _umkm(
        client,
        certificates={
            "BPOM_MD": None,  # valid: full
            "HALAL": (TODAY + timedelta(days=400)).isoformat(),  # valid: full
            "PIRT": (TODAY + timedelta(days=30)).isoformat(),  # expiring: half
            "NIB": None,
        },
    )
    quality = _readiness(client, umkm_id)["dimensions"]["kualitas"]
    assert quality["basis"] == "certificates it holds or held (no open request to go by)"
    assert quality["wanted"] == ["BPOM_MD", "HALAL", "PIRT"]
    assert quality["valid"] == ["BPOM_MD", "HALAL"]
    assert quality["expiring"] == [{"type": "PIRT", "expires_on": "2026-12-22"}]
    assert (quality["expired"], quality["missing"]) == ([], [])
    # (1 + 1 + 0.5) / 3
    assert quality["score"] == 83.3


# ------------------------------------------------------------------ kuantitas


@pytest.mark.parametrize(("monthly_kg", "score"), [(250, 25.0), (999, 99.9), (1500, 100.0)])
def test_quantity_against_1000_kg_a_month(
    client: TestClient, monthly_kg: float, score: float
) -> None:
    umkm_id, _ = _umkm(client, monthly_kg=monthly_kg)
    quantity = _readiness(client, umkm_id)["dimensions"]["kuantitas"]
    assert quantity["score"] == score
    assert quantity["median_monthly_kg"] == monthly_kg
    assert quantity["basis"] == "median monthly capacity against 1000 kg"


def test_quantity_averages_the_coverage_of_the_requests_it_fits(client: TestClient) -> None:
    """333 kg a month covers 0.333 of a 1,000 kg quota and half of a 666 kg one: 41.6."""
    umkm_id, _ = _umkm(client, monthly_kg=333)
    buyer = make_buyer(client)["id"]
    for kg in (1000, 666):
        make_request(
            client, buyer, product="kue salak", quantity=kg, start_month="2027-01", months=3,
            required_certifications=[],
        )  # fmt: skip
    quantity = _readiness(client, umkm_id)["dimensions"]["kuantitas"]
    assert quantity["basis"] == "coverage of open requests' quota"
    assert [(r["quota_kg"], r["coverage"]) for r in quantity["requests"]] == [
        (1000.0, 0.333),
        (666.0, 0.5),
    ]
    assert quantity["score"] == 41.6  # 100 x (0.333 + 0.5) / 2 = 41.65, to one decimal


# ------------------------------------------------------------------ legalitas


@pytest.mark.parametrize(
    ("world", "score"),
    [
        ({"nib": True, "hs_code": None}, 60.0),
        ({"hs_code": "19059030"}, 25.0),
        ({"address": True, "hs_code": None}, 15.0),
        ({"nib": True, "address": True, "hs_code": "19059030"}, 100.0),
    ],
)
def test_legality_points(client: TestClient, world: dict[str, Any], score: float) -> None:
    umkm_id, _ = _umkm(client, **world)
    assert _score(client, umkm_id, "legalitas") == score


def test_hs_points_follow_the_share_of_products_with_a_code(client: TestClient) -> None:
    umkm_id, _ = _umkm(client, hs_code=None)
    make_product(client, umkm_id, name="dodol salak", hs_code="17049099")
    legality = _readiness(client, umkm_id)["dimensions"]["legalitas"]
    assert (legality["products_with_hs_code"], legality["products"]) == (1, 2)
    assert legality["score"] == 12.5  # 25 x 1/2


# ------------------------------------------------------------------ kesegaran data


@pytest.mark.parametrize(
    ("written", "months", "score"),
    [
        (date(2026, 11, 1), 0, 100.0),
        (date(2026, 10, 5), 1, 100.0),  # within fresh_months = 1
        (date(2026, 9, 30), 2, 90.9),  # 100 x (1 - 1/11)
        (date(2026, 5, 22), 6, 54.5),  # 100 x (1 - 5/11)
        (date(2025, 12, 1), 11, 9.1),  # 100 x (1 - 10/11)
        (date(2025, 11, 30), 12, 0.0),  # stale_months = 12
        (date(2024, 1, 1), 34, 0.0),
    ],
)
def test_freshness_falls_from_1_to_12_months(
    client: TestClient, session: Session, written: date, months: int, score: float
) -> None:
    umkm_id, product_id = _umkm(client, monthly_kg=100)
    _last_written(session, product_id, written)
    freshness = _readiness(client, umkm_id)["dimensions"]["kesegaran_data"]
    assert (freshness["months_since_update"], freshness["score"]) == (months, score)
    assert freshness["last_update"] == written.isoformat()


# ------------------------------------------------------------------ pengalaman ekspor


@pytest.mark.parametrize(
    ("fields", "score"),
    [
        ({"has_exported": True, "koperasi": "KUB Salak"}, 100.0),
        ({"has_exported": True}, 100.0),
        ({"koperasi": "KUB Salak"}, 30.0),
        ({}, 0.0),
    ],
)
def test_export_experience_and_koperasi_points(
    client: TestClient, fields: dict[str, Any], score: float
) -> None:
    umkm_id, _ = _umkm(client, **fields)
    assert _score(client, umkm_id, "pengalaman_ekspor") == score


# ------------------------------------------------------------------ the development plan


@pytest.mark.parametrize(("days_ago", "asked"), [(0, False), (62, False), (63, True), (400, True)])
def test_plan_asks_for_capacity_after_two_months(
    client: TestClient, session: Session, days_ago: int, asked: bool
) -> None:
    umkm_id, product_id = _umkm(client, monthly_kg=100)
    _last_written(session, product_id, TODAY - timedelta(days=days_ago))
    plan = _readiness(client, umkm_id)["development_plan"]
    updates = [item for item in plan if item["action"] == "update_capacity"]
    if asked:
        assert [(u["subject"], u["message_en"]) for u in updates] == [
            ("kue salak", "Update monthly capacity figures: kue salak")
        ]
    else:
        assert updates == []


def test_plan_messages_in_both_languages(client: TestClient, session: Session) -> None:
    """Each kind of action, its months in Indonesian and English, ranked by what it unlocks."""
    figures = {m: 1000 if m == "2026-07" else 500 for m in LAST_12}
    figures["2025-11"] = 20000  # thirteen months ago: outside every dimension
    umkm = make_umkm(client, name="Salak Plan")
    product = make_product(client, umkm["id"])
    items = [{"month": m, "quantity": kg} for m, kg in figures.items()]
    assert client.put(f"{API}/products/{product['id']}/capacity", json={"items": items}).is_success
    client.post(
        f"{API}/umkm/{umkm['id']}/certificates",
        json={"type": "BPOM_MD", "expires_on": "2027-06-30"},
    )
    buyer = make_buyer(client)["id"]

    def ask(kg: int, months: int, certificates: list[str]) -> int:
        return int(
            make_request(
                client, buyer, product="kue salak", hs_code=None, quantity=kg,
                start_month="2027-05", months=months, required_certifications=certificates,
            )["id"]
        )  # fmt: skip

    # May-Aug 2027 is estimated from May-Aug 2026: 500, 500, 1,000, 500 kg.
    halal = ask(1000, 4, ["HALAL"])  # short in May, Jun, Aug and no halal: helped, not unlocked
    bpom = ask(400, 4, ["BPOM_MD"])  # enough, but BPOM MD ends in June: renewing unlocks it
    small = ask(800, 2, [])  # short 300 kg in May and Jun only: raising unlocks it
    _last_written(session, product["id"], date(2026, 11, 2))
    body = _readiness(client, umkm["id"])
    assert body["open_requests_considered"] == 3
    assert body["dimensions"] == {
        # BPOM MD lasts past 2027-05-21 (valid); halal is missing: 1 of 2
        "kualitas": {
            "score": 50.0,
            "basis": "required by open requests its products fit",
            "wanted": ["BPOM_MD", "HALAL"],
            "valid": ["BPOM_MD"],
            "expiring": [],
            "expired": [],
            "missing": ["HALAL"],
        },
        # coverage 0.625 (500, 500, 1,000, 500 of 1,000), 1.0 (of 400), 0.625 (500 of 800)
        "kuantitas": {
            "score": 75.0,
            "basis": "coverage of open requests' quota",
            "requests": [
                {"request_id": halal, "quota_kg": 1000.0, "coverage": 0.625},
                {"request_id": bpom, "quota_kg": 400.0, "coverage": 1.0},
                {"request_id": small, "quota_kg": 800.0, "coverage": 0.625},
            ],
        },
        # 11 months of 500 kg and one of 1,000: mean 541.7, cv 500 x sqrt(11) / 12 / 541.7
        "kontinuitas": {
            "score": 74.5,
            "products": [
                {
                    "product_id": product["id"],
                    "months_reported": 12,
                    "mean_kg": 541.7,
                    "cv": 0.255,
                    "steadiness": 0.745,
                }
            ],
        },
        "legalitas": {
            "score": 25.0,
            "nib_recorded": False,
            "products_with_hs_code": 1,
            "products": 1,
            "address_recorded": False,
        },
        "kesegaran_data": {"score": 100.0, "last_update": "2026-11-02", "months_since_update": 0},
        "pengalaman_ekspor": {"score": 0.0, "has_exported": False, "koperasi": None},
    }
    # 0.25 x 50 + 0.2 x 75 + 0.2 x 74.5 + 0.15 x 25 + 0.1 x 100 + 0.1 x 0 = 56.15 (as a float: 56.1)
    assert (body["overall"], body["grade"], body["as_of"]) == (56.1, "C", "2026-11-22")
    plan = [
        (p["rank"], p["action"], p["subject"], p["requests_helped"], p["requests_unlocked"],
         p["demand_helped_kg_per_month"], p["demand_unlocked_kg_per_month"])
        for p in body["development_plan"]
    ]  # fmt: skip
    assert plan == [
        (1, "raise_capacity", str(small), [small], [small], 800.0, 800.0),
        (2, "renew", "BPOM_MD", [bpom], [bpom], 400.0, 400.0),
        (3, "obtain", "HALAL", [halal], [], 1000.0, 0.0),
        (4, "raise_capacity", str(halal), [halal], [], 1000.0, 0.0),
    ]
    assert [(p["message_id"], p["message_en"]) for p in body["development_plan"]] == [
        (
            "Naikkan kapasitas Mei 2027–Jun 2027 sebanyak paling banyak 300 kg per bulan, "
            "menjadi 800 kg per bulan, untuk kue salak: "
            "memenuhi syarat untuk 1 permintaan terbuka, 800 kg per bulan",
            "Raise capacity in May 2027–Jun 2027 by up to 300 kg per month, to 800 kg per month, "
            "for kue salak: "
            "qualifies for 1 open request, 800 kg per month",
        ),
        (
            "Perpanjang BPOM MD (berlaku s.d. 2027-06-30): "
            "memenuhi syarat untuk 1 permintaan terbuka, 400 kg per bulan",
            "Renew BPOM MD (expires 2027-06-30): qualifies for 1 open request, 400 kg per month",
        ),
        (
            "Urus Halal: mengurangi kekurangan pada 1 permintaan terbuka",
            "Obtain Halal: closes a gap in 1 open request",
        ),
        (
            "Naikkan kapasitas Mei 2027, Jun 2027, Agu 2027 sebanyak paling banyak "
            "500 kg per bulan, menjadi 1.000 kg per bulan, untuk "
            "kue salak: mengurangi kekurangan pada 1 permintaan terbuka",
            "Raise capacity in May 2027, Jun 2027, Aug 2027 by up to 500 kg per month, "
            "to 1,000 kg per month, for "
            "kue salak: closes a gap in 1 open request",
        ),
    ]
    assert body["development_plan"][1]["details"] == {"expires_on": "2027-06-30"}
    assert body["development_plan"][0]["details"]["months"] == ["2027-05", "2027-06"]


def test_plan_messages_format_thousands_plurals_and_month_runs(client: TestClient) -> None:
    figures = {m: 10000 if m == "2026-05" else 5000 for m in LAST_12}
    umkm = make_umkm(client, name="Salak Besar")
    product = make_product(client, umkm["id"])
    items = [{"month": m, "quantity": kg} for m, kg in figures.items()]
    assert client.put(f"{API}/products/{product['id']}/capacity", json={"items": items}).is_success
    client.post(
        f"{API}/umkm/{umkm['id']}/certificates",
        json={"type": "BPOM_MD", "expires_on": "2027-06-30"},
    )
    buyer = make_buyer(client)["id"]

    def ask(kg: int, start: str, months: int, certificates: list[str]) -> None:
        make_request(
            client, buyer, product="kue salak", hs_code=None, quantity=kg, start_month=start,
            months=months, required_certifications=certificates,
        )  # fmt: skip

    # Capacity, estimated from a year before: 5,000 kg a month, 10,000 in May.
    ask(10000, "2027-05", 4, ["HALAL", "PIRT"])  # short Jun-Aug; needs halal and PIRT
    ask(4000, "2027-05", 4, ["HALAL"])  # halal alone opens it
    ask(3000, "2027-05", 4, ["HALAL"])  # and this one
    ask(8000, "2027-05", 2, [])  # short in June only
    ask(6000, "2027-04", 3, [])  # short in April and June, not May
    ask(4000, "2027-05", 4, ["BPOM_MD"])  # BPOM MD ends in June
    ask(2000, "2027-05", 4, ["PIRT", "HACCP"])  # two certificates: neither alone opens it
    plan = _readiness(client, umkm["id"])["development_plan"]
    assert [(p["message_id"], p["message_en"]) for p in plan] == [
        (
            "Naikkan kapasitas Jun 2027 sebanyak paling banyak 3.000 kg per bulan, "
            "menjadi 8.000 kg per bulan, untuk kue salak: "
            "memenuhi syarat untuk 1 permintaan terbuka, 8.000 kg per bulan",
            "Raise capacity in Jun 2027 by up to 3,000 kg per month, to 8,000 kg per month, "
            "for kue salak: "
            "qualifies for 1 open request, 8,000 kg per month",
        ),
        (
            "Urus Halal: memenuhi syarat untuk 2 permintaan terbuka, 7.000 kg per bulan",
            "Obtain Halal: qualifies for 2 open requests, 7,000 kg per month",
        ),
        (
            "Naikkan kapasitas Apr 2027, Jun 2027 sebanyak paling banyak 1.000 kg per bulan, "
            "menjadi 6.000 kg per bulan, untuk kue salak: "
            "memenuhi syarat untuk 1 permintaan terbuka, 6.000 kg per bulan",
            "Raise capacity in Apr 2027, Jun 2027 by up to 1,000 kg per month, "
            "to 6,000 kg per month, for kue salak: "
            "qualifies for 1 open request, 6,000 kg per month",
        ),
        (
            "Perpanjang BPOM MD (berlaku s.d. 2027-06-30): "
            "memenuhi syarat untuk 1 permintaan terbuka, 4.000 kg per bulan",
            "Renew BPOM MD (expires 2027-06-30): qualifies for 1 open request, 4,000 kg per month",
        ),
        (
            "Urus P-IRT: mengurangi kekurangan pada 2 permintaan terbuka",
            "Obtain P-IRT: closes a gap in 2 open requests",
        ),
        (
            "Naikkan kapasitas Jun 2027–Agu 2027 sebanyak paling banyak 5.000 kg per bulan, "
            "menjadi 10.000 kg per bulan, untuk kue salak: "
            "mengurangi kekurangan pada 1 permintaan terbuka",
            "Raise capacity in Jun 2027–Aug 2027 by up to 5,000 kg per month, "
            "to 10,000 kg per month, for kue salak: "
            "closes a gap in 1 open request",
        ),
        (
            "Urus HACCP: mengurangi kekurangan pada 1 permintaan terbuka",
            "Obtain HACCP: closes a gap in 1 open request",
        ),
    ]


def test_plan_names_every_product_a_certificate_is_for(client: TestClient) -> None:
    umkm = make_umkm(client, name="Oleh-oleh Bu Ani")
    for name in ("kue salak", "keripik nanas"):
        product = make_product(client, umkm["id"], name=name)
        items = [{"month": m, "quantity": 1000} for m in LAST_12]
        url = f"{API}/products/{product['id']}/capacity"
        assert client.put(url, json={"items": items}).is_success
    buyer = make_buyer(client)["id"]
    for name, kg in (("kue salak", 500), ("keripik nanas", 300)):
        make_request(
            client, buyer, product=name, hs_code=None, quantity=kg, start_month="2027-01",
            months=3, required_certifications=["HALAL"],
        )  # fmt: skip
    plan = _readiness(client, umkm["id"])["development_plan"]
    [halal] = [p for p in plan if p["action"] == "obtain"]
    assert halal["details"] == {"products": ["kue salak", "keripik nanas"]}
    assert (halal["message_id"], halal["message_en"]) == (
        "Urus Halal untuk kue salak, keripik nanas: "
        "memenuhi syarat untuk 2 permintaan terbuka, 800 kg per bulan",
        "Obtain Halal for kue salak, keripik nanas: "
        "qualifies for 2 open requests, 800 kg per month",
    )
