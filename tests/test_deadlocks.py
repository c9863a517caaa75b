"""Ordinary concurrent writes on PostgreSQL never deadlock into an error.

Each scenario runs the real service (uvicorn in a thread, see tests/test_concurrency.py) and
two clients at once: a loop of bulk capacity writes on one product while the other client
renames its UMKM, or adds UMKM-wide certificates. Every request answers 2xx and the capacity
history holds every figure written. A transaction PostgreSQL aborts for a deadlock all the
same is run again (app.db.RetryAbortedTransactions).
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

import app.services.capacity
from tests.test_concurrency import API, Live, _product, live

__all__ = ["live"]
ROUNDS = 25


def _run_against_bulk_writes(
    live: Live, other_write: Callable[[httpx.Client, dict[str, object], int], httpx.Response]
) -> None:
    with live.client() as client:
        product = _product(client)
    statuses: list[tuple[str, int, str]] = []
    barrier = threading.Barrier(2)

    def bulk_writer() -> None:
        with live.client() as client:
            barrier.wait()
            for round_ in range(ROUNDS):
                items = [
                    {"month": f"2027-{month:02d}", "quantity": 100 * round_ + month}
                    for month in range(1, 7)
                ]
                response = client.put(
                    f"{API}/products/{product['id']}/capacity", json={"items": items}
                )
                statuses.append(("bulk", response.status_code, response.text))

    def other_writer() -> None:
        with live.client() as client:
            barrier.wait()
            for round_ in range(ROUNDS):
                response = other_write(client, product, round_)
                statuses.append(("other", response.status_code, response.text))

    with ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(bulk_writer), pool.submit(other_writer)]:
            future.result()
    failed = [s for s in statuses if s[1] >= 300]
    assert failed == []
    with live.client() as client:
        for month in range(1, 7):
            history = client.get(
                f"{API}/products/{product['id']}/capacity/2027-{month:02d}/history"
            ).json()["items"]
            assert sorted(h["quantity"] for h in history) == [
                float(100 * round_ + month) for round_ in range(ROUNDS)
            ]


def test_bulk_capacity_writes_while_the_umkm_is_renamed(live: Live) -> None:
    def rename(client: httpx.Client, product: dict[str, object], round_: int) -> httpx.Response:
        return client.patch(f"{API}/umkm/{product['umkm_id']}", json={"name": f"UMKM {round_}"})

    _run_against_bulk_writes(live, rename)


def test_bulk_capacity_writes_while_umkm_wide_certificates_are_added(live: Live) -> None:
    def certify(client: httpx.Client, product: dict[str, object], round_: int) -> httpx.Response:
        return client.post(
            f"{API}/umkm/{product['umkm_id']}/certificates",
            json={"type": "HALAL", "number": f"H-{round_}"},
        )

    _run_against_bulk_writes(live, certify)


def test_a_request_aborted_by_a_deadlock_runs_again_and_writes_once(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real deadlock: the request holds the product's row lock and waits for the UMKM's,
    which another session holds while it waits for the product's. PostgreSQL aborts the
    request's transaction (its deadlock check runs first); the service runs the request again
    and answers 200, with the figure recorded once."""
    if live.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one write lock for the whole database: no deadlock to meet")
    with live.client() as client:
        product = _product(client)
    real = app.services.capacity.set_month
    runs: list[int] = []
    request_holds_product = threading.Event()
    other_holds_umkm = threading.Event()

    def set_month_into_a_deadlock(session: Session, row: Any, *args: Any, **kwargs: Any) -> Any:
        runs.append(len(runs) + 1)
        if len(runs) == 1:
            request_holds_product.set()
            other_holds_umkm.wait(10)
            session.execute(
                text("SELECT id FROM umkm WHERE id = :id FOR UPDATE"), {"id": row.umkm_id}
            )
        return real(session, row, *args, **kwargs)

    def other_session() -> None:
        with live.engine.connect() as connection:
            connection.exec_driver_sql("SET deadlock_timeout = '20s'")  # the request's check wins
            connection.execute(
                text("SELECT id FROM umkm WHERE id = :id FOR UPDATE"), {"id": product["umkm_id"]}
            )
            other_holds_umkm.set()
            request_holds_product.wait(10)
            time.sleep(0.2)  # the request is waiting for the UMKM by now
            connection.execute(
                text("SELECT id FROM product WHERE id = :id FOR UPDATE"), {"id": product["id"]}
            )
            connection.rollback()

    monkeypatch.setattr(app.services.capacity, "set_month", set_month_into_a_deadlock)
    other = threading.Thread(target=other_session)
    other.start()
    url = f"{API}/products/{product['id']}/capacity/2027-01"
    with live.client() as client:
        response = client.put(url, json={"quantity": 42})
        other.join()
        assert response.status_code == 200, response.text
        assert runs == [1, 2]
        history = client.get(f"{url}/history").json()["items"]
    assert [(h["revision"], h["quantity"]) for h in history] == [(1, 42.0)]
