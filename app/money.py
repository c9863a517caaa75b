"""Rupiah as people read them: "Rp13,7 miliar" in Indonesian, "IDR 13.7 billion" in English.

Amounts are whole rupiah (int). Large amounts are shown in the largest scale word they reach,
to one decimal (rounded half up, a trailing ",0" dropped; 999,960,000 is "Rp1 miliar");
amounts under a million in full
with thousands separators ("Rp950.000", "IDR 950,000").
"""

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["SCALES", "format_idr", "format_idr_full"]

# (size, Indonesian word, English word), largest first
SCALES: tuple[tuple[int, str, str], ...] = (
    (10**12, "triliun", "trillion"),
    (10**9, "miliar", "billion"),
    (10**6, "juta", "million"),
)


def _grouped(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


def format_idr_full(amount: int, lang: str = "id") -> str:
    """Every rupiah: "Rp13.700.000.000" (id) or "IDR 13,700,000,000" (en)."""
    sign = "-" if amount < 0 else ""
    if lang == "id":
        return f"{sign}Rp{_grouped(abs(amount), '.')}"
    return f"{sign}IDR {_grouped(abs(amount), ',')}"


def format_idr(amount: int, lang: str = "id") -> str:
    """A short form: "Rp13,7 miliar" (id) or "IDR 13.7 billion" (en)."""
    magnitude = abs(amount)
    for size, word_id, word_en in SCALES:
        scaled = (Decimal(magnitude) / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        # 999,960,000 is "Rp1 miliar", not "Rp1000 juta"
        if magnitude >= SCALES[-1][0] and scaled >= 1:
            text = f"{scaled:f}".removesuffix(".0")
            sign = "-" if amount < 0 else ""
            if lang == "id":
                return f"{sign}Rp{text.replace('.', ',')} {word_id}"
            return f"{sign}IDR {text} {word_en}"
    return format_idr_full(amount, lang)
