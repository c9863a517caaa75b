"""Trade missions: planning, meeting requests, the schedule and its rules, agendas, access."""

from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import scheduler
from app.config import settings
from app.services.schedule import solution_note
from tests.api.helpers import (
    API,
    created,
    field_messages,
    make_buyer,
    make_product,
    make_request,
    make_umkm,
    problem,
)
from tests.conftest import bearer, make_token

MISSION = {
    "name": "Misi Dagang Kaltim–Kalsel",
    "starts_on": "2027-03-10",
    "ends_on": "2027-03-10",
    "venue": "Hotel Gran Senyiur",
    "city": "Balikpapan",
    "timezone": "Asia/Makassar",
    "slot_minutes": 30,
    "tables": 2,
    "day_start": "09:00",
    "day_end": "12:30",
    "breaks": [{"start": "10:30", "end": "11:00"}],
    "max_meetings_per_participant": 3,
    "provinces": ["64", "63"],
    "countries": ["CH"],
}


def make_mission(client: TestClient, **fields: Any) -> dict[str, Any]:
    return created(client, "/missions", {**MISSION, **fields})


def join(client: TestClient, mission_id: int, **party: Any) -> dict[str, Any]:
    return created(client, f"/missions/{mission_id}/participants", party)


def ask(client: TestClient, mission_id: int, buyer_id: int, umkm_id: int, **fields: Any) -> int:
    request = created(
        client,
        f"/missions/{mission_id}/meeting-requests",
        {"buyer_id": buyer_id, "umkm_id": umkm_id, **fields},
    )
    return int(request["id"])


def accept(client: TestClient, mission_id: int, request_id: int) -> None:
    response = client.patch(f"{API}/meeting-requests/{request_id}", json={"status": "accepted"})
    assert response.status_code == 200, response.text


def test_mission_slots_skip_the_break_and_settings_are_checked(client: TestClient) -> None:
    mission = make_mission(client)
    # 09:00–10:30 (3 slots), break, 11:00–12:30 (3 slots)
    assert mission["slots"] == 6
    assert mission["status"] == "planned"
    # the organising office: the creating staff account's
    assert mission["office_id"] == client.get(f"{API}/me").json()["office_id"] is not None
    listed = client.get(f"{API}/missions").json()
    assert [m["id"] for m in listed["items"]] == [mission["id"]]

    body = problem(client.post(f"{API}/missions", json={**MISSION, "day_end": "08:00"}), 422)
    assert field_messages(body) == {"day_end": "must be after day_start"}
    body = problem(
        client.post(
            f"{API}/missions",
            json={
                **MISSION,
                "breaks": [{"start": "10:00", "end": "11:00"}, {"start": "10:30", "end": "11:30"}],
            },
        ),
        422,
    )
    assert field_messages(body) == {"breaks": "two breaks overlap"}
    body = problem(client.post(f"{API}/missions", json={**MISSION, "ends_on": "2027-03-01"}), 422)
    assert field_messages(body)["ends_on"] == "is before starts_on"
    problem(client.post(f"{API}/missions", json={**MISSION, "status": "finished"}), 422)
    body = problem(client.post(f"{API}/missions", json={**MISSION, "ends_on": "9999-12-31"}), 422)
    assert field_messages(body)["ends_on"] == "year must be between 2000 and 2099"

    patched = client.patch(f"{API}/missions/{mission['id']}", json={"tables": 5, "status": "open"})
    assert patched.status_code == 200 and patched.json()["tables"] == 5
    problem(client.patch(f"{API}/missions/{mission['id']}", json={"name": None}), 422)
    problem(client.get(f"{API}/missions/999999"), 404)


