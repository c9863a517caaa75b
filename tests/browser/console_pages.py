"""Page objects of the staff console (tests/browser)."""

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.pages import SignInPage


def signed_in_staff(page: Any) -> "ConsoleHome":
    SignInPage(page).open().sign_in()
    home = ConsoleHome(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Yang perlu Anda tangani hari ini")
    return home


class ConsoleHome:
    def __init__(self, page: Any) -> None:
        self.page = page

    def open_requests(self) -> "RequestList":
        self.page.get_by_role("navigation", name="Menu utama").get_by_role(
            "link", name="Permintaan pembeli"
        ).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Permintaan pembeli")
        return RequestList(self.page)


class RequestList:
    def __init__(self, page: Any) -> None:
        self.page = page

    def new_request(self) -> "RequestForm":
        self.page.get_by_role("link", name="Permintaan baru").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Permintaan pembeli baru")
        return RequestForm(self.page)


def label(text: str) -> "re.Pattern[str]":
    """A field's label: its text, then at most the required-field star."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


class RequestForm:
    def __init__(self, page: Any) -> None:
        self.page = page

    def fill(
        self,
        *,
        buyer: str,
        product: str,
        quantity: str,
        unit: str,
        start_month: str,
        months: str,
        certificates: tuple[str, ...] = (),
    ) -> "RequestForm":
        page = self.page
        page.get_by_label(label("Pembeli")).select_option(label=buyer)
        page.get_by_label(label("Produk")).fill(product)
        page.get_by_label(label("Jumlah per bulan")).fill(quantity)
        page.get_by_label(label("Satuan")).select_option(unit)
        page.get_by_label(label("Bulan pertama")).fill(start_month)
        page.get_by_label(label("Jumlah bulan")).fill(months)
        for name in certificates:
            page.get_by_label(name).check()
        return self

    def save(self) -> None:
        self.page.get_by_role("button", name="Simpan dan tampilkan kandidat").click()

    def error_of(self, field: str) -> Any:
        return self.page.locator(f"#f-{field}-error")


class MatchPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    @property
    def candidates(self) -> Any:
        return self.page.locator("li.candidate")

    def candidate(self, rank: int) -> Any:
        return self.page.locator(f'li.candidate[data-rank="{rank}"]')
