"""One-line reasons, in Indonesian and English, for a returned match: why its product fits
and how many of the window's months meet the quota.

Built only for the matches a query returns (plain string work, no arrays).

* contradicts a state the request names: "beda olahan: nanas segar, diminta nanas kering" /
  "different process: nanas segar (fresh), nanas kering (dried) requested" (mutu / grade for
  grades, bahan / material for craft materials and cloth; a state word missing from a text
  is added in brackets, "(HS: non fermentasi)" when the product's HS code says it);
* same product, silent on a state asked for: "olahan belum pasti: nanas madu tidak menyebut
  kering, diminta nanas kering" / "process unconfirmed: nanas madu does not say dried, nanas
  kering requested";
* same product: "sama: kue salak = snake fruit cake" / "same product: kue salak = snake fruit
  cake"; related: "terkait: keripik nanas ~ nanas kering" / "related: ..."; another kind:
  "beda jenis: peyek kepiting, diminta kue salak" / "different kind: ...".
"""

from __future__ import annotations

from collections.abc import Sequence

from .product_fit import RELATED_FIT, SAME_KIND_FIT
from .records import StateDetail
from .states import AGREES, CONTRADICTS, NOT_ASKED, UNCONFIRMED, ProductStates

__all__ = ["fit_reason", "quota_note", "state_status"]


def state_status(details: Sequence[StateDetail]) -> str:
    """``not_asked`` (no detail), ``contradicts`` (any contradicts), ``unconfirmed`` (any is
    silent), else ``agrees``."""
    if not details:
        return NOT_ASKED
    statuses = {detail.status for detail in details}
    for status in (CONTRADICTS, UNCONFIRMED):
        if status in statuses:
            return status
    return AGREES


def _with_words(text: str, words: str, prefix: str = "") -> str:
    """``text`` followed by "(words)" unless every word is already in it."""
    if not words or all(word in text.split() for word in words.replace(",", " ").split()):
        return text
    return f"{text} ({prefix}{words})"


def fit_reason(
    *, fit: float, product: str, request: str, details: Sequence[StateDetail]
) -> tuple[str, str]:
    """(Indonesian, English) reason for a product fit of ``fit`` between ``product`` (its
    normalised name) and ``request`` (the request's normalised text), given the request's
    state ``details``. A state word that is not in the text it belongs to is added in
    brackets: "beda olahan: biji kakao asalan, diminta cocoa beans (fermentasi)";
    "different process: nanas segar (fresh), nanas kering (dried) requested"."""
    contradicting = [d for d in details if d.status == CONTRADICTS]
    if contradicting:
        detail = contradicting[0]
        word_id, word_en = ProductStates.dimension_words(detail.dimension)
        hs = "HS: " if detail.from_hs else ""
        return (
            f"beda {word_id}: {_with_words(product, detail.product_id, hs)}, diminta "
            f"{_with_words(request, detail.requested_id)}",
            f"different {word_en}: {_with_words(product, detail.product_en, hs)}, "
            f"{_with_words(request, detail.requested_en)} requested",
        )
    if fit >= SAME_KIND_FIT:
        silent = [d for d in details if d.status == UNCONFIRMED]
        if silent:
            word_id, word_en = ProductStates.dimension_words(silent[0].dimension)
            asked_id = ", ".join(d.requested_id for d in silent)
            asked_en = ", ".join(d.requested_en for d in silent)
            return (
                f"{word_id} belum pasti: {product} tidak menyebut {asked_id}, diminta {request}",
                f"{word_en} unconfirmed: {product} does not say {asked_en}, {request} requested",
            )
        return f"sama: {product} = {request}", f"same product: {product} = {request}"
    if fit >= RELATED_FIT:
        return f"terkait: {product} ~ {request}", f"related: {product} ~ {request}"
    return (
        f"beda jenis: {product}, diminta {request}",
        f"different kind: {product}, {request} requested",
    )


def quota_note(months_meeting_quota: int | None, window_months: int) -> tuple[str, str]:
    """(Indonesian, English): "memenuhi kuota 3 dari 12 bulan" / "meets the quota in 3 of
    12 months"; when the quota or the capacity has no kg figure, says it cannot compare."""
    if months_meeting_quota is None:
        return (
            "kuota tidak dapat dibandingkan: tidak ada angka kg",
            "the quota cannot be compared: no kg figure",
        )
    return (
        f"memenuhi kuota {months_meeting_quota} dari {window_months} bulan",
        f"meets the quota in {months_meeting_quota} of {window_months} months",
    )