def test_participants_refuse_unknown_parties_overlaps_and_duplicates(client: TestClient) -> None:
    mission = make_mission(client)
    path = f"{API}/missions/{mission['id']}/participants"
    buyer = make_buyer(client)
    umkm = make_umkm(client)
    joined = join(
        client,
        mission["id"],
        buyer_id=buyer["id"],
        availability=[{"start": "2027-03-10T09:00", "end": "2027-03-10T10:30"}],
    )
    assert joined["kind"] == "buyer" and joined["name"] == "Swiss Sweets AG"
    assert joined["availability"] == [{"start": "2027-03-10T09:00", "end": "2027-03-10T10:30"}]

    problem(client.post(path, json={"buyer_id": buyer["id"]}), 409)
    body = problem(client.post(path, json={"buyer_id": 987654}), 404)
    assert body["detail"] == "buyer 987654 does not exist"
    problem(client.post(path, json={"umkm_id": 987654}), 404)
    problem(client.post(path, json={"buyer_id": buyer["id"], "umkm_id": umkm["id"]}), 422)
    problem(client.post(path, json={}), 422)
    overlapping = [
        {"start": "2027-03-10T09:00", "end": "2027-03-10T10:00"},
        {"start": "2027-03-10T09:30", "end": "2027-03-10T11:00"},
    ]
    body = problem(
        client.post(path, json={"umkm_id": umkm["id"], "availability": overlapping}), 422
    )
    assert "overlap" in field_messages(body)["availability"]
    outside = [{"start": "2027-04-01T09:00", "end": "2027-04-01T10:00"}]
    body = problem(client.post(path, json={"umkm_id": umkm["id"], "availability": outside}), 422)
    assert "outside the mission's days" in field_messages(body)["availability"]
    backwards = [{"start": "2027-03-10T11:00", "end": "2027-03-10T10:00"}]
    problem(client.post(path, json={"umkm_id": umkm["id"], "availability": backwards}), 422)

    listed = client.get(path).json()
    assert [p["buyer_id"] for p in listed["items"]] == [buyer["id"]]


def test_meeting_requests_need_participants_and_can_be_accepted_or_declined(
    client: TestClient,
) -> None:
    mission = make_mission(client)
    buyer, outsider = make_buyer(client), make_buyer(client, name="Outsider GmbH")
    umkm = make_umkm(client)
    join(client, mission["id"], buyer_id=buyer["id"])
    join(client, mission["id"], umkm_id=umkm["id"])
    path = f"{API}/missions/{mission['id']}/meeting-requests"

    body = problem(client.post(path, json={"buyer_id": outsider["id"], "umkm_id": umkm["id"]}), 422)
    assert "not a participant" in field_messages(body)["buyer_id"]
    body = problem(client.post(path, json={"buyer_id": buyer["id"], "umkm_id": 424242}), 422)
    assert "not a participant" in field_messages(body)["umkm_id"]
    problem(
        client.post(path, json={"buyer_id": buyer["id"], "umkm_id": umkm["id"], "priority": 0}), 422
    )

    request_id = ask(client, mission["id"], buyer["id"], umkm["id"], priority=80)
    problem(client.post(path, json={"buyer_id": buyer["id"], "umkm_id": umkm["id"]}), 409)
    listed = client.get(path).json()["items"]
    assert [(r["id"], r["status"], r["priority"]) for r in listed] == [(request_id, "pending", 80)]
    declined = client.patch(
        f"{API}/meeting-requests/{request_id}", json={"status": "declined"}
    ).json()
    assert declined["status"] == "declined"
    problem(client.patch(f"{API}/meeting-requests/{request_id}", json={"status": "maybe"}), 422)
    problem(client.patch(f"{API}/meeting-requests/999999", json={"status": "accepted"}), 404)
    assert client.get(path, params={"status": "accepted"}).json()["total"] == 0


def test_suggest_proposes_top_participating_umkm_from_the_matches(client: TestClient) -> None:
    mission = make_mission(client)
    buyer = make_buyer(client)
    make_request(client, buyer["id"], quantity=100)
    fitting = make_umkm(client, name="Dapur Salak")
    make_product(client, fitting["id"])
    other = make_umkm(client, name="Amplang Bu Tini")
    make_product(client, other["id"], name="amplang ikan pipih", hs_code="16042099")
    absent = make_umkm(client, name="Not taking part")
    make_product(client, absent["id"])
    for party in ({"buyer_id": buyer["id"]}, {"umkm_id": fitting["id"]}, {"umkm_id": other["id"]}):
        join(client, mission["id"], **party)

    path = f"{API}/missions/{mission['id']}/meeting-requests/suggest"
    made = client.post(path, params={"per_request": 1})
    assert made.status_code == 201, made.text
    items = made.json()["items"]
    assert [(r["buyer_id"], r["umkm_id"], r["source"]) for r in items] == [
        (buyer["id"], fitting["id"], "suggested")
    ]
    assert 1 <= items[0]["priority"] <= 100 and items[0]["match_score"] is not None
    # a second run proposes no pair twice
    assert client.post(path, params={"per_request": 1}).json()["items"] == []
    problem(client.post(path, params={"per_request": 0}), 422)


