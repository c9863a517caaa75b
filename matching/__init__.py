"""Temu Dagang matching: rank UMKM products for a foreign buyer's request.

A pure library (numpy, scipy, scikit-learn): plain dataclasses in, ranked matches with
flags out. See ``matching/README.md`` for how product fit and the total score are computed.
"""

from .estimate import estimate_matrix, estimate_row
from .flags import (
    CAPACITY_SHORTFALL,
    COMMITTED_CAPACITY,
    CONTINUITY_GAP,
    ESTIMATED_MONTHS,
    EXPIRING_CERTIFICATION,
    FLAG_CODES,
    MISSING_CERTIFICATION,
    STALE_CAPACITY,
    UNIT_NOT_CONVERTIBLE,
    format_kg,
)
from .index import RELATED_FIT, SAME_KIND_FIT, MatchIndex
from .memory import release_free_memory
from .months import month_end, month_index, month_label, month_of, parse_month
from .records import (
    CERTIFICATE_TYPES,
    NO_DAY,
    Certificate,
    Demand,
    Flag,
    Match,
    MatchComponents,
    MonthSupply,
    ScoreWeights,
    StateDetail,
    SupplyColumns,
    SupplyProduct,
)
from .snapshot import fingerprint, load_snapshot, save_snapshot
from .states import (
    Categories,
    ProductFilter,
    ProductIdentity,
    ProductStates,
    product_identity,
    product_matches,
)
from .text import Concept, ConceptSet, Glossary, describe_hs, load_hs_descriptions, normalise

__all__ = [
    "CAPACITY_SHORTFALL",
    "COMMITTED_CAPACITY",
    "CONTINUITY_GAP",
    "MISSING_CERTIFICATION",
    "EXPIRING_CERTIFICATION",
    "STALE_CAPACITY",
    "ESTIMATED_MONTHS",
    "UNIT_NOT_CONVERTIBLE",
    "FLAG_CODES",
    "CERTIFICATE_TYPES",
    "NO_DAY",
    "RELATED_FIT",
    "SAME_KIND_FIT",
    "Categories",
    "Certificate",
    "Concept",
    "ConceptSet",
    "Demand",
    "Flag",
    "Glossary",
    "Match",
    "MatchComponents",
    "MatchIndex",
    "MonthSupply",
    "ProductFilter",
    "ProductIdentity",
    "ProductStates",
    "ScoreWeights",
    "StateDetail",
    "SupplyColumns",
    "SupplyProduct",
    "describe_hs",
    "estimate_matrix",
    "fingerprint",
    "load_snapshot",
    "save_snapshot",
    "estimate_row",
    "format_kg",
    "load_hs_descriptions",
    "month_end",
    "month_index",
    "month_label",
    "month_of",
    "normalise",
    "parse_month",
    "product_identity",
    "product_matches",
    "release_free_memory",
]
