"""The staff console in Chromium: create a request, read its ranked matches; errors next to
the field in Indonesian; a forged form refused; screenshots of each main page."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from app.months import first_of
from tests.browser.conftest import PHONE, Server, Tab, open_tab
from tests.browser.console_pages import MatchPage, RequestForm, label, signed_in_staff


def _this_month() -> str:
    """The demo's capacity is reported up to this month and estimated after it."""
    return first_of(datetime.now(UTC).date()).strftime("%Y-%m")


def _create_request(page: Any, **overrides: Any) -> RequestForm:
    form = signed_in_staff(page).open_requests().new_request()
    values = {
        "buyer": "Zürcher Tropenkost AG",
        "product": "kue salak",
        "quantity": "250",
        "unit": "kg",
        "start_month": _this_month(),
        "months": "6",
        "certificates": ("Halal – Sertifikat Halal",),
    } | overrides
    return form.fill(**values)


def test_staff_creates_a_request_and_sees_ranked_matches(tab: Tab) -> None:
    page = tab.page
    form = _create_request(page)
    tab.screenshot("request-form")
    form.save()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kandidat untuk kue salak")
    expect(page.get_by_role("status").first).to_contain_text("Permintaan tersimpan")
    matches = MatchPage(page)
    first = matches.candidate(1)
    expect(first).to_be_visible()
    expect(first.locator(".score")).to_contain_text("/ 100")
    expect(first.locator(".quota-note")).to_contain_text("memenuhi kuota")
    # flags are readable badges; the chart tells reported months from estimated ones
    expect(page.locator("li.candidate .badge.bad").first).to_be_visible()
    chart = first.locator("svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text(
        "Kapasitas "
        + first.locator("p.muted").inner_text().split(" · ")[0]
        + " dibanding kuota, per bulan"
    )
    expect(chart.locator("rect.bar")).to_have_count(6)
    expect(page.locator("svg.chart rect.bar.estimated").first).to_be_attached()
    expect(page.locator("svg.chart line.level").first).to_be_attached()
    assert matches.candidates.count() >= 2
    tab.screenshot("match")  # README's docs/console-match.png is a copy of it
    page.get_by_role("link", name="Usulan konsorsium").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Usulan konsorsium")
    tab.screenshot("consortium")
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_validation_errors_next_to_the_field_in_indonesian(tab: Tab) -> None:
    page = tab.page
    form = _create_request(page, product="", quantity="banyak", months="0")
    form.save()
    expect(page.get_by_role("alert").first).to_contain_text("Permintaan belum disimpan")
    expect(form.error_of("product")).to_have_text("Wajib diisi.")
    expect(form.error_of("quantity")).to_have_text("Tulis angka, misalnya 1.500 atau 2,5.")
    expect(form.error_of("months")).to_have_text("Paling sedikit 1.")
    quantity = page.get_by_label(label("Jumlah per bulan"))
    expect(quantity).to_have_value("banyak")
    expect(quantity).to_have_attribute("aria-invalid", "true")
    tab.screenshot("request-form-errors")


def test_a_forged_form_is_refused(tab: Tab) -> None:
    page = tab.page
    form = _create_request(page)
    page.locator('form input[name="csrf_token"]').last.evaluate("input => input.value = 'forged'")
    with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
        form.save()
    assert posted.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tidak diizinkan")
    expect(page.get_by_role("alert")).to_contain_text(
        "Formulir ini sudah kedaluwarsa atau tidak berasal dari situs ini"
    )


def test_main_pages_screenshots_and_no_foreign_requests(
    tab: Tab, browser: Any, server: Server, tmp_path: Path
) -> None:
    page = tab.page
    signed_in_staff(page)
    tab.screenshot("home")
    for path, heading, name in (
        ("/console/requests", "Permintaan pembeli", "requests"),
        ("/console/buyers", "Pembeli", "buyers"),
        ("/console/buyers/new", "Pembeli baru", "buyer-form"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        tab.screenshot(name)
    page.goto("/console/buyers")
    page.get_by_role("link", name="Zürcher Tropenkost AG").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zürcher Tropenkost AG")
    tab.screenshot("buyer")
    phone = open_tab(browser, server, PHONE)
    try:
        signed_in_staff(phone.page)
        phone.screenshot("home-360")
        phone.page.goto("/console/requests")
        expect(phone.page.get_by_role("heading", level=1)).to_have_text("Permintaan pembeli")
        # nothing wider than the phone: no sideways scrolling of the page itself
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide at 360 px"
    finally:
        phone.page.context.close()
    assert phone.foreign == []