def _small_mission(client: TestClient) -> dict[str, Any]:
    """3 buyers, 3 UMKM, 8 accepted requests, 2 tables, 6 slots, cap 3; buyer 0 only free
    09:00–10:30."""
    mission = make_mission(client)
    buyers = [make_buyer(client, name=f"Buyer {i}") for i in range(3)]
    umkm = [make_umkm(client, name=f"UMKM {i}") for i in range(3)]
    morning = [{"start": "2027-03-10T09:00", "end": "2027-03-10T10:30"}]
    parts = [join(client, mission["id"], buyer_id=buyers[0]["id"], availability=morning)]
    parts += [join(client, mission["id"], buyer_id=b["id"]) for b in buyers[1:]]
    parts += [join(client, mission["id"], umkm_id=u["id"]) for u in umkm]
    pairs = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1)]
    requests = {}
    for b, u in pairs:
        request_id = ask(client, mission["id"], buyers[b]["id"], umkm[u]["id"], priority=10 + b)
        accept(client, mission["id"], request_id)
        requests[request_id] = (buyers[b]["id"], umkm[u]["id"])
    declined = ask(client, mission["id"], buyers[2]["id"], umkm[2]["id"])
    return {
        "mission": mission,
        "buyers": buyers,
        "umkm": umkm,
        "requests": requests,
        "declined": declined,
        "participants": parts,
    }


def _check_rules(world: dict[str, Any], schedule: dict[str, Any]) -> None:
    """Every hard rule of the scheduler, checked on its answer."""
    meetings = schedule["meetings"]
    starts = [datetime.fromisoformat(m["slot_start"]) for m in meetings]
    # only the mission's slots: 09:00..10:00 and 11:00..12:00 starts, +08:00 (WITA)
    allowed = {"09:00", "09:30", "10:00", "11:00", "11:30", "12:00"}
    assert all(
        s.strftime("%H:%M") in allowed and s.utcoffset().total_seconds() == 8 * 3600 for s in starts
    )  # type: ignore[union-attr]
    # no participant in two meetings at once
    assert len({(m["buyer_id"], m["slot_start"]) for m in meetings}) == len(meetings)
    assert len({(m["umkm_id"], m["slot_start"]) for m in meetings}) == len(meetings)
    # one meeting per table per slot, tables 1..2
    assert len({(m["table"], m["slot_start"]) for m in meetings}) == len(meetings)
    assert {m["table"] for m in meetings} <= {1, 2}
    # only accepted requests, each at most once, between the right pair
    assert len({m["meeting_request_id"] for m in meetings}) == len(meetings)
    for m in meetings:
        assert world["requests"][m["meeting_request_id"]] == (m["buyer_id"], m["umkm_id"])
    # the cap of 3 per participant
    per_party = Counter(m["buyer_id"] for m in meetings) + Counter(-m["umkm_id"] for m in meetings)
    assert max(per_party.values()) <= 3
    # buyer 0 only in the morning, before the break
    morning_buyer = world["buyers"][0]["id"]
    assert all(
        datetime.fromisoformat(m["slot_start"]).strftime("%H:%M") in {"09:00", "09:30", "10:00"}
        for m in meetings
        if m["buyer_id"] == morning_buyer
    )


