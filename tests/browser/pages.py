"""Page objects of the browser tests: what a user does on a page, in its words."""

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, STAFF_EMAIL


class SignInPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self, path: str = "/sign-in") -> "SignInPage":
        self.page.goto(path)
        expect(self.page.locator("h1")).to_be_visible()
        return self

    def sign_in(self, login: str = STAFF_EMAIL, password: str = PASSWORD) -> None:
        self.page.get_by_label("Nama atau e-mail").fill(login)
        self.page.get_by_label("Kata sandi atau PIN").fill(password)
        self.page.get_by_role("button", name="Masuk").click()

    def expect_error(self, text: str) -> None:
        expect(self.page.get_by_role("alert")).to_contain_text(text)
