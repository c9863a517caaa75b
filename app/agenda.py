"""A mission's agendas for the venue, where there is often no connection: CSV (through the
CSV-injection-safe writer), iCalendar (RFC 5545, written here: a handful of properties) and a
self-contained printable HTML page (no external asset, one page per participant when printed).
"""

import io
from datetime import UTC, datetime
from html import escape

from app import csvsafe
from app.schemas import missions as ms

__all__ = ["agenda_csv", "agenda_html", "agenda_ics"]

CSV_HEADER = (
    "participant_id",
    "participant",
    "kind",
    "date",
    "start",
    "end",
    "table",
    "meets",
    "meeting_id",
)


def agenda_csv(schedule: ms.ScheduleRead) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for agenda in schedule.agendas:
        for item in agenda.meetings:
            writer.writerow(
                (
                    agenda.participant_id,
                    agenda.name,
                    agenda.kind,
                    item.slot_start.date().isoformat(),
                    item.slot_start.strftime("%H:%M"),
                    item.slot_end.strftime("%H:%M"),
                    item.table,
                    item.with_name,
                    item.meeting_id,
                )
            )
    return out.getvalue()


def _ics_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1), never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def agenda_ics(schedule: ms.ScheduleRead, *, venue: str | None, stamp: datetime) -> str:
    """One VEVENT per meeting and participant agenda (so a participant imports its own)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Temu Dagang//Mission agenda//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(schedule.mission_name)}",
    ]
    for agenda in schedule.agendas:
        for item in agenda.meetings:
            lines += [
                "BEGIN:VEVENT",
                f"UID:mission-{schedule.mission_id}-meeting-{item.meeting_id}"
                f"-participant-{agenda.participant_id}@temu-dagang",
                f"DTSTAMP:{_utc(stamp)}",
                f"DTSTART:{_utc(item.slot_start)}",
                f"DTEND:{_utc(item.slot_end)}",
                f"SUMMARY:{_ics_text(f'{agenda.name} – {item.with_name} (meja {item.table})')}",
                f"DESCRIPTION:{_ics_text(f'{schedule.mission_name}: meja/table {item.table}')}",
            ]
            if venue:
                lines.append(f"LOCATION:{_ics_text(venue)}")
            lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}
h1{font-size:1.4rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
p.meta{margin:0 0 1rem;color:#444}
table{border-collapse:collapse;width:100%;margin-bottom:.8rem}
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;font-size:.95rem}
th{background:#eee}
section{break-inside:avoid}
@media print{section{break-after:page}body{margin:0}}
"""


def agenda_html(schedule: ms.ScheduleRead, *, venue: str | None) -> str:
    """A printable page: each participant's agenda on a page of its own."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f"<title>Agenda – {escape(schedule.mission_name)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(schedule.mission_name)}</h1>",
        f'<p class="meta">{escape(venue or "")} · {schedule.scheduled} pertemuan / meetings</p>',
    ]
    for agenda in schedule.agendas:
        parts.append("<section>")
        parts.append(f"<h2>{escape(agenda.name)} ({escape(agenda.kind)})</h2>")
        if not agenda.meetings:
            parts.append("<p>Belum ada pertemuan / no meetings.</p></section>")
            continue
        parts.append(
            "<table><thead><tr><th>Tanggal / date</th><th>Jam / time</th>"
            "<th>Meja / table</th><th>Bertemu / meets</th></tr></thead><tbody>"
        )
        for item in agenda.meetings:
            parts.append(
                f"<tr><td>{item.slot_start.date().isoformat()}</td>"
                f"<td>{item.slot_start:%H:%M}–{item.slot_end:%H:%M}</td>"
                f"<td>{item.table}</td><td>{escape(item.with_name)}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
