"""The supply-gap report page (TestClient, both databases): the table and the chart show the
figures of GET /api/v1/reports/supply-gap; CSV and XLSX downloads carry the same rows."""

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.spreadsheets import read_table
from tests.api.helpers import API
from tests.api.test_readiness_reports import _world
from tests.web.helpers import make_account, sign_in

PARAMS = {"group_by": "product", "from": "2027-01", "to": "2027-03"}


def test_supply_gap_table_chart_and_downloads(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    _world(client)
    groups = client.get(f"{API}/reports/supply-gap", params=PARAMS).json()["groups"]
    salak = next(g for g in groups if "salak" in g["label"])
    make_account(session, name="Staf Laporan")
    sign_in(page_client, "Staf Laporan")
    page = page_client.get("/console/reports/supply-gap", params=PARAMS)
    assert page.status_code == 200
    row = re.search(rf'<th scope="row">{re.escape(salak["label"])}</th>(.*?)</tr>', page.text, re.S)
    assert row, page.text
    # demand 1.400 kg a month for 3 months; Salak A supplies 500: short 2.700 kg
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells == ["2", "1", "4.200 kg", "1.500 kg", "2.700 kg", "3"]
    # the chart: a demand bar and a capacity bar per group, each with its figure
    assert page.text.count('<rect class="bar series-0"') == len(groups)
    assert page.text.count('<rect class="bar series-1"') == len(groups)
    assert f"{salak['label']}: permintaan 4.200 kg" in page.text
    assert f"{salak['label']}: kapasitas 1.500 kg" in page.text

    csv_file = page_client.get("/console/reports/supply-gap.csv", params=PARAMS)
    api_csv = client.get(f"{API}/reports/supply-gap", params=PARAMS, headers={"Accept": "text/csv"})
    assert csv_file.status_code == 200 and csv_file.text == api_csv.text
    assert "attachment" in csv_file.headers["content-disposition"]
    xlsx = page_client.get("/console/reports/supply-gap.xlsx", params=PARAMS)
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    table = read_table("gap.xlsx", xlsx.content)
    assert table.headers[:4] == ["group_by", "group", "label", "month"]
    assert len(table.rows) == len(groups) * 3


def test_a_bad_month_range_is_explained_next_to_the_field(
    page_client: TestClient, session: Session
) -> None:
    make_account(session, name="Staf Laporan")
    sign_in(page_client, "Staf Laporan")
    page = page_client.get(
        "/console/reports/supply-gap", params={"from": "2027-05", "to": "2027-01"}
    )
    assert page.status_code == 422
    assert '<p class="field-error" id="f-to-error">lebih awal dari bulan awal</p>' in page.text
    assert page_client.get("/console/reports/supply-gap.pdf").status_code in (404, 422)
