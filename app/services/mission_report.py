"""The report of a mission: meetings requested, scheduled and held; its deals and their value
in rupiah by commodity, by the UMKM's province and by the buyer's country; value agreed
against value delivered; and repeat orders.

Which deals count: every deal recorded with the mission's id, except cancelled ones. "Agreed"
value: deals agreed, delivering or completed. "Delivered" value: each delivery at its deal's
price. A repeat order: a later deal (not of this mission) between a buyer and an UMKM that
made a deal at the mission, signed within 3, 6 or 12 months after the mission ended.

The same report as JSON, as CSV (one table, a `section` column) and as XLSX (`as_xlsx`: a
summary sheet and a sheet per breakdown, rupiah as whole-number cells with a rupiah number
format, each breakdown closed by its total).
"""

import calendar
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

import xlsxwriter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import csvsafe, reference
from app.models import Buyer, Deal, Meeting, MeetingRequest, Product, Umkm
from app.money import format_idr
from app.months import add_months, first_of
from app.offices import office_scope
from app.schemas import missions as ms
from app.services import deals as deal_service
from app.services.missions import get_mission
from app.units import grams_to_kg

REPEAT_WINDOWS_MONTHS = (3, 6, 12)
AGREED = ("agreed", "delivering", "completed")


def _groups(
    deals: Iterable[Deal],
    key: Callable[[Deal], tuple[str, str]],
    lang: str,
) -> list[ms.ValueGroup]:
    count: dict[str, int] = defaultdict(int)
    value: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for deal in deals:
        k, label = key(deal)
        count[k] += 1
        value[k] += deal.value_idr
        labels[k] = label
    return [
        ms.ValueGroup(
            key=k,
            label=labels[k],
            deals=count[k],
            value_idr=value[k],
            value_text=format_idr(value[k], lang),
        )
        for k in sorted(value, key=lambda k: (-value[k], k))
    ]


def mission_report(*, session: Session, mission_id: int, lang: str) -> ms.MissionReport:
    mission = get_mission(session=session, mission_id=mission_id)
    requests = session.execute(
        select(MeetingRequest.status, func.count())
        .where(MeetingRequest.mission_id == mission.id)
        .group_by(MeetingRequest.status)
        .execution_options(all_offices=True)
    ).all()
    by_status = {status: int(n) for status, n in requests}
    meetings = list(
        session.scalars(
            (select(Meeting).where(Meeting.mission_id == mission.id)).execution_options(
                all_offices=True
            )
        )
    )
    deals = list(
        session.scalars(
            select(Deal)
            .where(Deal.mission_id == mission.id, Deal.stage != "cancelled")
            .order_by(Deal.id)
            .execution_options(all_offices=True)
        )
    )
    products = {
        p.id: p
        for p in session.scalars(
            (
                select(Product).where(Product.id.in_({d.product_id for d in deals}))
            ).execution_options(all_offices=True)
        )
    }
    umkm = {
        u.id: u
        for u in session.scalars(
            (select(Umkm).where(Umkm.id.in_({d.umkm_id for d in deals}))).execution_options(
                all_offices=True
            )
        )
    }
    buyers = {
        b.id: b
        for b in session.scalars(
            (select(Buyer).where(Buyer.id.in_({d.buyer_id for d in deals}))).execution_options(
                all_offices=True
            )
        )
    }
    hs = reference.hs_descriptions()
    provinces = reference.provinces()
    countries = reference.countries()

    def commodity(deal: Deal) -> tuple[str, str]:
        product = products[deal.product_id]
        if product.hs_code and len(product.hs_code) >= 6 and product.hs_code[:6] in hs:
            return product.hs_code[:6], hs[product.hs_code[:6]]
        return product.name.lower(), product.name

    def province(deal: Deal) -> tuple[str, str]:
        code = umkm[deal.umkm_id].province_code
        return code, provinces[code].name if code in provinces else code

    def country(deal: Deal) -> tuple[str, str]:
        code = buyers[deal.buyer_id].country
        return code, countries[code].name if code in countries else code

    delivered = _delivered_value(session, deals, products)
    total = sum(d.value_idr for d in deals)
    report = ms.MissionReport(
        mission_id=mission.id,
        mission_name=mission.name,
        status=mission.status,
        lang=lang,
        meetings_requested=sum(by_status.values()),
        meetings_accepted=by_status.get("accepted", 0),
        meetings_scheduled=len(meetings),
        meetings_held=sum(1 for m in meetings if m.held),
        deals=len(deals),
        value_idr=total,
        value_text=format_idr(total, lang),
        value_agreed_idr=sum(d.value_idr for d in deals if d.stage in AGREED),
        value_delivered_idr=delivered,
        by_commodity=_groups(deals, commodity, lang),
        by_province=_groups(deals, province, lang),
        by_buyer_country=_groups(deals, country, lang),
        repeat_orders=_repeat_orders(session, mission.id, mission.ends_on, deals),
    )
    if office_scope(session) is not None:
        # The report counts every office's deals of the mission; the rows read for it leave
        # the scoped session so that a later `session.get` cannot find them.
        for row in (*products.values(), *umkm.values(), *buyers.values(), *deals):
            if row in session:
                session.expunge(row)
    return report


