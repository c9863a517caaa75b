"""Languages of the pages: gettext catalogues (Babel), the page's language, and the formats
people read numbers, rupiah and months in.

Catalogues. Message ids are English. Each area of the console has its own gettext domain, so
several people can add strings without editing one file: ``locale/<lang>/LC_MESSAGES/
<domain>.po``. The domain ``base`` holds the layout, sign-in and errors (``app/web/*.py``,
``app/web/templates/*.html``); a domain ``<area>`` holds ``app/web/<area>/`` and
``app/web/templates/<area>/`` (see ``domain_sources``). At start-up every ``.po`` file of a
language is compiled in memory (no ``.mo`` files, no build step) and merged into one
catalogue, so templates simply call ``_()``; ``dgettext(domain, ...)`` also works.

``id`` is the default language; ``en`` is complete (a test checks both catalogues against the
strings extracted from the code, see tests/web/test_i18n.py). Extracting strings:
``.venv/bin/python tools/messages.py`` (``--check`` only reports).
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from fastapi import Request

from app.money import format_idr, format_idr_full

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANG_COOKIE",
    "N_",
    "format_date_long",
    "format_kg",
    "format_month",
    "format_number",
    "format_percent_of",
    "format_rupiah",
    "language_of",
    "translations",
]

WEB_DIR = Path(__file__).resolve().parent
LOCALE_DIR = WEB_DIR / "locale"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LANG_COOKIE = "lang"
# What the language switch shows (each language in its own words).
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, translate later")
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


def domains() -> list[str]:
    """The gettext domains: one ``.po`` file per domain in the default language's folder."""
    folder = LOCALE_DIR / DEFAULT_LANGUAGE / "LC_MESSAGES"
    return sorted(path.stem for path in folder.glob("*.po"))


def domain_sources(domain: str) -> list[Path]:
    """The files whose strings belong to `domain` (what the extraction reads)."""
    if domain == "base":
        return sorted(WEB_DIR.glob("*.py")) + sorted((WEB_DIR / "templates").glob("*.html"))
    return sorted((WEB_DIR / domain).rglob("*.py")) + sorted(
        (WEB_DIR / "templates" / domain).rglob("*.html")
    )


def _compile(path: Path, lang: str, domain: str) -> Translations:
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang, domain=domain)
    buffer = BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


@cache
def translations(lang: str) -> NullTranslations:
    """Every domain's catalogue of `lang` merged into one (compiled once per process)."""
    merged: Translations | None = None
    for domain in domains():
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        catalogue = _compile(path, lang, domain)
        if merged is None:
            merged = catalogue
        else:
            merged.merge(catalogue)
            merged.add(catalogue, merge=False)  # for dgettext(domain, ...)
    return merged if merged is not None else NullTranslations()


def _accepted(header: str) -> Iterable[str]:
    """Languages of an Accept-Language header, most wanted first."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, position, name.strip().lower().split("-")[0]))
    return [name for quality, _, name in sorted(weighted) if quality < 0]


def language_of(http: Request) -> str:
    """The page's language: the ``lang`` cookie the switch sets, else the browser's
    Accept-Language, else Indonesian."""
    chosen = http.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    for name in _accepted(http.headers.get("accept-language", "")):
        if name in LANGUAGES:
            return name
    return DEFAULT_LANGUAGE


def format_number(value: int | float | Decimal | None, lang: str, digits: int = 3) -> str:
    """ "1.500" and "2,5" in id, "1,500" and "2.5" in en; at most `digits` decimals."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang)


def format_kg(value: int | float | Decimal | None, lang: str) -> str:
    """ "1.500 kg" (id), "1,500 kg" (en); whole kilograms above 100, else one decimal."""
    if value is None:
        return "–"
    digits = 0 if abs(Decimal(str(value))) >= 100 else 1
    return f"{format_number(value, lang, digits)} kg"


def format_rupiah(amount: int | None, lang: str, *, full: bool = False) -> str:
    """ "Rp13,7 miliar" / "IDR 13.7 billion" (app.money); `full`: every rupiah."""
    if amount is None:
        return "–"
    return format_idr_full(amount, lang) if full else format_idr(amount, lang)


def format_month(month: date | None, lang: str) -> str:
    """ "Januari 2027" (id), "January 2027" (en)."""
    if month is None:
        return "–"
    return format_date(month, "LLLL y", locale=lang)


def format_date_long(day: date | datetime | None, lang: str) -> str:
    """ "29 November 2026"."""
    if day is None:
        return "–"
    return format_date(day, "d MMMM y", locale=lang)


def format_percent_of(share: float | Decimal | None, lang: str) -> str:
    """A share 0..1 as "75%" ("75 %" is not how either language writes it here)."""
    if share is None:
        return "–"
    return format_percent(share, format="#,##0%", locale=lang)


MessageId = str | tuple[str, ...]  # a plural message: (singular, plural)


def extract_messages(domain: str) -> dict[MessageId, tuple[str, ...]]:
    """The message ids the code and templates of `domain` use, each with the places it is
    used ("app/web/pages.py:42"); what tools/messages.py writes into the catalogues."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    root = WEB_DIR.parents[1]
    found: dict[MessageId, list[str]] = {}
    for path in domain_sources(domain):
        method = "python" if path.suffix == ".py" else "jinja2"
        options = {} if method == "python" else {"extensions": "jinja2.ext.i18n"}
        for line, message, _comments, _context in extract_from_file(
            method, str(path), keywords=DEFAULT_KEYWORDS, options=options
        ):
            msgid: MessageId = message if isinstance(message, str) else tuple(message[:2])
            if msgid and all(
                isinstance(part, str) for part in (msgid if isinstance(msgid, tuple) else [msgid])
            ):
                found.setdefault(msgid, []).append(f"{path.relative_to(root)}:{line}")
    return {msgid: tuple(places) for msgid, places in found.items()}
