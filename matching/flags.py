"""Flags: what a dinas officer should tell the UMKM about a match, with the numbers behind it.

Each builder takes plain numbers and returns a :class:`~matching.records.Flag` whose
``details`` hold those numbers (JSON-serialisable) and whose messages repeat them in one line,
Indonesian (``1.200 kg``, ``12,5%``) and English (``1,200 kg``, ``12.5%``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from .certificates import certificate_label
from .months import month_label
from .records import Flag

__all__ = [
    "CAPACITY_SHORTFALL",
    "CONTINUITY_GAP",
    "MISSING_CERTIFICATION",
    "EXPIRING_CERTIFICATION",
    "STALE_CAPACITY",
    "ESTIMATED_MONTHS",
    "UNIT_NOT_CONVERTIBLE",
    "COMMITTED_CAPACITY",
    "ESTIMATE_RULE_NAMES",
    "FLAG_CODES",
    "capacity_shortfall",
    "committed_capacity",
    "continuity_gap",
    "estimated_months",
    "shown_kg",
    "expiring_certification",
    "format_kg",
    "missing_certification",
    "stale_capacity",
    "unit_not_convertible",
]

#: Flag codes, as they appear in ``Flag.code`` and in the API.
CAPACITY_SHORTFALL = "CAPACITY_SHORTFALL"
CONTINUITY_GAP = "CONTINUITY_GAP"
MISSING_CERTIFICATION = "MISSING_CERTIFICATION"
EXPIRING_CERTIFICATION = "EXPIRING_CERTIFICATION"
STALE_CAPACITY = "STALE_CAPACITY"
ESTIMATED_MONTHS = "ESTIMATED_MONTHS"
UNIT_NOT_CONVERTIBLE = "UNIT_NOT_CONVERTIBLE"
COMMITTED_CAPACITY = "COMMITTED_CAPACITY"
FLAG_CODES: tuple[str, ...] = (
    CAPACITY_SHORTFALL,
    CONTINUITY_GAP,
    MISSING_CERTIFICATION,
    EXPIRING_CERTIFICATION,
    STALE_CAPACITY,
    ESTIMATED_MONTHS,
    UNIT_NOT_CONVERTIBLE,
    COMMITTED_CAPACITY,
)

#: Estimation rule codes (as stored in the index) -> names used in flags.
ESTIMATE_RULE_NAMES: tuple[str, ...] = ("reported", "year_ago", "recent_mean", "no_data")

_MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def shown_kg(value: float) -> float:
    """A kg figure as shown: 0.1 kg, or whole grams when it is not 0 yet under 0.05 kg (a
    shortfall of 40 g reads 0.04 kg, never 0 kg)."""
    tenths = round(value, 1)
    return tenths if tenths or not value else round(value, 3)


@lru_cache(maxsize=16384)
def _number(value: float, lang: str) -> str:
    """Thousands separators ("." in Indonesian, "," in English); one decimal only if needed
    (up to three, whole grams, for a figure that is not 0 yet under 0.05)."""
    tenths = round(value * 10)
    if tenths == 0 and round(value, 3) != 0:
        text = f"{value:.3f}".rstrip("0")
        return text.replace(".", ",") if lang == "id" else text
    if tenths % 10 == 0:
        text = f"{tenths // 10:,}"
        return text.replace(",", ".") if lang == "id" else text
    text = f"{tenths / 10:,.1f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_kg(value: float, lang: str = "id") -> str:
    """``1200 -> "1.200 kg"`` (id) or ``"1,200 kg"`` (en)."""
    return f"{_number(value, lang)} kg"


def _pct(value: float, lang: str) -> str:
    return f"{_number(value, lang)}%"


@lru_cache(maxsize=4096)
def _month(m: int, lang: str) -> str:
    year, month0 = divmod(m, 12)
    return f"{(_MONTHS_ID if lang == 'id' else _MONTHS_EN)[month0]} {year}"


def _day(day: date, lang: str) -> str:
    return f"{day.day} {_month(day.year * 12 + day.month - 1, lang)}"


def capacity_shortfall(average_kg: float, quota_kg: float) -> Flag:
    """Average monthly capacity over the window (kg/month) below the quota (kg/month)."""
    shortfall = shown_kg(quota_kg - average_kg)
    pct = round(100.0 * shortfall / quota_kg, 1)
    details: dict[str, object] = {
        "shortfall_kg_per_month": shortfall,
        "shortfall_pct": pct,
        "average_capacity_kg": round(average_kg, 1),
        "quota_kg": round(float(quota_kg), 1),
    }
    return Flag(
        code=CAPACITY_SHORTFALL,
        details=details,
        message_id=(
            f"Rata-rata kapasitas {format_kg(average_kg, 'id')}/bulan, kurang "
            f"{format_kg(shortfall, 'id')}/bulan ({_pct(pct, 'id')}) dari kuota "
            f"{format_kg(quota_kg, 'id')}/bulan."
        ),
        message_en=(
            f"Average capacity is {format_kg(average_kg, 'en')}/month, "
            f"{format_kg(shortfall, 'en')}/month ({_pct(pct, 'en')}) short of the "
            f"{format_kg(quota_kg, 'en')}/month quota."
        ),
    )


def continuity_gap(gaps: Sequence[tuple[int, float]], quota_kg: float, window_months: int) -> Flag:
    """Window months (month index, capacity kg) whose capacity is below the quota."""
    rows = [
        {
            "month": month_label(m),
            "capacity_kg": round(cap, 1),
            "shortfall_kg": shown_kg(quota_kg - cap),
        }
        for m, cap in gaps
    ]

    def listing(lang: str) -> str:
        word = "kurang" if lang == "id" else "short"
        return ", ".join(
            f"{_month(m, lang)} ({word} {format_kg(quota_kg - cap, lang)})" for m, cap in gaps
        )

    return Flag(
        code=CONTINUITY_GAP,
        details={"months": rows, "count": len(rows), "window_months": window_months},
        message_id=(
            f"Kapasitas di bawah kuota {format_kg(quota_kg, 'id')} pada {len(rows)} dari "
            f"{window_months} bulan: {listing('id')}."
        ),
        message_en=(
            f"Capacity is below the {format_kg(quota_kg, 'en')} quota in {len(rows)} of "
            f"{window_months} months: {listing('en')}."
        ),
    )


def missing_certification(types: Sequence[str], expired: Sequence[tuple[str, date]]) -> Flag:
    """Required certificate ``types`` not held or already expired (``expired``: type, date)."""
    # messages name certificates as people write them ("BPOM MD"); details keep the codes
    label = certificate_label
    expired_note_id = "".join(f"; {label(t)} kedaluwarsa {_day(d, 'id')}" for t, d in expired)
    expired_note_en = "".join(f"; {label(t)} expired on {_day(d, 'en')}" for t, d in expired)
    listed = ", ".join(label(t) for t in types)
    return Flag(
        code=MISSING_CERTIFICATION,
        details={
            "types": list(types),
            "expired": [{"type": t, "expires_on": d.isoformat()} for t, d in expired],
        },
        message_id=f"Belum memiliki sertifikat yang diminta: {listed}{expired_note_id}.",
        message_en=f"Missing required certificates: {listed}{expired_note_en}.",
    )


def expiring_certification(cert_type: str, expires_on: date, window_end_month: int) -> Flag:
    """A required certificate valid today but expiring before the window's last month ends."""
    label = certificate_label(cert_type)  # as people write it ("BPOM MD"); details keep the code
    return Flag(
        code=EXPIRING_CERTIFICATION,
        details={
            "type": cert_type,
            "expires_on": expires_on.isoformat(),
            "window_end_month": month_label(window_end_month),
        },
        message_id=(
            f"Sertifikat {label} berlaku sampai {_day(expires_on, 'id')}, sebelum akhir "
            f"periode pesanan ({_month(window_end_month, 'id')}); perlu diperpanjang."
        ),
        message_en=(
            f"{label} certificate expires on {_day(expires_on, 'en')}, before the order "
            f"period ends ({_month(window_end_month, 'en')}); it needs renewing."
        ),
    )


