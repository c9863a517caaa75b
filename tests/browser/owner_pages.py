"""Page objects of the owner's phone pages and the staff accounts page, in the words a user
reads on them (Indonesian)."""

import re
from typing import Any

from playwright.sync_api import expect


class AccountsPage:
    """/console/accounts: a dinas officer makes an owner account and gives it a link."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self) -> "AccountsPage":
        self.page.goto("/console/accounts")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Akun")
        return self

    def create_owner(self, name: str, umkm: str) -> None:
        self.page.get_by_label("Nama pemilik").fill(name)
        self.page.get_by_label(re.compile(r"^UMKM")).select_option(label=umkm)
        self.page.get_by_role("button", name="Buat akun").click()
        expect(self.page.locator("#status")).to_contain_text(f"Akun {name} dibuat.")

    def give_link(self, name: str) -> str:
        """Make a sign-in link for `name`; the link's address as the page shows it."""
        self.page.get_by_role("button", name=f"Tautan masuk untuk {name}").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Tautan masuk untuk {name}")
        expect(self.page.get_by_label("Pesan WhatsApp (bahasa Indonesia)")).to_contain_text(
            f"Halo {name}"
        )
        url: str = self.page.locator("#link-url").input_value()
        return url


class OwnerLinkPage:
    """The page a sign-in link opens: choose a PIN."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self, url: str) -> "OwnerLinkPage":
        self.page.goto(url)
        return self

    def set_pin(self, pin: str) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Buat PIN Anda")
        self.page.get_by_label("PIN atau kata sandi baru").fill(pin)
        self.page.get_by_label("Ulangi PIN yang sama").fill(pin)
        self.page.get_by_role("button", name="Simpan PIN dan masuk").click()

    def expect_refused(self, text: str) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "Tautan ini tidak bisa dipakai"
        )
        expect(self.page.get_by_role("alert")).to_contain_text(text)


class CapacitySheet:
    """/owner/capacity: every product's months, saved at once."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self) -> "CapacitySheet":
        self.page.goto("/owner/capacity")
        return self.wait()

    def wait(self) -> "CapacitySheet":
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Pembaruan bulanan")
        return self

    def field(self, product: str, month: str) -> Any:
        return self.page.get_by_role("group", name=product).get_by_label(month)

    def type(self, product: str, month: str, text: str) -> None:
        self.field(product, month).fill(text)

    def save(self) -> None:
        self.page.get_by_role("button", name="Simpan semua").click()

    def expect_saved(self, changed: int) -> None:
        expect(self.page.locator("#status")).to_contain_text(
            f"Tersimpan. Angka yang berubah: {changed}."
        )
