"""Choices the console's forms offer, from the services and the reference data."""

from sqlalchemy.orm import Session

from app import reference
from app.services import buyers as buyer_service
from matching.certificates import certificate_types

# A form lists at most this many buyers (an office has tens, not thousands).
BUYER_CHOICES = 200


def buyer_options(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the office's buyers, by name."""
    found = buyer_service.list_buyers(session=session, limit=BUYER_CHOICES, offset=0)
    return sorted(((b.id, b.name) for b in found.items), key=lambda pair: pair[1].lower())


def certificate_options(lang: str) -> list[tuple[str, str]]:
    """(code, full name in `lang`) of every certificate type (matching/data)."""
    return [
        (kind.code, f"{kind.label} – {kind.name_id if lang == 'id' else kind.name_en}")
        for kind in certificate_types()
    ]


def country_options() -> list[tuple[str, str]]:
    return sorted(
        ((c.alpha2, f"{c.name} ({c.alpha2})") for c in reference.countries().values()),
        key=lambda pair: pair[1],
    )


def certificate_names(lang: str) -> dict[str, str]:
    return {
        kind.code: kind.name_id if lang == "id" else kind.name_en for kind in certificate_types()
    }
