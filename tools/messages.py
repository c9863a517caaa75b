"""Extract the pages' strings into their gettext catalogues (app/web/locale), per domain.

    .venv/bin/python tools/messages.py                  # update every domain's .po files
    .venv/bin/python tools/messages.py --new owner      # start a new domain (id and en)
    .venv/bin/python tools/messages.py --check          # report what is missing, change nothing

New strings appear in ``id`` with an empty translation (fill it in) and in ``en`` with the
English message id as its translation. Strings no longer used are dropped. The same as
``pybabel extract -F babel.cfg`` over a domain's files, then ``pybabel update -D <domain>``,
without a .pot file to keep. The catalogues are compiled when the app starts (no .mo files).
"""

import argparse
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.web import i18n  # noqa: E402


def _path(lang: str, domain: str) -> Path:
    return i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _catalog(lang: str, domain: str, **kwargs: object) -> Catalog:
    return Catalog(
        locale=lang,
        domain=domain,
        project="Temu Dagang",
        version="1",
        copyright_holder="Temu Dagang",
        msgid_bugs_address="",
        fuzzy=False,
        **kwargs,  # type: ignore[arg-type]
    )


def _read(lang: str, domain: str) -> Catalog:
    path = _path(lang, domain)
    if not path.exists():
        return _catalog(lang, domain)
    with path.open("rb") as po:
        return read_po(po, locale=lang, domain=domain)


def update(domain: str, *, check: bool) -> list[str]:
    """Bring `domain`'s catalogues in line with its code; the problems found (check)."""
    used = i18n.extract_messages(domain)
    problems = []
    for lang in i18n.LANGUAGES:
        old = _read(lang, domain)
        # the old dates, so a file changes only when its messages do
        new = _catalog(
            lang, domain, creation_date=old.creation_date, revision_date=old.revision_date
        )
        for msgid, places in sorted(used.items(), key=lambda pair: str(pair[0])):
            before = old.get(msgid)
            text = before.string if before is not None and not before.fuzzy else ""
            if isinstance(msgid, tuple):
                forms = new.num_plurals
                text = tuple(text) if isinstance(text, tuple | list) else ()
                if lang == "en" and not any(text):
                    text = msgid[:forms]
                if len(text) != forms:
                    text = ("",) * forms
            elif lang == "en" and not text:
                text = msgid
            if not (all(text) if isinstance(text, tuple) else text):
                problems.append(f"{lang}/{domain}.po: no translation of {msgid!r} ({places[0]})")
            locations = [
                (place.rsplit(":", 1)[0], int(place.rsplit(":", 1)[1])) for place in places
            ]
            flags = ["python-format"] if "%(" in str(msgid) else []
            new.add(msgid, text, locations=locations, flags=flags)
        for message in old:
            if message.id and message.id not in used:
                problems.append(f"{lang}/{domain}.po: {message.id!r} is no longer used")
        if not check:
            buffer = BytesIO()
            write_po(buffer, new, width=100, sort_output=True)
            path = _path(lang, domain)
            if not path.exists() or path.read_bytes() != buffer.getvalue():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(buffer.getvalue())
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 on problems")
    parser.add_argument("--new", metavar="DOMAIN", help="start the catalogues of a new domain")
    args = parser.parse_args()
    domains = i18n.domains()
    if args.new:
        domains = sorted(set(domains) | {args.new})
    problems = []
    for domain in domains:
        problems += update(domain, check=args.check)
    for problem in problems:
        print(problem)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
