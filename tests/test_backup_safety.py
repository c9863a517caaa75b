"""Issue 13, backup and restore: no restore under a running server, no backup over a database
file, a clear refusal for a missing folder, and the file modes of the originals."""

import hashlib
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import cli
from app.backup import BackupError, backup, restore
from app.config import settings
from app.db import make_engine
from app.main import create_app
from app.models import Umkm
from tests.conftest import ROOT, migrated_engine_at


def migrated(path: Path) -> str:
    url = f"sqlite:///{path}"
    migrated_engine_at(url).dispose()
    return url


def add_umkm(url: str, name: str) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            session.add(Umkm(name=name, province_code="64", regency_code="64.71"))
    finally:
        engine.dispose()


def umkm_names(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Umkm.name).order_by(Umkm.id)))
    finally:
        engine.dispose()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_is_refused_while_a_server_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real `temu-dagang serve` holds the database: restore refuses, and the writes the
    server acknowledged are still there; after the server stops, restore goes ahead."""
    live = tmp_path / "live.db"
    url = migrated(live)
    saved = tmp_path / "saved.db"
    backup(database_url=url, target=saved)
    add_umkm(url, "written after the backup")
    env = {**os.environ, "DATABASE_URL": url, "BUILD_MATCH_INDEX": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(_free_port(env))],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(server, env["PORT"])
        restored = subprocess.run(
            [sys.executable, "-m", "app.cli", "restore", str(saved), "--force"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert restored.returncode == 2, restored.stdout + restored.stderr
        assert "a server is using" in restored.stderr
        assert "Traceback" not in restored.stderr
        assert umkm_names(url) == ["written after the backup"]
    finally:
        server.terminate()
        server.wait(timeout=15)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "database_url", url)
        assert cli.main(["restore", str(saved), "--force"]) == 0
    assert umkm_names(url) == []
    capsys.readouterr()


def _free_port(env: dict[str, str]) -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    env["PORT"] = str(port)
    return port


def _wait_for(server: subprocess.Popen[bytes], port: str) -> None:
    deadline = time.monotonic() + 60  # start-up on a busy 2-core machine took over 20 s
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert server.poll() is None, "temu-dagang serve exited at start-up"
        assert time.monotonic() < deadline, "temu-dagang serve did not start"
        time.sleep(0.1)


def test_the_app_holds_the_database_while_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However the app is started (uvicorn workers, tests): its lifespan holds the lock."""
    url = migrated(tmp_path / "live.db")
    saved = tmp_path / "saved.db"
    backup(database_url=url, target=saved)
    monkeypatch.setattr(settings, "database_url", url)
    with TestClient(create_app()), pytest.raises(BackupError, match="a server is using"):
        restore(database_url=url, source=saved, force=True)
    restore(database_url=url, source=saved, force=True)


def test_backup_never_overwrites_a_database_file(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    url = migrated(live)
    add_umkm(url, "kept")
    # An open connection keeps the -wal and -shm in place, as a running server does.
    holder = sqlite3.connect(live)
    holder.execute("SELECT count(*) FROM umkm").fetchall()
    wal, shm = Path(f"{live}-wal"), Path(f"{live}-shm")
    assert wal.exists() and shm.exists()
    other = tmp_path / "other.db"
    migrated(other)  # another database, in WAL mode
    before = {path: digest(path) for path in (live, wal, shm, other)}
    try:
        for target in (live, wal, shm, other, Path(f"{other}-wal"), tmp_path / "x.db-journal"):
            with pytest.raises(BackupError, match="overwrite"):
                backup(database_url=url, target=target, force=True)
        assert {path: digest(path) for path in before} == before
    finally:
        holder.close()
    # An earlier backup (one file, rollback journal) may be replaced with --force.
    saved = tmp_path / "saved.db"
    backup(database_url=url, target=saved)
    add_umkm(url, "newer")
    backup(database_url=url, target=saved, force=True)
    assert umkm_names(f"sqlite:///{saved}") == ["kept", "newer"]


def test_cli_backup_over_the_wal_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "live.db"
    url = migrated(live)
    holder = sqlite3.connect(live)
    try:
        holder.execute("SELECT 1 FROM umkm").fetchall()
        wal = Path(f"{live}-wal")
        before = digest(wal)
        monkeypatch.setattr(settings, "database_url", url)
        assert cli.main(["backup", str(wal), "--force"]) == 2
        assert digest(wal) == before
    finally:
        holder.close()
    assert "backup refused:" in capsys.readouterr().err


def test_backup_into_a_missing_folder_is_a_clear_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = migrated(tmp_path / "live.db")
    monkeypatch.setattr(settings, "database_url", url)
    missing = tmp_path / "no" / "such" / "folder" / "saved.db"
    assert cli.main(["backup", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backup refused: the folder ")
    assert "does not exist" in err
    assert "Traceback" not in err
    assert not missing.parent.exists()
    assert cli.main(["backup", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_backup_and_restore_keep_the_mode_of_the_original(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    url = migrated(live)
    os.chmod(live, 0o640)
    saved = tmp_path / "saved.db"
    backup(database_url=url, target=saved)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640
    os.chmod(live, 0o664)
    restore(database_url=url, source=saved, force=True)
    assert stat.S_IMODE(live.stat().st_mode) == 0o664
    # A database restored where there was none takes the backup's mode.
    fresh = tmp_path / "fresh.db"
    restore(database_url=f"sqlite:///{fresh}", source=saved)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    assert umkm_names(f"sqlite:///{fresh}") == []
