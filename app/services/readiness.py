"""Export readiness of one UMKM: six dimensions used in Indonesian export coaching, a grade,
and a development plan ranked by the open demand each change would unlock.

Every weight and threshold is in READINESS_RULES below; nothing else in the code decides them.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import schemas
from app.models import BuyerRequest, Capacity, Certificate, Product, Umkm
from app.months import add_months, first_of, from_label, months_between, months_text
from app.services import umkm as umkm_service
from app.services.deals import committed_kg
from app.services.matching import SupplyIndex, best_per_request
from matching import EXPIRING_CERTIFICATION, MISSING_CERTIFICATION, RELATED_FIT, Match, format_kg
from matching.certificates import certificate_label


@dataclass(frozen=True)
class ReadinessRules:
    """Weights and thresholds of the readiness score, in one place.

    Dimensions, each 0..100:

    - kualitas: certificates buyers ask for. The types required by the open requests the UMKM's
      products fit (product fit >= RELATED_FIT), NIB aside (it counts under legalitas); with no
      such request, the types it holds or held. Each type scores 1 when valid for more than
      ``expiry_warning_days``, 0.5 when it expires sooner, 0 when expired or missing.
    - kuantitas: how much of those requests' monthly quota its best product covers (the
      matching engine's capacity coverage of the capacity left after signed deals), averaged
      over the requests; with none, the median monthly capacity of the last 12 months not
      committed to agreed or delivering deals against ``reference_monthly_kg``.
    - kontinuitas: per product, share of the last 12 months reported x (1 - coefficient of
      variation of the reported figures), capacity-weighted over products.
    - legalitas: ``nib_points`` for a recorded NIB, ``hs_points`` x share of products with an
      HS code (needed on the export declaration, PEB), ``address_points`` for an address.
    - kesegaran data (freshness): 100 when capacity was written within ``fresh_months``,
      falling linearly to 0 at ``stale_months``; never written = 0.
    - pengalaman ekspor: 100 when it has exported, ``koperasi_points`` when it has not but
      belongs to a koperasi (which can consolidate an export), else 0.

    The overall score is the weighted mean; the grade is the first of ``grades`` whose floor it
    reaches.
    """

    weights: dict[str, float] = field(
        default_factory=lambda: {
            "kualitas": 0.25,
            "kuantitas": 0.20,
            "kontinuitas": 0.20,
            "legalitas": 0.15,
            "kesegaran_data": 0.10,
            "pengalaman_ekspor": 0.10,
        }
    )
    expiry_warning_days: int = 180
    reference_monthly_kg: float = 1000.0
    nib_points: float = 60.0
    hs_points: float = 25.0
    address_points: float = 15.0
    fresh_months: int = 1
    stale_months: int = 12
    koperasi_points: float = 30.0
    # The plan asks for new capacity figures when none were written for this many months.
    plan_stale_after_months: int = 2
    grades: tuple[tuple[float, str, str, str], ...] = (
        (
            80.0,
            "A",
            "Siap ekspor: dapat menerima pesanan pembeli luar negeri",
            "Export-ready: can take foreign buyers' orders",
        ),
        (
            65.0,
            "B",
            "Hampir siap: tutup kekurangan dalam rencana pengembangan",
            "Nearly ready: close the gaps in the development plan",
        ),
        (
            45.0,
            "C",
            "Berkembang: perlu pendampingan sebelum ekspor",
            "Developing: needs coaching before exporting",
        ),
        (
            0.0,
            "D",
            "Tahap awal: mulai dari legalitas dan data kapasitas",
            "Early stage: start with legal documents and capacity data",
        ),
    )


READINESS_RULES = ReadinessRules()


@dataclass
class _Action:
    kind: str  # obtain | renew | raise_capacity | update_capacity
    subject: str
    requests_helped: list[int] = field(default_factory=list)
    requests_unlocked: list[int] = field(default_factory=list)
    demand_helped_kg: float = 0.0
    demand_unlocked_kg: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


def readiness(
    *, session: Session, umkm_id: int, index: SupplyIndex, rules: ReadinessRules = READINESS_RULES
) -> schemas.ReadinessRead:
    """The readiness of UMKM `umkm_id` (404 if there is none) as of the index's today."""
    umkm = umkm_service.get_umkm(session=session, umkm_id=umkm_id)
    today = index.today()
    this_month = first_of(today)
    first_month = add_months(this_month, -11)
    products = list(session.scalars(select(Product).where(Product.umkm_id == umkm.id)))
    product_ids = [p.id for p in products]
    certificates = list(session.scalars(select(Certificate).where(Certificate.umkm_id == umkm.id)))
    figures: dict[int, dict[date, float]] = defaultdict(dict)
    if product_ids:
        for product_id, month, grams in session.execute(
            select(Capacity.product_id, Capacity.month, Capacity.quantity_g).where(
                Capacity.product_id.in_(product_ids),
                Capacity.month >= first_month,
                Capacity.month <= this_month,
            )
        ):
            if grams is not None:
                figures[product_id][month] = grams / 1000

    # The open requests its products fit (an UMKM without products fits none).
    relevant = [
        (request, match)
        for request, match in (
            best_per_request(session=session, index=index, umkm_id=umkm.id) if product_ids else []
        )
        if match.components.product_fit >= RELATED_FIT
    ]

    dimensions = {
        "kualitas": _quality(certificates, relevant, today, rules),
        "kuantitas": _quantity(_available(session, figures), relevant, rules),
        "kontinuitas": _continuity(figures, rules),
        "legalitas": _legality(umkm, products, rules),
        "kesegaran_data": _freshness(products, today, rules),
        "pengalaman_ekspor": _experience(umkm, rules),
    }
    total_weight = sum(rules.weights.values())
    overall = round(
        sum(rules.weights[name] * dim["score"] for name, dim in dimensions.items()) / total_weight,
        1,
    )
    floor, grade, meaning_id, meaning_en = next(g for g in rules.grades if overall >= g[0])
    return schemas.ReadinessRead(
        umkm_id=umkm.id,
        as_of=today,
        overall=overall,
        grade=grade,
        grade_meaning_id=meaning_id,
        grade_meaning_en=meaning_en,
        dimensions=dimensions,
        weights=rules.weights,
        open_requests_considered=len(relevant),
        development_plan=_plan(relevant, products, today, rules),
    )


