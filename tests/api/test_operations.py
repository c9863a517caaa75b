"""Operations: request ids, the JSON access log, /metrics, and graceful shutdown of `serve`."""

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import schemas, security
from app.db import make_engine
from app.observability import JsonFormatter
from app.services import accounts
from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm
from tests.conftest import ROOT

MATCHES_ROUTE = "/api/v1/buyer-requests/{request_id}/matches"


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    """The access-log lines captured so far, as the JSON the formatter writes."""
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "app.access"
    ]


def sample(metrics_text: str, name: str, **labels: str) -> float:
    """The value of one sample of the Prometheus text; 0 when the series does not exist yet."""
    for line in metrics_text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line[len(name) : line.rindex("}") + 1]))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def open_request_with_supply(client: TestClient) -> int:
    """A buyer request, and one product for it to match (an empty index cannot be built)."""
    make_product(client, make_umkm(client)["id"])
    return int(make_request(client, make_buyer(client)["id"])["id"])


def test_request_id_is_echoed_when_sane_and_made_when_not(client: TestClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "trace-42.a_b"})
    assert given.headers["X-Request-ID"] == "trace-42.a_b"

    made = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])

    for unsafe in ("a b", "x" * 65, "id;drop", ""):
        replaced = client.get("/healthz", headers={"X-Request-ID": unsafe})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-ID"]), unsafe

    # Refusals carry it too, including those of the middleware below (413) and a 404.
    refused = client.get(f"{API}/buyers/999999", headers={"X-Request-ID": "missing-1"})
    assert refused.status_code == 404
    assert refused.headers["X-Request-ID"] == "missing-1"
    too_large = client.post(
        f"{API}/buyers", content=b"x" * 2_000_000, headers={"X-Request-ID": "big-1"}
    )
    assert too_large.status_code == 413
    assert too_large.headers["X-Request-ID"] == "big-1"


def test_one_json_access_line_per_request(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    request_id = open_request_with_supply(client)
    caplog.set_level(logging.INFO, logger="app.access")
    caplog.clear()

    response = client.get(
        f"{API}/buyer-requests/{request_id}/matches?limit=3", headers={"X-Request-ID": "log-1"}
    )
    assert response.status_code == 200
    client.get("/healthz", headers={"X-Request-ID": "log-2"})

    lines = access_lines(caplog)
    assert [line["request_id"] for line in lines] == ["log-1", "log-2"]
    match_line = lines[0]
    assert match_line["method"] == "GET"
    assert match_line["path"] == MATCHES_ROUTE  # the template: one series per route
    assert match_line["url"] == f"/api/v1/buyer-requests/{request_id}/matches?limit=3"
    assert match_line["status"] == 200
    assert isinstance(match_line["latency_ms"], float) and match_line["latency_ms"] > 0
    assert match_line["latency_ms"] == round(match_line["latency_ms"], 2)
    assert match_line["client"] == "testclient"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", str(match_line["time"]))
    assert lines[1]["path"] == "/healthz"
    assert lines[1]["account_id"] is None  # no key sent, none needed


def test_access_line_names_the_account(
    client: TestClient, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    me = client.get(f"{API}/me").json()
    caplog.set_level(logging.INFO, logger="app.access")
    caplog.clear()
    client.get(f"{API}/me")
    assert access_lines(caplog)[0]["account_id"] == me["account_id"]


def test_metrics_count_and_time_a_match(client: TestClient) -> None:
    request_id = open_request_with_supply(client)
    before = client.get("/metrics")
    assert before.status_code == 200
    assert before.headers["content-type"].startswith("text/plain")
    labels = {"method": "GET", "route": MATCHES_ROUTE, "status": "200"}

    assert client.get(f"{API}/buyer-requests/{request_id}/matches").status_code == 200
    client.headers.pop("Authorization")  # /metrics asks for no key
    after = client.get("/metrics").text

    assert sample(after, "http_requests_total", **labels) == (
        sample(before.text, "http_requests_total", **labels) + 1
    )
    assert sample(after, "http_request_duration_seconds_count", **labels) == (
        sample(before.text, "http_request_duration_seconds_count", **labels) + 1
    )
    assert sample(after, "http_request_duration_seconds_bucket", le="+Inf", **labels) >= 1
    assert sample(after, "match_duration_seconds_count", endpoint="request") == (
        sample(before.text, "match_duration_seconds_count", endpoint="request") + 1
    )
    assert "match_index_products " in after
    # No id of a request or UMKM ever becomes a label.
    assert f"/buyer-requests/{request_id}/" not in after
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


# --- graceful shutdown of `temu-dagang serve` --------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _staff_token(database_url: str) -> str:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session, session.begin():
            _, _, token = accounts.create_account(
                session=session,
                data=schemas.AccountCreate(name="shutdown test", role="staff"),
                principal=security.SYSTEM,
            )
    finally:
        engine.dispose()
    return token


def test_sigterm_lets_the_request_in_flight_finish_and_exits_0(tmp_path: Path) -> None:
    """SIGTERM while a request's body is still arriving: the request completes, then exit 0.

    The request is held open by the client (half a body sent, the rest after SIGTERM), so
    no sleep is needed in the app and the timing does not depend on the machine's speed.
    """
    database_url = f"sqlite:///{tmp_path / 'serve.db'}"
    env = {**os.environ, "DATABASE_URL": database_url, "BUILD_MATCH_INDEX": "false"}
    cli = [sys.executable, "-m", "app.cli"]
    subprocess.run([*cli, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    token = _staff_token(database_url)
    port = _free_port()
    stdout = (tmp_path / "stdout.log").open("w+")
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60  # start-up on a busy 2-core machine took over 15 s
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, "temu-dagang serve exited at start-up"
            assert time.monotonic() < deadline, "temu-dagang serve did not start"
            time.sleep(0.1)

        body = json.dumps({"name": "Shutdown Foods GmbH", "country": "DE"}).encode()
        head = (
            f"POST {API}/buyers HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Request-ID: in-flight-1\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(head + body[:10])
            time.sleep(0.3)  # the server has the headers: the request is in flight
            server.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert server.poll() is None, "the server quit with a request in flight"
            connection.sendall(body[10:])
            response = b""
            while chunk := connection.recv(65536):
                response += chunk
        status_line = response.split(b"\r\n", 1)[0]
        assert status_line == b"HTTP/1.1 201 Created", response[:300]
        assert b'"Shutdown Foods GmbH"' in response
        assert server.wait(timeout=12) == 0

        stdout.seek(0)
        logged = [json.loads(line) for line in stdout if line.startswith("{")]
        in_flight = [line for line in logged if line["request_id"] == "in-flight-1"]
        assert len(in_flight) == 1
        assert in_flight[0]["status"] == 201
        assert in_flight[0]["path"] == "/api/v1/buyers"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        stdout.close()
