"""The pages' foundation in a real browser: sign-in, the language switch, the offline /docs,
and the session that expires."""

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PASSWORD, STAFF_EMAIL, Tab, open_tab, start_server
from tests.browser.pages import SignInPage


def test_staff_signs_in_and_switches_to_english(tab: Tab) -> None:
    page = tab.page
    signin = SignInPage(page).open()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    tab.screenshot("sign-in")
    signin.sign_in(password="bukan-ini")
    signin.expect_error("Nama/e-mail atau kata sandi salah.")
    signin.sign_in()
    expect(page).to_have_url(f"{tab.base_url}/console")
    expect(page.get_by_role("heading", level=1)).to_have_text("Yang perlu Anda tangani hari ini")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you today")
    page.get_by_role("link", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{tab.base_url}/sign-in")


def test_the_keyboard_signs_in_and_skips_to_content(tab: Tab) -> None:
    page = tab.page
    SignInPage(page).open()
    login = page.get_by_label("Nama atau e-mail")
    expect(login).to_be_focused()  # autofocus: type at once
    page.keyboard.type(STAFF_EMAIL)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Kata sandi atau PIN")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Masuk")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{tab.base_url}/console")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_docs_render_offline(tab: Tab) -> None:
    page = tab.page
    page.goto("/docs")
    # Swagger UI drew the operations from /openapi.json with its own local script
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Temu Dagang")
    expect(page.locator(".opblock").first).to_be_visible()
    tab.screenshot("docs")


def test_a_session_expires(browser: Any, demo_database: str, tmp_path: Path) -> None:
    """A server whose sessions last 3 seconds: the next page asks to sign in again. (The
    absolute limit: polling for the idle one would keep the session alive; the idle limit
    is tested in tests/web/test_sign_in.py.)"""
    short = start_server(demo_database, tmp_path / "short.log", WEB_SESSION_ABSOLUTE_SECONDS="3")
    tab = open_tab(browser, short, DESKTOP)
    try:
        page = tab.page
        SignInPage(page).open().sign_in()
        expect(page).to_have_url(f"{short.url}/console")
        # wait until the server no longer takes the session, then open a page
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Yang perlu Anda tangani hari ini"
        )
        page.evaluate(
            """() => {
                window.sessionEnded = false;
                const ask = async () => {
                    const answer = await fetch('/console', {redirect: 'manual'});
                    if (answer.type === 'opaqueredirect') window.sessionEnded = true;
                    else setTimeout(ask, 250);
                };
                ask();
            }"""
        )
        page.wait_for_function("() => window.sessionEnded === true", timeout=15_000)
        page.reload()
        expect(page).to_have_url(f"{short.url}/sign-in?next=/console&expired=true")
        expect(page.get_by_role("status").first).to_contain_text("Sesi Anda telah berakhir")
        tab.screenshot("session-expired")
    finally:
        page.context.close()
        short.stop()
    assert tab.foreign == []