def test_schedule_keeps_every_rule_and_unbooked_mode_keeps_meetings(client: TestClient) -> None:
    world = _small_mission(client)
    mission_id = world["mission"]["id"]
    response = client.post(f"{API}/missions/{mission_id}/schedule", json={"mode": "all"})
    assert response.status_code == 200, response.text
    schedule = response.json()
    _check_rules(world, schedule)
    assert schedule["requested"] == 8
    # 8 requests, but each buyer and UMKM meets at most 3: buyer 0 has 3 (all morning), buyer 1
    # 3, buyer 2 2 = 8; UMKM 0 and 1 have 3 each, UMKM 2 two. All fit in 6 slots × 2 tables.
    assert schedule["scheduled"] == 8 and schedule["unscheduled_request_ids"] == []
    assert world["declined"] not in {m["meeting_request_id"] for m in schedule["meetings"]}
    # the fewest idle slots: everyone's meetings can be back to back
    assert schedule["idle_slots"] == 0
    assert schedule["solver"] == "highs+cp-sat" and schedule["optimal"] is True
    assert schedule["solution"] == "optimal" and schedule["most_meetings_proven"] is True
    assert schedule["time_limit_seconds"] == 20
    assert schedule["solution_note_id"].startswith("Jadwal optimal")
    agendas = {a["participant_id"]: a for a in schedule["agendas"]}
    assert sum(len(a["meetings"]) for a in agendas.values()) == 16

    before = {m["meeting_request_id"]: (m["slot_start"], m["table"]) for m in schedule["meetings"]}
    # one more accepted request, with room left for it: unbooked keeps every meeting
    extra_umkm = make_umkm(client, name="UMKM late")
    join(client, mission_id, umkm_id=extra_umkm["id"])
    late = ask(client, mission_id, world["buyers"][2]["id"], extra_umkm["id"], priority=90)
    accept(client, mission_id, late)
    world["requests"][late] = (world["buyers"][2]["id"], extra_umkm["id"])
    again = client.post(f"{API}/missions/{mission_id}/schedule", json={"mode": "unbooked"}).json()
    _check_rules(world, again)
    after = {m["meeting_request_id"]: (m["slot_start"], m["table"]) for m in again["meetings"]}
    assert {k: after[k] for k in before} == before
    assert late in after and again["scheduled"] == 9

    got = client.get(f"{API}/missions/{mission_id}/schedule").json()
    assert got["meetings"] == again["meetings"]
    problem(client.post(f"{API}/missions/{mission_id}/schedule", json={"mode": "some"}), 422)
    # slot settings cannot move under scheduled meetings
    problem(client.patch(f"{API}/missions/{mission_id}", json={"slot_minutes": 20}), 409)


def test_declining_frees_the_slot_and_held_is_recorded(client: TestClient) -> None:
    world = _small_mission(client)
    mission_id = world["mission"]["id"]
    schedule = client.post(f"{API}/missions/{mission_id}/schedule", json={"mode": "all"}).json()
    meeting = schedule["meetings"][0]
    held = client.patch(f"{API}/meetings/{meeting['id']}", json={"held": True})
    assert held.status_code == 200 and held.json()["held"] is True
    problem(client.patch(f"{API}/meetings/999999", json={"held": True}), 404)
    client.patch(
        f"{API}/meeting-requests/{meeting['meeting_request_id']}",
        json={"status": "declined"},
    )
    left = client.get(f"{API}/missions/{mission_id}/schedule").json()
    assert meeting["id"] not in {m["id"] for m in left["meetings"]}
    assert left["scheduled"] == 7 and left["requested"] == 7


def test_a_closed_mission_cannot_be_scheduled_or_changed(client: TestClient) -> None:
    world = _small_mission(client)
    mission_id = world["mission"]["id"]
    client.patch(f"{API}/missions/{mission_id}", json={"status": "closed"})
    body = problem(client.post(f"{API}/missions/{mission_id}/schedule", json={"mode": "all"}), 409)
    assert "closed" in body["detail"]
    problem(
        client.post(
            f"{API}/missions/{mission_id}/participants", json={"buyer_id": world["buyers"][0]["id"]}
        ),
        409,
    )
    problem(client.post(f"{API}/missions/999999/schedule", json={"mode": "all"}), 404)


