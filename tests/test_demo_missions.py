"""The demo's two missions: a past one with a report in rupiah, and a planned one."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.demo import load_demo_data
from app.models import Delivery, Mission
from app.principal import SYSTEM
from app.services.mission_report import mission_report
from app.services.schedule import get_schedule


def test_demo_has_a_past_mission_with_deals_and_a_planned_one(session: Session) -> None:
    first = load_demo_data(session=session, today=date(2026, 11, 22))
    assert (first["missions"], first["deals"], first["deliveries"]) == (2, 8, 6)
    again = load_demo_data(session=session, today=date(2026, 11, 22))
    assert (again["missions"], again["deals"], again["deliveries"]) == (0, 0, 0)

    past = session.scalar(select(Mission).where(Mission.status == "closed"))
    assert past is not None and past.city == "Banjarmasin"
    report = mission_report(session=session, mission_id=past.id, lang="id")
    assert report.deals == 7 and report.value_text == "Rp13,7 miliar"
    assert report.value_idr == 13_653_000_000
    assert report.meetings_held == report.meetings_scheduled == 8
    assert [g.key for g in report.by_province] == ["63", "64"]
    assert report.value_delivered_idr > 0
    assert session.scalar(select(func.count()).select_from(Delivery)) == 6
    assert [(r.months, r.deals) for r in report.repeat_orders] == [(3, 1), (6, 1), (12, 1)]
    english = mission_report(session=session, mission_id=past.id, lang="en")
    assert english.value_text == "IDR 13.7 billion"

    planned = session.scalar(select(Mission).where(Mission.status == "planned"))
    assert planned is not None and planned.starts_on == date(2027, 2, 17)
    schedule = get_schedule(session=session, mission_id=planned.id, principal=SYSTEM)
    assert schedule.requested == 6 and schedule.scheduled == 6