def _quality(
    certificates: list[Certificate],
    relevant: list[tuple[BuyerRequest, Match]],
    today: date,
    rules: ReadinessRules,
) -> dict[str, Any]:
    """Each certificate a fitting request asks for, judged on the product matched to it (the
    UMKM-wide certificates and that product's own), so this agrees with the plan: a type the
    matched product lacks is missing here and "obtain" there, one it holds that expires in
    the window is expiring here and "renew" there."""
    pairs: list[tuple[str, int | None]] = [
        (cert_type, match.product_id)
        for request, match in relevant
        for cert_type in dict.fromkeys(request.required_certifications)
        if cert_type != "NIB"
    ]
    basis = "required by open requests its products fit"
    if not pairs:
        pairs = [
            (cert_type, None) for cert_type in sorted({c.type for c in certificates} - {"NIB"})
        ]
        basis = "certificates it holds or held (no open request to go by)"
    warning = today + timedelta(days=rules.expiry_warning_days)
    valid: list[str] = []
    expiring: list[dict[str, str]] = []
    expired: list[dict[str, str]] = []
    missing: list[str] = []
    points = 0.0
    for cert_type, product_id in pairs:
        held = [
            c.expires_on
            for c in certificates
            if c.type == cert_type
            and (product_id is None or c.product_id is None or c.product_id == product_id)
        ]
        if not held:
            _add(missing, cert_type)
            continue
        expiry = None if None in held else max(d for d in held if d is not None)
        if expiry is None or expiry > warning:
            _add(valid, cert_type)
            points += 1
        elif expiry >= today:
            _add(expiring, {"type": cert_type, "expires_on": expiry.isoformat()})
            points += 0.5
        else:
            _add(expired, {"type": cert_type, "expires_on": expiry.isoformat()})
    score = round(100 * points / len(pairs), 1) if pairs else 0.0
    return {
        "score": score,
        "basis": basis,
        "wanted": sorted({cert_type for cert_type, _ in pairs}),
        "valid": sorted(valid),
        "expiring": sorted(expiring, key=lambda e: (e["type"], e["expires_on"])),
        "expired": sorted(expired, key=lambda e: (e["type"], e["expires_on"])),
        "missing": sorted(missing),
    }


def _add(found: list[Any], entry: Any) -> None:
    if entry not in found:
        found.append(entry)


def _available(
    session: Session, figures: dict[int, dict[date, float]]
) -> dict[int, dict[date, float]]:
    """The reported figures minus what agreed and delivering deals committed in those months
    (never below 0)."""
    months = {month for by_month in figures.values() for month in by_month}
    committed = committed_kg(session, list(figures), months)
    return {
        product_id: {
            month: max(0.0, kg - float(committed.get((product_id, month), 0)))
            for month, kg in by_month.items()
        }
        for product_id, by_month in figures.items()
    }