def _delivered_value(session: Session, deals: list[Deal], products: dict[int, Product]) -> int:
    grams = deal_service.delivered_grams(session, [d.id for d in deals], every_office=True)
    total = 0
    for deal in deals:
        if grams.get(deal.id):
            total += deal_service.value_idr(
                quantity=grams_to_kg(grams[deal.id]),
                unit="kg",
                months=1,
                price_idr=deal.price_idr,
                price_unit=deal.price_unit,
                unit_weight_kg=products[deal.product_id].unit_weight_kg,
            )
    return total


def plus_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = add_months(first_of(day), months)
    return month.replace(day=min(day.day, calendar.monthrange(month.year, month.month)[1]))


def _repeat_orders(
    session: Session, mission_id: int, ended: date, deals: list[Deal]
) -> list[ms.RepeatOrders]:
    pairs = {(d.buyer_id, d.umkm_id) for d in deals}
    if not pairs:
        return [
            ms.RepeatOrders(months=n, deals=0, pairs=0, value_idr=0) for n in REPEAT_WINDOWS_MONTHS
        ]
    later = [
        d
        for d in session.execute(
            select(Deal.buyer_id, Deal.umkm_id, Deal.signed_on, Deal.value_idr)
            .where(
                Deal.buyer_id.in_({b for b, _ in pairs}),
                Deal.stage != "cancelled",
                (Deal.mission_id.is_(None)) | (Deal.mission_id != mission_id),
                Deal.signed_on > ended,
            )
            .execution_options(all_offices=True)
        )
        if (d.buyer_id, d.umkm_id) in pairs and d.signed_on is not None
    ]
    found = []
    for months in REPEAT_WINDOWS_MONTHS:
        until = plus_months(ended, months)
        inside = [d for d in later if d.signed_on is not None and d.signed_on <= until]
        found.append(
            ms.RepeatOrders(
                months=months,
                deals=len(inside),
                pairs=len({(d.buyer_id, d.umkm_id) for d in inside}),
                value_idr=sum(d.value_idr for d in inside),
            )
        )
    return found


CSV_HEADER = ("section", "key", "label", "deals", "value_idr", "value_text")


def as_csv(report: ms.MissionReport) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    lang = report.lang
    writer.writerow(("meetings", "requested", "", report.meetings_requested, "", ""))
    writer.writerow(("meetings", "accepted", "", report.meetings_accepted, "", ""))
    writer.writerow(("meetings", "scheduled", "", report.meetings_scheduled, "", ""))
    writer.writerow(("meetings", "held", "", report.meetings_held, "", ""))
    writer.writerow(
        ("total", "all", report.mission_name, report.deals, report.value_idr, report.value_text)
    )
    for name, amount in (
        ("agreed", report.value_agreed_idr),
        ("delivered", report.value_delivered_idr),
    ):
        writer.writerow(("value", name, "", "", amount, format_idr(amount, lang)))
    for section, groups in (
        ("commodity", report.by_commodity),
        ("province", report.by_province),
        ("buyer_country", report.by_buyer_country),
    ):
        for g in groups:
            writer.writerow((section, g.key, g.label, g.deals, g.value_idr, g.value_text))
    for r in report.repeat_orders:
        writer.writerow(
            (
                "repeat_orders",
                f"{r.months}m",
                "",
                r.deals,
                r.value_idr,
                format_idr(r.value_idr, lang),
            )
        )
    return out.getvalue()


XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Sheet names and column headers, Indonesian first.
_XLSX_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "summary": "Ringkasan",
        "commodity": "Komoditas",
        "province": "Provinsi",
        "buyer_country": "Negara pembeli",
        "repeat_orders": "Pesanan ulang",
        "item": "Uraian",
        "value": "Nilai",
        "text": "Keterangan",
        "key": "Kode",
        "label": "Nama",
        "deals": "Transaksi",
        "value_idr": "Nilai (Rp)",
        "total": "Jumlah",
        "months": "Dalam (bulan)",
        "pairs": "Pasangan pembeli-UMKM",
        "mission": "Misi dagang",
        "status": "Status",
        "requested": "Pertemuan diminta",
        "accepted": "Pertemuan diterima",
        "scheduled": "Pertemuan dijadwalkan",
        "held": "Pertemuan terlaksana",
        "deals_count": "Jumlah transaksi",
        "value_total": "Nilai transaksi (Rp)",
        "value_agreed": "Nilai disepakati (Rp)",
        "value_delivered": "Nilai terkirim (Rp)",
    },
    "en": {
        "summary": "Summary",
        "commodity": "Commodities",
        "province": "Provinces",
        "buyer_country": "Buyer countries",
        "repeat_orders": "Repeat orders",
        "item": "Item",
        "value": "Value",
        "text": "As written",
        "key": "Code",
        "label": "Name",
        "deals": "Deals",
        "value_idr": "Value (IDR)",
        "total": "Total",
        "months": "Within (months)",
        "pairs": "Buyer-UMKM pairs",
        "mission": "Trade mission",
        "status": "Status",
        "requested": "Meetings requested",
        "accepted": "Meetings accepted",
        "scheduled": "Meetings scheduled",
        "held": "Meetings held",
        "deals_count": "Deals",
        "value_total": "Deal value (IDR)",
        "value_agreed": "Value agreed (IDR)",
        "value_delivered": "Value delivered (IDR)",
    },
}
# Whole rupiah with thousands separators (Excel shows them in the reader's locale).
_RUPIAH_FORMAT = {"id": '"Rp"#,##0', "en": '"IDR "#,##0'}