def stale_capacity(
    last_updated: date | None, months_since_update: int | None, stale_after_months: int
) -> Flag:
    """Capacity not updated for more than ``stale_after_months`` calendar months (or never)."""
    details: dict[str, object] = {
        "last_updated": last_updated.isoformat() if last_updated else None,
        "months_since_update": months_since_update,
        "stale_after_months": stale_after_months,
    }
    if last_updated is None:
        return Flag(
            code=STALE_CAPACITY,
            details=details,
            message_id="Data kapasitas belum pernah diisi; mohon isi kapasitas bulanan.",
            message_en="Capacity has never been reported; please enter monthly capacity.",
        )
    return Flag(
        code=STALE_CAPACITY,
        details=details,
        message_id=(
            f"Data kapasitas terakhir diperbarui {_day(last_updated, 'id')} "
            f"({months_since_update} bulan lalu, batas {stale_after_months} bulan); "
            "mohon perbarui."
        ),
        message_en=(
            f"Capacity was last updated on {_day(last_updated, 'en')} "
            f"({months_since_update} months ago, limit {stale_after_months}); please update it."
        ),
    )


def _runs(months: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending month indexes as (first, last) runs of consecutive months."""
    runs: list[tuple[int, int]] = []
    for m in months:
        if runs and m == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def _months_text(months: Sequence[int], lang: str) -> str:
    """ "Jan 2025", "Jan 2025–Mar 2025" or, with gaps, "Jan 2025–Feb 2025, Apr 2025"."""
    return ", ".join(
        _month(first, lang) if first == last else f"{_month(first, lang)}–{_month(last, lang)}"
        for first, last in _runs(sorted(months))
    )


def _count_months(count: int, lang: str) -> str:
    if lang == "id":
        return f"{count} bulan"
    return f"{count} month" if count == 1 else f"{count} months"


_ESTIMATE_WORDS = {
    "id": {
        "year_ago": "dari bulan yang sama tahun lalu",
        "recent_mean": "dari rata-rata hingga 3 laporan terakhir",
        "no_data": "tanpa data (dianggap 0 kg)",
    },
    "en": {
        "year_ago": "from the same month last year",
        "recent_mean": "from the mean of up to 3 latest reports",
        "no_data": "with no data (taken as 0 kg)",
    },
}


def estimated_months(rows: Sequence[tuple[int, str, float]]) -> Flag:
    """Window months (month index, rule name, estimated kg rounded to 0.1) with no report.

    The details list every month with its estimate; the message counts months per rule and
    names them (runs of consecutive months as "first–last").
    """
    message_id, message_en = _estimated_messages(tuple((m, rule) for m, rule, _ in rows))
    return Flag(
        code=ESTIMATED_MONTHS,
        details={
            "months": [
                {"month": month_label(m), "rule": rule, "capacity_kg": kg} for m, rule, kg in rows
            ],
            "count": len(rows),
        },
        message_id=message_id,
        message_en=message_en,
    )


@lru_cache(maxsize=4096)
def _estimated_messages(months: tuple[tuple[int, str], ...]) -> tuple[str, str]:
    """The two messages of :func:`estimated_months`, which name only months and rules: the
    matches of one query, and the queries of one window, share them."""
    per_rule: dict[str, list[int]] = {}
    for m, rule in months:
        per_rule.setdefault(rule, []).append(m)
    parts = [_estimated_part(rule, tuple(found)) for rule, found in per_rule.items()]
    count = len(months)
    return (
        f"Kapasitas {count} bulan tidak dilaporkan dan diperkirakan: "
        f"{'; '.join(part_id for part_id, _ in parts)}.",
        f"Capacity for {_count_months(count, 'en')} was not reported and is "
        f"estimated: {'; '.join(part_en for _, part_en in parts)}.",
    )


@lru_cache(maxsize=4096)
def _estimated_part(rule: str, months: tuple[int, ...]) -> tuple[str, str]:
    """One rule's part of the messages ("2 bulan (Jan 2025–Feb 2025) dari bulan yang sama
    tahun lalu"): products whose months mix the rules differently share the parts."""
    return (
        f"{_count_months(len(months), 'id')} ({_months_text(months, 'id')}) "
        f"{_ESTIMATE_WORDS['id'][rule]}",
        f"{_count_months(len(months), 'en')} ({_months_text(months, 'en')}) "
        f"{_ESTIMATE_WORDS['en'][rule]}",
    )


def unit_not_convertible(side: str) -> Flag:
    """``side`` "demand": the request's unit has no kg conversion; "product": the capacity's."""
    if side == "demand":
        message_id = (
            "Satuan kuota pembeli tidak dapat dikonversi ke kg, sehingga cakupan kapasitas "
            "dan kontinuitas tidak dapat dihitung (dinilai 0)."
        )
        message_en = (
            "The buyer's quota unit cannot be converted to kg, so capacity coverage and "
            "continuity cannot be computed (scored 0)."
        )
    else:
        message_id = (
            "Kapasitas produk dicatat dalam satuan hitungan tanpa berat per unit, sehingga "
            "cakupan kapasitas tidak dapat dihitung (dinilai 0); mohon isi berat per unit."
        )
        message_en = (
            "The product's capacity is in counted units with no unit weight, so capacity "
            "coverage cannot be computed (scored 0); please enter a unit weight."
        )
    return Flag(
        code=UNIT_NOT_CONVERTIBLE,
        details={"side": side},
        message_id=message_id,
        message_en=message_en,
    )


def committed_capacity(rows: Sequence[tuple[int, float | None, float, float | None]]) -> Flag:
    """Window months (month index, capacity kg reported or estimated, kg committed to signed
    deals, kg still available) in which deals already hold part of the capacity; capacity
    and available are None when the product's capacity has no kg figure.

    The message reads as an officer says it: "kapasitas 1.200 kg, 500 kg sudah terikat
    kontrak"; months with the same figures are named together."""
    groups: dict[tuple[float | None, float, float | None], list[int]] = {}
    for m, capacity, committed, available in rows:
        groups.setdefault((capacity, committed, available), []).append(m)

    def listing(lang: str) -> str:
        parts = []
        for (capacity, committed, available), months in groups.items():
            when = _months_text(months, lang)
            if lang == "id":
                text = f"{when}: {format_kg(committed, 'id')} sudah terikat kontrak"
                if capacity is not None and available is not None:
                    text = (
                        f"{when}: kapasitas {format_kg(capacity, 'id')}, "
                        f"{format_kg(committed, 'id')} sudah terikat kontrak "
                        f"(tersedia {format_kg(available, 'id')})"
                    )
            else:
                text = f"{when}: {format_kg(committed, 'en')} already committed under contract"
                if capacity is not None and available is not None:
                    text = (
                        f"{when}: capacity {format_kg(capacity, 'en')}, "
                        f"{format_kg(committed, 'en')} already committed under contract "
                        f"({format_kg(available, 'en')} available)"
                    )
            parts.append(text)
        return "; ".join(parts)

    count = len(rows)
    return Flag(
        code=COMMITTED_CAPACITY,
        details={
            "months": [
                {
                    "month": month_label(m),
                    "capacity_kg": None if capacity is None else round(capacity, 1),
                    "committed_kg": shown_kg(committed),
                    "available_kg": None if available is None else round(available, 1),
                }
                for m, capacity, committed, available in rows
            ],
            "count": count,
        },
        message_id=f"Kapasitas {count} bulan sebagian sudah terikat kontrak: {listing('id')}.",
        message_en=f"Part of the capacity for {_count_months(count, 'en')} is already committed "
        f"under contract: {listing('en')}.",
    )
