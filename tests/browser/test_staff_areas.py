"""The console's mission, deal, import, directory and report pages in a real browser (the
demo data, Indonesian): run the scheduler of the demo mission and read an agenda; plan a
mission and record a deal, with errors next to the fields, and read the report total in
rupiah; check then import a register; find UMKM by regency name; the supply-gap chart.
Screenshots under test-artifacts/screens/."""

import csv
import io
import re

from playwright.sync_api import expect

from tests.browser.conftest import Tab
from tests.browser.staff_pages import MissionPage, MissionsPage, signed_in

PLANNED = "Misi Dagang Kalimantan Timur – Jawa Timur"
PAST = "Misi Dagang Kalimantan Timur – Kalimantan Selatan"


def test_staff_run_the_scheduler_of_the_demo_mission_and_print_the_agendas(tab: Tab) -> None:
    page = signed_in(tab.page)
    mission = MissionsPage(page).open()
    tab.screenshot("missions")
    planned = mission.open_mission(PLANNED)
    message = planned.run_scheduler()
    # the demo's six accepted requests fit in two days of 20-minute slots at 8 tables
    assert re.search(r"Terjadwal (\d+) dari \1 pertemuan yang diterima\.", message), message
    expect(page.locator("#schedule-summary")).to_contain_text("pertemuan yang diterima")
    expect(page.locator("#schedule table tbody tr")).to_have_count(6)
    tab.screenshot("mission")
    agenda = planned.agendas()
    buyer = agenda.agenda_of("Zürcher Tropenkost AG")
    expect(buyer.get_by_role("cell", name="Dapur Salak Mama Ani")).to_be_visible()
    expect(buyer.get_by_role("cell", name="Rumah Kue Gunung Bahagia")).to_be_visible()
    expect(agenda.agenda_of("Dapur Salak Mama Ani").locator("tbody tr")).to_have_count(1)
    tab.screenshot("mission-agenda")
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    expect(buyer).to_be_visible()
    tab.screenshot("mission-agenda-print")
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert any("Zürcher Tropenkost AG" in row for row in rows)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh kalender (iCalendar)").click()
    assert download.value.path().read_text().startswith("BEGIN:VCALENDAR")


def test_staff_plan_a_mission_record_a_deal_and_read_the_total_in_rupiah(tab: Tab) -> None:
    page = signed_in(tab.page)
    form = MissionsPage(page).open().plan()
    form.fill(starts_on="2027-05-12", ends_on="2027-05-11", tables="dua").save()
    expect(form.error_of("name")).to_have_text("Wajib diisi.")
    expect(form.error_of("tables")).to_have_text("Tulis bilangan bulat, misalnya 12.")
    expect(page.get_by_role("alert")).to_contain_text("Beberapa isian perlu diperbaiki")
    tab.screenshot("mission-form-errors")
    form.fill(name="Temu Bisnis Cabai Samarinda", tables="4").save()
    expect(form.error_of("ends_on")).to_have_text("lebih awal dari hari pertama")
    form.fill(ends_on="2027-05-12", venue="Hotel Mesra", city="Samarinda").save()
    expect(page.get_by_role("heading", level=1)).to_have_text("Temu Bisnis Cabai Samarinda")
    expect(page.get_by_role("status")).to_contain_text("Rencana misi tersimpan.")
    planned = MissionPage(page)
    planned.add_buyer("UD Sumber Cabai Mahakam")
    planned.add_umkm("Kelompok Tani Cabai Tenggarong Seberang")
    deal = planned.record_deal()
    deal.fill(
        buyer="UD Sumber Cabai Mahakam",
        product="Kelompok Tani Cabai Tenggarong Seberang — Cabai Rawit Merah (kg)",
        quantity="banyak",
        price="-42.000",
    ).save()
    expect(deal.error_of("quantity")).to_have_text("Tulis angka, misalnya 1.500 atau 2,5.")
    expect(deal.error_of("price_idr")).to_have_text("Paling sedikit 0.")
    tab.screenshot("deal-form-errors")
    page.locator("#f-quantity").fill("2,5")
    page.locator("#f-price_idr").fill("42.000")
    deal.save()
    # 2,5 ton a month × 12 months × Rp42.000 per kg = Rp1.260.000.000
    expect(page.get_by_role("status")).to_contain_text("Kesepakatan tercatat: Rp1,3 miliar.")
    expect(page.locator("#deal-value")).to_contain_text("Rp1.260.000.000")
    expect(page.get_by_text("Rp42.000 per kg")).to_be_visible()
    page.get_by_label("Jumlah terkirim").fill("2.000")
    page.get_by_role("button", name="Simpan pengiriman").click()
    expect(page.get_by_role("status")).to_contain_text("Pengiriman tercatat.")
    tab.screenshot("deal")
    page.get_by_role("link", name="Temu Bisnis Cabai Samarinda").click()
    total = planned.report()
    expect(total).to_have_text("Rp1,3 miliar")
    tab.screenshot("mission-report")


