"""Concurrent clients against a real server on each backend: nothing lost, nothing half-written.

These tests run the service with uvicorn in a thread on 127.0.0.1 and talk to it over HTTP
from several threads at once, with the service's own session handling (no test transaction).
"""

import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session

import app.db
import app.services.capacity
from app import schemas, security
from app.db import SessionFactory
from app.main import create_app
from app.models import BuyerRequest
from app.services import accounts
from app.services.matching import SupplyIndex, demand_of
from tests.conftest import BACKENDS, TODAY, fresh_database_url, migrated_engine_at

API = "/api/v1"


@dataclass
class Live:
    url: str
    engine: Engine
    headers: dict[str, str]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers, timeout=30)


@pytest.fixture(params=BACKENDS)
def live(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Live]:
    urls = fresh_database_url(request.param, tmp_path_factory)
    url = next(urls)
    engine = migrated_engine_at(url)
    SessionFactory.configure(bind=engine)
    monkeypatch.setattr(app.db, "engine", engine)
    with SessionFactory() as session, session.begin():
        _, _, token = accounts.create_account(
            session=session,
            data=schemas.AccountCreate(name="staff", role="staff"),
            principal=security.SYSTEM,
        )
    service = create_app()
    service.state.supply_index.today = lambda: TODAY
    server = uvicorn.Server(uvicorn.Config(service, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Live(f"http://127.0.0.1:{port}", engine, {"Authorization": f"Bearer {token}"})
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        SessionFactory.configure(bind=app.db.make_engine("sqlite://"))
        engine.dispose()
        for _ in urls:
            pass


def _post(client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(API + path, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _product(client: httpx.Client, name: str = "kue salak") -> dict[str, Any]:
    umkm = _post(client, "/umkm", {"name": f"UMKM {random.random()}", "regency_code": "64.71"})
    return _post(client, f"/umkm/{umkm['id']}/products", {"name": name})


def test_simultaneous_writes_of_one_month_all_land_in_history(live: Live) -> None:
    with live.client() as client:
        product = _product(client)
    url = f"{API}/products/{product['id']}/capacity/2027-01"
    values = list(range(100, 180))  # 80 distinct figures from 8 clients at once

    def write(chunk: list[int]) -> list[int]:
        with live.client() as client:
            return [client.put(url, json={"quantity": v}).status_code for v in chunk]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for chunk in pool.map(write, [values[i::8] for i in range(8)]) for s in chunk]
    assert statuses == [200] * len(values)
    with live.client() as client:
        history = client.get(f"{url}/history", params={}).json()["items"]
        current = client.get(url).json()
    assert sorted(h["revision"] for h in history) == list(range(1, 81))
    assert sorted(h["quantity"] for h in history) == [float(v) for v in values]
    newest = max(history, key=lambda h: h["revision"])
    assert current["quantity"] == newest["quantity"] and current["revision"] == 80


def test_stale_if_match_is_refused_not_overwritten(live: Live) -> None:
    with live.client() as client:
        product = _product(client)
        url = f"{API}/products/{product['id']}"
        tag = client.get(url).headers["ETag"]
    barrier = threading.Barrier(2)

    def patch(description: str) -> int:
        with live.client() as client:
            barrier.wait()
            return client.patch(
                url, json={"description": description}, headers={"If-Match": tag}
            ).status_code

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(patch, ["renyah", "lembut"]))
    assert statuses == [200, 412]
    with live.client() as client:
        refused = client.patch(url, json={"description": "x"}, headers={"If-Match": tag})
        assert refused.status_code == 412
        assert "changed since it was read" in refused.json()["detail"]
        fresh = client.get(url).headers["ETag"]
        assert (
            client.patch(url, json={"description": "x"}, headers={"If-Match": fresh}).status_code
            == 200
        )

        month = f"{API}/products/{product['id']}/capacity/2027-02"
        assert client.put(month, json={"quantity": 5}, headers={"If-None-Match": "*"}).is_success
        assert (
            client.put(month, json={"quantity": 6}, headers={"If-None-Match": "*"}).status_code
            == 412
        )
        month_tag = client.get(month).headers["ETag"]
        assert (
            client.put(month, json={"quantity": 7}, headers={"If-Match": month_tag}).status_code
            == 200
        )
        assert (
            client.put(month, json={"quantity": 8}, headers={"If-Match": month_tag}).status_code
            == 412
        )


def test_a_crash_inside_a_bulk_update_leaves_nothing(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    with live.client() as client:
        product = _product(client)
    real = app.services.capacity.set_month
    calls = {"n": 0}

    def crash_on_third(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(app.services.capacity, "set_month", crash_on_third)
    items = [{"month": f"2027-{m:02d}", "quantity": 100 + m} for m in range(1, 6)]
    with live.client() as client:
        response = client.put(f"{API}/products/{product['id']}/capacity", json={"items": items})
        assert response.status_code == 500
        assert "nothing it was asked to write was kept" in response.json()["detail"]
    monkeypatch.setattr(app.services.capacity, "set_month", real)
    # uvicorn closes a connection whose request raised: ask again on a new one.
    with live.client() as client:
        assert client.get(f"{API}/products/{product['id']}/capacity").json()["items"] == []
        audit = client.get(f"{API}/audit", params={"resource": "capacity"}).json()
        assert audit["total"] == 0


def test_index_stays_consistent_with_the_database(live: Live) -> None:
    with live.client() as client:
        products = [
            _product(client, name)
            for name in ["kue salak", "cake salak", "bolu salak", "cabai rawit", "cabe merah"] * 3
        ]
        buyer = _post(client, "/buyers", {"name": "B", "country": "CH"})
        requests = [
            _post(
                client,
                "/buyer-requests",
                {
                    "buyer_id": buyer["id"],
                    "product": product,
                    "quantity": 500,
                    "unit": "kg",
                    "start_month": "2027-01",
                    "months": 3,
                    "required_certifications": ["HALAL"],
                },
            )
            for product in ("snake fruit cake", "chili")
        ]
    stop = threading.Event()
    errors: list[str] = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        with live.client() as client:
            for _ in range(40):
                product = rng.choice(products)
                month = f"2027-0{rng.randint(1, 3)}"
                r = client.put(
                    f"{API}/products/{product['id']}/capacity/{month}",
                    json={"quantity": rng.randint(0, 900)},
                )
                if r.status_code != 200:
                    errors.append(r.text)
                if rng.random() < 0.2:
                    r = client.post(
                        f"{API}/umkm/{product['umkm_id']}/certificates", json={"type": "HALAL"}
                    )
                    if r.status_code != 201:
                        errors.append(r.text)

    def reader() -> None:
        with live.client() as client:
            while not stop.is_set():
                for request in requests:
                    r = client.get(f"{API}/buyer-requests/{request['id']}/matches")
                    if r.status_code != 200:
                        errors.append(r.text)

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(writer, range(4)))
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []

    rebuilt = SupplyIndex(stale_after_months=2, today=lambda: TODAY)
    with Session(live.engine) as session:
        rebuilt.build(session)
        with live.client() as client:
            for request in requests:
                served = client.get(
                    f"{API}/buyer-requests/{request['id']}/matches", params={"limit": 50}
                ).json()["items"]
                row = session.get(BuyerRequest, request["id"])
                assert row is not None
                fresh = rebuilt.query(session, demand_of(row), limit=50)
                assert [(m["product_id"], m["score"], m["components"]) for m in served] == [
                    (
                        m.product_id,
                        m.score,
                        {
                            "product_fit": m.components.product_fit,
                            "capacity_coverage": m.components.capacity_coverage,
                            "continuity": m.components.continuity,
                            "certification_fit": m.components.certification_fit,
                            "freshness": m.components.freshness,
                            "months_since_update": m.components.months_since_update,
                            "months_meeting_quota": m.components.months_meeting_quota,
                        },
                    )
                    for m in fresh
                ]
