"""The demo seed itself, checked without the app, the database or any reference file.

Whether HS and regency codes exist in the reference data is checked by loading the seed
(app/demo.py); here only their form is.
"""

import re
from collections import Counter
from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
import pytest

from app.demo_data import (
    BUYER_REQUESTS,
    BUYERS,
    CAPACITY_GAPS,
    MONTHS,
    UMKM,
    UNCONVERTIBLE_PRODUCTS,
    ProductSeed,
    _months,
)

MASS_UNITS = {"kg", "g", "ton", "kuintal"}
COUNTED_UNITS = {"pcs", "pack", "box", "carton"}
UNITS = MASS_UNITS | COUNTED_UNITS
CERTIFICATE_TYPES = {
    "NIB",
    "PIRT",
    "BPOM_MD",
    "HALAL",
    "SNI",
    "HACCP",
    "ISO_22000",
    "ORGANIC",
    "GACC",
    "FDA",
    "SKP",
    "SVLK",
}
STATUSES = {"open", "matched", "closed"}
INCOTERMS = {"EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"}
SEED_DAY = date(2026, 11, 22)
HS_CODE = re.compile(r"^\d{2}(\d{2}){0,3}$")
EMAIL = re.compile(r"^[a-z0-9._-]+@([a-z0-9-]+\.)*example\.(com|org|net)$")

PRODUCTS: list[tuple[str, ProductSeed]] = [
    (umkm["key"], product) for umkm in UMKM for product in umkm["products"]
]


def _duplicates(values: list[object]) -> list[object]:
    return [value for value, count in Counter(values).items() if count > 1]


def test_sizes() -> None:
    assert len(UMKM) >= 40
    assert len(BUYER_REQUESTS) >= 10
    assert all(1 <= len(umkm["products"]) <= 3 for umkm in UMKM)


def test_keys_are_unique() -> None:
    keys = (
        [buyer["key"] for buyer in BUYERS]
        + [umkm["key"] for umkm in UMKM]
        + [product["key"] for _, product in PRODUCTS]
        + [request["key"] for request in BUYER_REQUESTS]
    )
    assert _duplicates(list(keys)) == []


def test_natural_keys_of_the_loader_are_unique() -> None:
    """app/demo.py finds existing rows by these, so two seeds must never share one."""
    assert _duplicates([(b["name"], b["country"]) for b in BUYERS]) == []
    assert _duplicates([(u["name"], u["regency_code"]) for u in UMKM]) == []
    for umkm in UMKM:
        assert _duplicates([p["name"] for p in umkm["products"]]) == [], umkm["key"]
    assert (
        _duplicates([(r["buyer_key"], r["product"], r["start_month"]) for r in BUYER_REQUESTS])
        == []
    )


def test_capacity_months_are_the_seed_year_or_documented_gaps() -> None:
    assert len(MONTHS) == 12
    for _, product in PRODUCTS:
        months = list(product["capacity"])
        assert months, product["key"]
        assert set(months) <= set(MONTHS), product["key"]
        if len(months) < len(MONTHS):
            assert product["key"] in CAPACITY_GAPS, f"{product['key']} has undocumented gaps"
        else:
            assert product["key"] not in CAPACITY_GAPS, f"{product['key']} has no gap"
    assert set(CAPACITY_GAPS) <= {product["key"] for _, product in PRODUCTS}


def test_stale_products_stop_reporting_by_may_2026() -> None:
    stale = [key for key, why in CAPACITY_GAPS.items() if why.startswith("stale")]
    assert stale
    by_key = {product["key"]: product for _, product in PRODUCTS}
    for key in stale:
        assert max(by_key[key]["capacity"]) <= "2026-05", key


def test_capacity_figures() -> None:
    for _, product in PRODUCTS:
        for month, (quantity, unit) in product["capacity"].items():
            assert quantity >= 0, (product["key"], month)
            assert unit in UNITS, (product["key"], month)
            if unit in COUNTED_UNITS:
                assert unit == product["unit"], (product["key"], month)


def test_months_helper() -> None:
    assert _months([1, None, *([2] * 10)], "kg") == {
        month: (1 if month == "2025-12" else 2, "kg") for month in MONTHS if month != "2026-01"
    }
    with pytest.raises(ValueError):
        _months([1, 2, 3], "kg")


def test_products() -> None:
    for _, product in PRODUCTS:
        assert product["unit"] in UNITS, product["key"]
        weight = product["unit_weight_kg"]
        if product["unit"] in COUNTED_UNITS and product["key"] not in UNCONVERTIBLE_PRODUCTS:
            assert weight is not None and weight > 0, product["key"]
        if product["unit"] in MASS_UNITS:
            assert weight is None, product["key"]
        if product["hs_code"] is not None:
            assert HS_CODE.match(product["hs_code"]), product["key"]
        shelf_life = product["shelf_life_days"]
        assert shelf_life is None or 1 <= shelf_life <= 3650, product["key"]
    by_key = {product["key"]: product for _, product in PRODUCTS}
    assert len(UNCONVERTIBLE_PRODUCTS) == 1
    for key in UNCONVERTIBLE_PRODUCTS:
        assert by_key[key]["unit"] in COUNTED_UNITS
        assert by_key[key]["unit_weight_kg"] is None