def as_xlsx(report: ms.MissionReport) -> bytes:
    """The report as a workbook: a summary sheet, then one sheet per breakdown (commodity,
    province, buyer country) closed by a total row, and the repeat orders. Rupiah are integer
    cells with a rupiah number format, next to the text as the JSON writes it; totals are
    written as numbers (a formula would have no value until a spreadsheet program computes
    it)."""
    lang = report.lang
    words = _XLSX_WORDS[lang]
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    bold = workbook.add_format({"bold": True})
    rupiah = workbook.add_format({"num_format": _RUPIAH_FORMAT[lang]})
    bold_rupiah = workbook.add_format({"num_format": _RUPIAH_FORMAT[lang], "bold": True})

    summary = workbook.add_worksheet(words["summary"])
    summary.write_row(0, 0, [words["item"], words["value"], words["text"]], bold)
    summary.write_string(1, 0, words["mission"])
    summary.write_string(1, 1, report.mission_name)
    summary.write_string(2, 0, words["status"])
    summary.write_string(2, 1, report.status)
    counts = (
        ("requested", report.meetings_requested),
        ("accepted", report.meetings_accepted),
        ("scheduled", report.meetings_scheduled),
        ("held", report.meetings_held),
        ("deals_count", report.deals),
    )
    row = 3
    for name, count in counts:
        summary.write_string(row, 0, words[name])
        summary.write_number(row, 1, count)
        row += 1
    for name, amount in (
        ("value_total", report.value_idr),
        ("value_agreed", report.value_agreed_idr),
        ("value_delivered", report.value_delivered_idr),
    ):
        summary.write_string(row, 0, words[name])
        summary.write_number(row, 1, amount, rupiah)
        summary.write_string(row, 2, format_idr(amount, lang))
        row += 1
    summary.set_column(0, 0, 28)
    summary.set_column(1, 2, 22)

    for section, groups in (
        ("commodity", report.by_commodity),
        ("province", report.by_province),
        ("buyer_country", report.by_buyer_country),
    ):
        sheet = workbook.add_worksheet(words[section])
        sheet.write_row(
            0, 0, [words["key"], words["label"], words["deals"], words["value_idr"],
                   words["text"]], bold,
        )  # fmt: skip
        sheet.freeze_panes(1, 0)
        for number, group in enumerate(groups, start=1):
            sheet.write_string(number, 0, group.key)
            sheet.write_string(number, 1, group.label)
            sheet.write_number(number, 2, group.deals)
            sheet.write_number(number, 3, group.value_idr, rupiah)
            sheet.write_string(number, 4, group.value_text)
        last = len(groups) + 1
        total = sum(g.value_idr for g in groups)
        sheet.write_string(last, 0, words["total"], bold)
        sheet.write_number(last, 2, sum(g.deals for g in groups), bold)
        sheet.write_number(last, 3, total, bold_rupiah)
        sheet.write_string(last, 4, format_idr(total, lang), bold)
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 4, 20)

    repeats = workbook.add_worksheet(words["repeat_orders"])
    repeats.write_row(
        0, 0, [words["months"], words["deals"], words["pairs"], words["value_idr"],
               words["text"]], bold,
    )  # fmt: skip
    for number, repeat in enumerate(report.repeat_orders, start=1):
        repeats.write_number(number, 0, repeat.months)
        repeats.write_number(number, 1, repeat.deals)
        repeats.write_number(number, 2, repeat.pairs)
        repeats.write_number(number, 3, repeat.value_idr, rupiah)
        repeats.write_string(number, 4, format_idr(repeat.value_idr, lang))
    repeats.set_column(0, 4, 20)
    workbook.close()
    return out.getvalue()


def format_accepted(accept: str) -> str:
    """The report format an Accept header asks for: the first of XLSX or CSV it names, else
    JSON (``*/*``, ``application/json`` and no header at all)."""
    for media_range in accept.split(","):
        media_type = media_range.split(";")[0].strip().lower()
        if media_type == XLSX_MEDIA_TYPE:
            return "xlsx"
        if media_type == "text/csv":
            return "csv"
        if media_type in ("application/json", "*/*", "application/*"):
            return "json"
    return "json"


def report_file(report: ms.MissionReport, format: str) -> tuple[bytes, str]:
    """The report as a file: (content, media type) for ``csv`` or ``xlsx``."""
    if format == "xlsx":
        return as_xlsx(report), XLSX_MEDIA_TYPE
    return as_csv(report).encode(), "text/csv; charset=utf-8"
