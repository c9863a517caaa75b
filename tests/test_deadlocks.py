"""Ordinary concurrent writes on PostgreSQL never deadlock into an error.

Each scenario runs the real service (uvicorn in a thread, see tests/test_concurrency.py) and
two clients at once: a loop of bulk capacity writes on one product while the other client
renames its UMKM, or adds UMKM-wide certificates. Every request answers 2xx and the capacity
history holds every figure written.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

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
