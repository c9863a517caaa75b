"""The ranked matches of a request as a spreadsheet (CSV or XLSX), in the reader's language,
and the contacts of the matched UMKM that the caller may see.

Contacts: a staff session reads only its own office's UMKM (app.offices), so the UMKM of
other offices in a ranking come back without a contact (reach them through their office).
"""

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import reference, schemas
from app.models import Office, Umkm
from app.spreadsheets import write_csv, write_xlsx

__all__ = ["Contact", "contacts_for", "export_matches"]

FileFormat = Literal["csv", "xlsx"]

HEADERS = {
    "id": (
        "Peringkat", "UMKM", "Produk", "Kabupaten/Kota", "Provinsi", "Skor",
        "Bulan memenuhi kuota", "Kecocokan produk", "Catatan", "Telepon", "E-mail",
    ),
    "en": (
        "Rank", "UMKM", "Product", "Regency/city", "Province", "Score",
        "Months meeting the quota", "Product fit", "Flags", "Phone", "E-mail",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Contact:
    owner_name: str | None
    phone: str | None
    email: str | None
    office_name: str | None


def contacts_for(session: Session, umkm_ids: Collection[int]) -> dict[int, Contact]:
    """Contacts of those of `umkm_ids` the session may read (for staff: its office's)."""
    if not umkm_ids:
        return {}
    rows = session.execute(
        select(Umkm.id, Umkm.owner_name, Umkm.phone, Umkm.email, Office.name)
        .outerjoin(Office, Office.id == Umkm.office_id)
        .where(Umkm.id.in_(sorted(set(umkm_ids))))
    ).all()
    return {row[0]: Contact(row[1], row[2], row[3], row[4]) for row in rows}


def _place(code: str, names: dict[str, reference.Region]) -> str:
    region = names.get(code)
    return region.name if region else code


def export_matches(
    matches: schemas.MatchList,
    contacts: dict[int, Contact],
    *,
    lang: str,
    file_format: FileFormat,
) -> bytes:
    """One row per ranked candidate, the columns named in `lang` ("id" or "en")."""
    regencies, provinces = reference.regencies(), reference.provinces()
    rows = []
    for item in matches.items:
        contact = contacts.get(item.umkm_id)
        rows.append(
            (
                item.rank,
                item.umkm_name,
                item.product_name,
                _place(item.regency_code, regencies),
                _place(item.province_code, provinces),
                Decimal(str(round(item.score, 1))),
                item.quota_note_id if lang == "id" else item.quota_note_en,
                item.fit_reason_id if lang == "id" else item.fit_reason_en,
                " | ".join(f.message_id if lang == "id" else f.message_en for f in item.flags),
                contact.phone if contact else None,
                contact.email if contact else None,
            )
        )
    headers = HEADERS["id" if lang == "id" else "en"]
    if file_format == "csv":
        return write_csv(headers, rows)
    return write_xlsx(headers, rows, sheet="matches" if lang == "en" else "kandidat")