def _quantity(
    figures: dict[int, dict[date, float]],
    relevant: list[tuple[BuyerRequest, Match]],
    rules: ReadinessRules,
) -> dict[str, Any]:
    if relevant:
        coverage = [
            {
                "request_id": request.id,
                "quota_kg": request.quota_g / 1000,
                "coverage": match.components.capacity_coverage,
            }
            for request, match in relevant
        ]
        score = round(100 * statistics.fmean(c["coverage"] for c in coverage), 1)
        return {"score": score, "basis": "coverage of open requests' quota", "requests": coverage}
    totals: dict[date, float] = defaultdict(float)
    for months in figures.values():
        for month, kg in months.items():
            totals[month] += kg
    median = statistics.median(totals.values()) if totals else 0.0
    score = round(100 * min(1.0, median / rules.reference_monthly_kg), 1)
    return {
        "score": score,
        # the capacity left after signed deals (`_available`); the wording is issue 12's
        "basis": f"median monthly capacity against {rules.reference_monthly_kg:g} kg",
        "median_monthly_kg": median,
    }


def _continuity(figures: dict[int, dict[date, float]], rules: ReadinessRules) -> dict[str, Any]:
    per_product = []
    weighted, weights = 0.0, 0.0
    for product_id, months in sorted(figures.items()):
        values = list(months.values())
        mean = statistics.fmean(values) if values else 0.0
        cv = statistics.pstdev(values) / mean if mean > 0 else 1.0
        steadiness = len(values) / 12 * max(0.0, 1 - cv)
        per_product.append(
            {
                "product_id": product_id,
                "months_reported": len(values),
                "mean_kg": round(mean, 1),
                "cv": round(cv, 3),
                "steadiness": round(steadiness, 3),
            }
        )
        weighted += steadiness * mean
        weights += mean
    score = round(100 * weighted / weights, 1) if weights > 0 else 0.0
    return {"score": score, "products": per_product}


def _legality(umkm: Umkm, products: list[Product], rules: ReadinessRules) -> dict[str, Any]:
    with_hs = sum(1 for p in products if p.hs_code)
    share = with_hs / len(products) if products else 0.0
    score = (
        rules.nib_points * (umkm.nib is not None)
        + rules.hs_points * share
        + rules.address_points * bool(umkm.address)
    )
    return {
        "score": round(score, 1),
        "nib_recorded": umkm.nib is not None,
        "products_with_hs_code": with_hs,
        "products": len(products),
        "address_recorded": bool(umkm.address),
    }


def _freshness(products: list[Product], today: date, rules: ReadinessRules) -> dict[str, Any]:
    stamps = [p.capacity_updated_at for p in products if p.capacity_updated_at is not None]
    if not stamps:
        return {"score": 0.0, "last_update": None, "months_since_update": None}
    last = max(stamps).astimezone(UTC).date()
    months = months_between(last, today)
    span = rules.stale_months - rules.fresh_months
    score = 100 * min(1.0, max(0.0, 1 - (months - rules.fresh_months) / span))
    return {
        "score": round(score, 1),
        "last_update": last.isoformat(),
        "months_since_update": months,
    }


def _experience(umkm: Umkm, rules: ReadinessRules) -> dict[str, Any]:
    score = 100.0 if umkm.has_exported else rules.koperasi_points if umkm.koperasi else 0.0
    return {"score": score, "has_exported": umkm.has_exported, "koperasi": umkm.koperasi}


