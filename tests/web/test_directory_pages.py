"""The UMKM directory (TestClient, both databases): search by regency NAME, product, name and
koperasi; the UMKM page with products, a capacity chart, certificates, readiness grade."""

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.web.directory.umkm import region_filter
from tests.api.helpers import API, created, make_product, make_umkm
from tests.web.helpers import make_account, sign_in


def _names_listed(html: str) -> list[str]:
    return re.findall(r'<td><a href="/console/umkm/\d+">([^<]+)</a></td>', html)


def test_regency_names_are_read_as_offices_write_them() -> None:
    assert region_filter("Kota Balikpapan").regency == "64.71"
    assert region_filter("balikpapan").regency == "64.71"
    assert region_filter("Kab. Kutai Timur").regency == "64.08"
    assert region_filter("64.08").regency == "64.08"
    bandung = region_filter("Bandung")  # a kabupaten and a kota
    assert bandung.regency is None and {m.name for m in bandung.choices} >= {
        "Kabupaten Bandung",
        "Kota Bandung",
    }
    assert region_filter("Kalimantan Timur").province == "64"
    assert region_filter("Atlantis").error


def test_staff_search_the_directory_by_regency_name_product_and_koperasi(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    balikpapan = make_umkm(client, name="Dapur Salak Mama Ani", regency_code="64.71")
    make_product(client, balikpapan["id"], name="kue salak")
    kutim = make_umkm(
        client, name="KWT Pisang Sangatta", regency_code="64.08", koperasi="Koperasi Maju Bersama"
    )
    make_product(client, kutim["id"], name="keripik pisang", hs_code="20089990")
    make_account(session, name="Staf Direktori")
    sign_in(page_client, "Staf Direktori")

    page = page_client.get("/console/umkm", params={"regency": "Kota Balikpapan"})
    assert page.status_code == 200
    assert _names_listed(page.text) == ["Dapur Salak Mama Ani"]
    assert "Di Kota Balikpapan:" in page.text and "1 UMKM ditemukan." in page.text
    page = page_client.get("/console/umkm", params={"regency": "kutai timur"})
    assert _names_listed(page.text) == ["KWT Pisang Sangatta"]
    page = page_client.get("/console/umkm", params={"product": "keripik pisang"})
    assert _names_listed(page.text) == ["KWT Pisang Sangatta"]
    page = page_client.get("/console/umkm", params={"koperasi": "maju bersama"})
    assert _names_listed(page.text) == ["KWT Pisang Sangatta"]
    page = page_client.get("/console/umkm", params={"q": "salak", "regency": "Kutai Timur"})
    assert _names_listed(page.text) == []
    page = page_client.get("/console/umkm", params={"regency": "Bandung"})
    assert "Yang mana maksud Anda?" in page.text and "regency=32.73" in page.text
    page = page_client.get("/console/umkm", params={"regency": "Atlantis"})
    assert (
        '<p class="field-error" id="f-regency-error">'
        "Tidak ada kabupaten/kota atau provinsi dengan nama ini.</p>" in page.text
    )


def test_the_umkm_page_shows_products_capacity_certificates_and_readiness(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    umkm = make_umkm(client, name="Dapur Salak Mama Ani", regency_code="64.71")
    product = make_product(client, umkm["id"], name="kue salak", unit="kg")
    for month, quantity in (("2026-09", 1200), ("2026-10", 1500)):
        answer = client.put(
            f"{API}/products/{product['id']}/capacity/{month}", json={"quantity": quantity}
        )
        assert answer.status_code in (200, 201), answer.text
    created(
        client,
        f"/umkm/{umkm['id']}/certificates",
        {"type": "HALAL", "number": "ID64110000123", "expires_on": "2027-01-31"},
    )
    readiness = client.get(f"{API}/umkm/{umkm['id']}/readiness").json()
    make_account(session, name="Staf Direktori")
    sign_in(page_client, "Staf Direktori")
    page = page_client.get(f"/console/umkm/{umkm['id']}")
    assert page.status_code == 200
    assert "kue salak" in page.text
    assert "1.500 kg" in page.text and "1.200 kg" in page.text  # the figures under the chart
    assert page.text.count('<rect class="bar series-0"') == 18  # 12 months back, 6 ahead
    assert 'role="img"' in page.text and "Kapasitas kue salak per bulan, dalam kg" in page.text
    assert "ID64110000123" in page.text and "31 Januari 2027" in page.text
    grade = re.search(r'id="readiness-grade">Peringkat ([A-D])', page.text)
    assert grade and grade.group(1) == readiness["grade"]
    assert page_client.get("/console/umkm/999999").status_code == 404
