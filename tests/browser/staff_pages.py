"""Page objects of the console's mission, directory, report and import pages: what an
officer does there, in the words on the screen (Indonesian, the default)."""

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.pages import SignInPage


def signed_in(page: Any) -> Any:
    SignInPage(page).open("/sign-in?next=/console")
    SignInPage(page).sign_in()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


class MissionsPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self) -> "MissionsPage":
        self.page.get_by_role("link", name="Misi dagang").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Misi dagang")
        return self

    def open_mission(self, name: str) -> "MissionPage":
        self.page.get_by_role("link", name=name).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(name)
        return MissionPage(self.page)

    def plan(self) -> "MissionFormPage":
        self.page.get_by_role("link", name="Rencanakan misi").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Rencanakan misi")
        return MissionFormPage(self.page)


class MissionFormPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    def fill(self, **fields: str) -> "MissionFormPage":
        """Fields by name (each has its label: see the page tests)."""
        for name, value in fields.items():
            self.page.locator(f"#f-{name}").fill(value)
        return self

    def save(self) -> None:
        self.page.get_by_role("button", name="Simpan misi").click()

    def error_of(self, name: str) -> Any:
        """The message next to the field, which the input names as its description."""
        field = self.page.locator(f"#f-{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", re.compile(f"f-{name}-error"))
        return self.page.locator(f"#f-{name}-error")


class MissionPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    def add_buyer(self, name: str) -> None:
        self.page.get_by_label("Tambah pembeli").select_option(label=name)
        self.page.get_by_role("button", name="Tambahkan pembeli").click()
        expect(self.page.get_by_role("status")).to_contain_text(f"{name} ikut serta.")

    def add_umkm(self, name: str) -> None:
        self.page.get_by_label("Tambah UMKM").select_option(label=name)
        self.page.get_by_role("button", name="Tambahkan UMKM").click()
        expect(self.page.get_by_role("status")).to_contain_text(f"{name} ikut serta.")

    def run_scheduler(self) -> str:
        self.page.get_by_role("button", name="Jalankan penjadwalan").click()
        status = self.page.get_by_role("status")
        expect(status).to_contain_text("Terjadwal")
        return str(status.inner_text())

    def agendas(self) -> "AgendaPage":
        self.page.get_by_role("link", name="Cetak agenda").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Agenda")
        return AgendaPage(self.page)

    def record_deal(self) -> "DealFormPage":
        self.page.get_by_role("link", name="Catat kesepakatan").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Catat kesepakatan")
        return DealFormPage(self.page)

    def report(self) -> Any:
        self.page.get_by_role("link", name="Laporan misi").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Laporan misi")
        return self.page.locator("#report-total")


class AgendaPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    def agenda_of(self, name: str) -> Any:
        return self.page.locator("section.agenda").filter(
            has=self.page.get_by_role("heading", name=re.compile(re.escape(name)))
        )


class DealFormPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    def fill(self, *, buyer: str, product: str, quantity: str, price: str) -> "DealFormPage":
        self.page.locator("#f-buyer_id").select_option(label=buyer)
        self.page.locator("#f-product_id").select_option(label=product)
        self.page.locator("#f-quantity").fill(quantity)
        self.page.get_by_label("Satuan jumlah").select_option("ton")
        self.page.locator("#f-price_idr").fill(price)
        self.page.get_by_label("Harga per").select_option("kg")
        return self

    def save(self) -> None:
        self.page.get_by_role("button", name="Simpan kesepakatan").click()

    def error_of(self, name: str) -> Any:
        field = self.page.locator(f"#f-{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        return self.page.locator(f"#f-{name}-error")