def _plan(
    relevant: list[tuple[BuyerRequest, Match]],
    products: list[Product],
    today: date,
    rules: ReadinessRules,
) -> list[schemas.PlanItem]:
    # Certificate advice follows the matched product's flags: a type it does not hold, or
    # whose certificate has already expired (a lapsed registration is applied for anew), is
    # "obtain"; one it holds that expires before the window ends is "renew". With several
    # products the advice names the product it is for.
    names = {p.id: p.name for p in products}
    several = len(products) > 1
    actions: dict[tuple[str, str], _Action] = {}
    for request, match in relevant:
        quota = request.quota_g / 1000
        needed: list[tuple[str, str]] = []
        flags = {flag.code: flag for flag in match.flags}
        if MISSING_CERTIFICATION in flags:
            types = flags[MISSING_CERTIFICATION].details["types"]
            assert isinstance(types, list)
            needed += [("obtain", str(t)) for t in types]
        for flag in match.flags:
            if flag.code == EXPIRING_CERTIFICATION:
                key = ("renew", str(flag.details["type"]))
                needed.append(key)
                renew = actions.setdefault(key, _Action("renew", key[1]))
                expires_on = str(flag.details["expires_on"])
                if expires_on < renew.details.get("expires_on", "9999-12-31"):
                    renew.details["expires_on"] = expires_on
        if several:
            for key in needed:
                action = actions.setdefault(key, _Action(key[0], key[1]))
                _add(action.details.setdefault("products", []), names.get(match.product_id, ""))
        short = [m for m in match.months if m.shortfall_kg]
        if short:
            key = ("raise_capacity", str(request.id))
            needed.append(key)
            actions[key] = _Action(
                "raise_capacity",
                str(request.id),
                details={
                    "request_id": request.id,
                    "product": request.product,
                    "umkm_product": names.get(match.product_id, ""),
                    "quota_kg": quota,
                    "months": [m.month for m in short],
                    "raise_kg_per_month": max(m.shortfall_kg or 0.0 for m in short),
                },
            )
        for key in needed:
            action = actions.setdefault(key, _Action(key[0], key[1]))
            action.requests_helped.append(request.id)
            action.demand_helped_kg += quota
            if len(needed) == 1:
                action.requests_unlocked.append(request.id)
                action.demand_unlocked_kg += quota
    plan = [_describe(action) for action in actions.values()]
    # A month counts as 31 days here, so the default of two months asks after 62 days.
    stale_after_days = 31 * rules.plan_stale_after_months
    stale = [
        p
        for p in products
        if p.capacity_updated_at is None
        or (today - p.capacity_updated_at.astimezone(UTC).date()).days > stale_after_days
    ]
    if stale:
        plan.append(
            {
                "action": "update_capacity",
                "subject": ", ".join(p.name for p in stale),
                "requests_helped": [],
                "requests_unlocked": [],
                "demand_helped_kg_per_month": 0.0,
                "demand_unlocked_kg_per_month": 0.0,
                "message_id": "Perbarui data kapasitas bulanan: "
                + ", ".join(p.name for p in stale),
                "message_en": "Update monthly capacity figures: "
                + ", ".join(p.name for p in stale),
            }
        )
    plan.sort(
        key=lambda a: (
            -a["demand_unlocked_kg_per_month"],
            -len(a["requests_unlocked"]),
            -a["demand_helped_kg_per_month"],
            a["action"],
            a["subject"],
        )
    )
    return [schemas.PlanItem(rank=rank, **item) for rank, item in enumerate(plan, start=1)]


def _describe(action: _Action) -> dict[str, Any]:
    n_unlocked = len(action.requests_unlocked)

    def gain(lang: str) -> str:
        if lang == "id":
            if n_unlocked:
                return (
                    f"memenuhi syarat untuk {n_unlocked} permintaan terbuka, "
                    f"{format_kg(action.demand_unlocked_kg, 'id')} per bulan"
                )
            return f"mengurangi kekurangan pada {len(action.requests_helped)} permintaan terbuka"
        if n_unlocked:
            return (
                f"qualifies for {n_unlocked} open request{'s' * (n_unlocked != 1)}, "
                f"{format_kg(action.demand_unlocked_kg, 'en')} per month"
            )
        return (
            f"closes a gap in {len(action.requests_helped)} open "
            f"request{'s' * (len(action.requests_helped) != 1)}"
        )

    label = certificate_label(action.subject)
    products = ", ".join(action.details.get("products", ()))
    for_id, for_en = (f" untuk {products}", f" for {products}") if products else ("", "")
    if action.kind == "obtain":
        text_id, text_en = f"Urus {label}{for_id}", f"Obtain {label}{for_en}"
    elif action.kind == "renew":
        until = action.details.get("expires_on", "")
        text_id, text_en = (
            f"Perpanjang {label}{for_id} (berlaku s.d. {until})",
            f"Renew {label}{for_en} (expires {until})",
        )
    else:
        # "by" the shortfall, "to" the quota, said apart in both languages
        months = [from_label(m) for m in action.details["months"]]
        raise_kg = action.details["raise_kg_per_month"]
        quota_kg = action.details["quota_kg"]
        text_id = (
            f"Naikkan kapasitas {months_text(months, 'id')} sebanyak paling banyak "
            f"{format_kg(raise_kg, 'id')} per bulan, menjadi {format_kg(quota_kg, 'id')} "
            f"per bulan, untuk {action.details['product']}"
        )
        text_en = (
            f"Raise capacity in {months_text(months, 'en')} by up to "
            f"{format_kg(raise_kg, 'en')} per month, to {format_kg(quota_kg, 'en')} per month, "
            f"for {action.details['product']}"
        )
    return {
        "action": action.kind,
        "subject": action.subject,
        "requests_helped": sorted(set(action.requests_helped)),
        "requests_unlocked": sorted(set(action.requests_unlocked)),
        "demand_helped_kg_per_month": round(action.demand_helped_kg, 3),
        "demand_unlocked_kg_per_month": round(action.demand_unlocked_kg, 3),
        **({"details": action.details} if action.details else {}),
        "message_id": f"{text_id}: {gain('id')}",
        "message_en": f"{text_en}: {gain('en')}",
    }