def test_agendas_as_csv_icalendar_and_printable_page(client: TestClient) -> None:
    world = _small_mission(client)
    mission_id = world["mission"]["id"]
    client.patch(f"{API}/buyers/{world['buyers'][1]['id']}", json={"name": "=HYPERLINK(1)"})
    client.post(f"{API}/missions/{mission_id}/schedule", json={"mode": "all"})
    path = f"{API}/missions/{mission_id}/schedule"

    csv_text = client.get(path, params={"format": "csv"})
    assert csv_text.headers["content-type"].startswith("text/csv")
    lines = csv_text.text.splitlines()
    assert lines[0] == "participant_id,participant,kind,date,start,end,table,meets,meeting_id"
    assert len(lines) == 1 + 16
    assert "'=HYPERLINK(1)" in csv_text.text and ",=HYPERLINK" not in csv_text.text

    ics = client.get(path, params={"format": "ics"})
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert ics.text.endswith("END:VCALENDAR\r\n")
    assert ics.text.count("BEGIN:VEVENT") == 16
    # 09:00 WITA is 01:00 UTC
    assert "DTSTART:20270310T010000Z" in ics.text
    assert "LOCATION:Hotel Gran Senyiur\\, Balikpapan" in ics.text
    assert all(len(line.encode()) <= 75 for line in ics.text.split("\r\n"))

    page = client.get(path, params={"format": "html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<!DOCTYPE html>" in page.text and "@media print" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text
    assert "=HYPERLINK(1)" in page.text and page.text.count("<section>") == 6
    problem(client.get(path, params={"format": "pdf"}), 422)


def test_schedule_access_by_role(client: TestClient, session: Session) -> None:
    world = _small_mission(client)
    mission_id = world["mission"]["id"]
    client.post(f"{API}/missions/{mission_id}/schedule", json={"mode": "all"})
    own_umkm = world["umkm"][0]["id"]
    owner = bearer(make_token(session, "umkm", umkm_id=own_umkm))
    app_key = bearer(make_token(session, "client"))
    path = f"{API}/missions/{mission_id}/schedule"

    mine = client.get(path, headers=owner).json()
    assert mine["meetings"] and all(m["umkm_id"] == own_umkm for m in mine["meetings"])
    assert [a["umkm_id"] for a in mine["agendas"]] == [own_umkm]
    requests = client.get(f"{API}/missions/{mission_id}/meeting-requests", headers=owner).json()
    assert requests["items"] and all(r["umkm_id"] == own_umkm for r in requests["items"])

    everything = client.get(path, headers=app_key).json()
    assert everything["scheduled"] == 8 and len(everything["agendas"]) == 6
    assert client.get(path, params={"format": "ics"}, headers=app_key).status_code == 200
    problem(client.get(f"{API}/missions/{mission_id}/meeting-requests", headers=app_key), 403)
    problem(client.post(path, json={"mode": "all"}, headers=app_key), 403)
    problem(client.post(path, json={"mode": "all"}, headers=owner), 403)
    problem(client.post(f"{API}/missions", json=MISSION, headers=owner), 403)


def test_the_solver_time_limit_is_asked_capped_and_reported(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _small_mission(client)
    path = f"{API}/missions/{world['mission']['id']}/schedule"
    done = client.post(path, json={"mode": "all", "time_limit_seconds": 5}).json()
    assert done["time_limit_seconds"] == 5 and done["solution"] == "optimal"
    _check_rules(world, done)
    # the service's setting is the most a request gets
    monkeypatch.setattr(settings, "schedule_time_limit_seconds", 3.0)
    capped = client.post(path, json={"mode": "all", "time_limit_seconds": 60}).json()
    assert capped["time_limit_seconds"] == 3
    for bad in (0, 0.5, 601, "soon", [5]):
        body = problem(client.post(path, json={"mode": "all", "time_limit_seconds": bad}), 422)
        assert "time_limit_seconds" in field_messages(body)
    assert client.get(path).json()["solution"] is None  # only a computed schedule says


def test_a_schedule_cut_short_says_it_is_the_best_within_the_limit() -> None:
    cut = scheduler.Schedule(
        placed={}, weight=0, idle=0, max_idle=0, optimal=False, seconds=20.0,
        solver="highs+cp-sat", weight_optimal=True,
    )  # fmt: skip
    note_id, note_en = solution_note(cut, 20.0)
    assert note_id.startswith("Jadwal terbaik yang ditemukan dalam batas 20 detik")
    assert "holds the most meetings" in note_en
    cut.weight_optimal = False
    assert solution_note(cut, 7.5)[1] == (
        "Best schedule found within the 7.5 s limit; not proven optimal."
    )