def test_the_past_demo_mission_reports_its_rupiah_total(tab: Tab) -> None:
    page = signed_in(tab.page)
    past = MissionsPage(page).open().open_mission(PAST)
    total = past.report()
    expect(total).to_have_text(re.compile(r"^Rp\d+(,\d)? (miliar|juta)$"))
    expect(page.get_by_role("heading", name="Menurut komoditas")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.locator("#report-total")).to_have_text(
        re.compile(r"^IDR \d+(\.\d)? (billion|million)$")
    )
    page.get_by_role("link", name="Bahasa Indonesia").click()


def test_staff_check_then_import_a_register(tab: Tab) -> None:
    page = signed_in(tab.page)
    page.get_by_role("link", name="Impor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impor daftar")
    register = (
        "Kode;Nama UMKM;Kabupaten/Kota;No. HP;Pernah Ekspor\n"
        "BR-001;Abon Ikan Uji Browser;Kota Balikpapan;0812 5555 0191;tidak\n"
        "BR-002;Amplang Uji Browser;Kabupaten Atlantis;;tidak\n"
    )
    page.get_by_label("Lembar kerja (.xlsx atau .csv)").set_input_files(
        files=[{"name": "daftar.csv", "mimeType": "text/csv", "buffer": register.encode()}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    rows = page.locator("#import-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("baru")
    expect(rows.nth(1)).to_contain_text("tidak sah")
    expect(rows.nth(1)).to_contain_text("Kabupaten/Kota")
    expect(page.get_by_role("button", name="Impor baris-baris ini")).to_have_count(0)
    tab.screenshot("import-check-invalid")
    fixed = register.replace("Kabupaten Atlantis", "Kutai Timur")
    page.get_by_label("Lembar kerja (.xlsx atau .csv)").set_input_files(
        files=[{"name": "daftar.csv", "mimeType": "text/csv", "buffer": fixed.encode()}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("#report-title")).to_contain_text("belum ada yang disimpan")
    expect(rows.nth(1)).to_contain_text("baru")
    tab.screenshot("import-check")
    page.get_by_role("button", name="Impor baris-baris ini").click()
    expect(page.locator("#report-title")).to_contain_text("daftar.csv sudah diimpor")
    expect(page.locator("#import-counts")).to_contain_text("Baru: 2")
    tab.screenshot("import-done")
    page.goto("/console/umkm?q=Uji+Browser")
    expect(page.locator("#result-count")).to_contain_text("2 UMKM ditemukan.")


def test_staff_find_umkm_by_regency_name_and_open_one(tab: Tab) -> None:
    page = signed_in(tab.page)
    page.get_by_role("link", name="Direktori UMKM").click()
    page.get_by_label("Kabupaten/kota").fill("Kutai Timur")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#result-count")).to_contain_text("Di Kabupaten Kutai Timur:")
    results = page.locator("table tbody tr")
    expect(results.first).to_contain_text("Kabupaten Kutai Timur")
    for regency in results.locator("td:nth-child(2)").all_inner_texts():
        assert regency == "Kabupaten Kutai Timur"
    tab.screenshot("umkm-directory")
    page.get_by_role("link", name="Kelompok Tani Kakao Kaliorang Maju").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kelompok Tani Kakao Kaliorang Maju")
    expect(page.locator("#readiness-grade")).to_contain_text(re.compile(r"Peringkat [A-D]"))
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.get_by_role("heading", name="Rencana pengembangan")).to_be_visible()
    tab.screenshot("umkm")


def test_supply_gap_report_shows_a_table_and_a_chart(tab: Tab) -> None:
    page = signed_in(tab.page)
    page.get_by_role("link", name="Laporan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kesenjangan pasokan")
    expect(page.locator("#gap-chart rect.bar").first).to_be_visible()
    expect(page.locator("#gap-table tbody tr").first).to_be_visible()
    tab.screenshot("supply-gap")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