def test_nibs() -> None:
    nibs = [umkm["nib"] for umkm in UMKM if umkm["nib"] is not None]
    assert len(nibs) > len(UMKM) * 3 // 4
    assert _duplicates(list(nibs)) == []
    for umkm in UMKM:
        nib = umkm["nib"]
        nib_certificates = [c for c in umkm["certificates"] if c["type"] == "NIB"]
        if nib is None:
            assert nib_certificates == [], umkm["key"]
            continue
        assert re.fullmatch(r"\d{13}", nib), umkm["key"]
        assert [c["number"] for c in nib_certificates] == [nib], umkm["key"]


def test_regency_codes() -> None:
    for umkm in UMKM:
        assert re.fullmatch(r"\d{2}\.\d{2}", umkm["regency_code"]), umkm["key"]
    provinces = {umkm["regency_code"][:2] for umkm in UMKM}
    assert provinces == {"35", "63", "64"}


def test_certificates() -> None:
    for umkm in UMKM:
        product_keys = {product["key"] for product in umkm["products"]}
        for certificate in umkm["certificates"]:
            where = (umkm["key"], certificate["type"], certificate["number"])
            assert certificate["type"] in CERTIFICATE_TYPES, where
            assert certificate["number"] and certificate["issuer"], where
            issued = date.fromisoformat(certificate["issued_on"])
            assert issued <= SEED_DAY, where
            if certificate["expires_on"] is not None:
                assert date.fromisoformat(certificate["expires_on"]) >= issued, where
            if "product_key" in certificate:
                assert certificate["product_key"] in product_keys, where


def test_contacts() -> None:
    for umkm in UMKM:
        # Indonesian mobile numbers: +62 8, then 9 to 11 digits.
        assert re.fullmatch(r"\+628\d{9,11}", umkm["phone"]), umkm["key"]
        assert phonenumbers.is_valid_number(phonenumbers.parse(umkm["phone"])), umkm["key"]
        if umkm["email"] is not None:
            assert EMAIL.match(umkm["email"]), umkm["key"]
    for buyer in BUYERS:
        number = phonenumbers.parse(buyer["phone"])
        assert phonenumbers.is_valid_number(number), buyer["key"]
        assert phonenumbers.region_code_for_number(number) == buyer["country"], buyer["key"]
        assert EMAIL.match(buyer["email"]), buyer["key"]
        assert re.fullmatch(r"[A-Z]{2}", buyer["country"]), buyer["key"]
        assert re.fullmatch(r"[a-z]{2}", buyer["preferred_language"]), buyer["key"]


def test_buyer_requests() -> None:
    buyer_keys = {buyer["key"] for buyer in BUYERS}
    for request in BUYER_REQUESTS:
        key = request["key"]
        assert request["buyer_key"] in buyer_keys, key
        assert request["quantity"] > 0, key
        assert request["unit"] in UNITS, key
        if request["unit"] in COUNTED_UNITS:
            assert request.get("unit_weight_kg", 0) > 0, key
        else:
            assert "unit_weight_kg" not in request, key
        assert "2027-01" <= request["start_month"] <= "2027-03", key
        assert re.fullmatch(r"\d{4}-\d{2}", request["start_month"]), key
        assert 6 <= request["months"] <= 12, key
        required = request["required_certifications"]
        assert set(required) <= CERTIFICATE_TYPES, key
        assert len(set(required)) == len(required), key
        assert request["status"] in STATUSES, key
        if request["hs_code"] is not None:
            assert HS_CODE.match(request["hs_code"]), key
        if request["target_price"] is not None:
            try:
                assert Decimal(request["target_price"]) > 0, key
            except InvalidOperation:
                pytest.fail(f"{key}: target_price is not a decimal")
            assert request["currency"] is not None, key
        if request["incoterm"] is not None:
            assert request["incoterm"] in INCOTERMS, key
        assert request["notes"], key
    statuses = Counter(request["status"] for request in BUYER_REQUESTS)
    assert statuses["closed"] >= 1 and statuses["matched"] >= 1
    assert statuses["open"] == len(BUYER_REQUESTS) - statuses["closed"] - statuses["matched"]
    counted = [r for r in BUYER_REQUESTS if r["unit"] in COUNTED_UNITS]
    assert len(counted) == 1


def test_the_story_needs_several_makers() -> None:
    """No Balikpapan cake salak maker with BPOM MD reaches the Swiss buyer's 1,500 kg alone."""
    request = next(r for r in BUYER_REQUESTS if r["key"] == "request-ch-cake-salak")
    kg_per_unit = {"kg": 1.0, "kuintal": 100.0, "ton": 1000.0}
    makers = 0
    for umkm in UMKM:
        certified = {c.get("product_key") for c in umkm["certificates"] if c["type"] == "BPOM_MD"}
        for product in umkm["products"]:
            if product["hs_code"] != request["hs_code"] or product["key"] not in certified:
                continue
            makers += 1
            for quantity, unit in product["capacity"].values():
                weight = product["unit_weight_kg"] or 0.0
                kg = quantity * (weight if unit in COUNTED_UNITS else kg_per_unit[unit])
                assert kg < request["quantity"], product["key"]
    assert makers >= 2
