"""Back up and restore the SQLite database while the service runs.

``backup`` uses SQLite's online backup API in a single step: it copies every page inside
one read transaction, so the copy is the database as of one commit, and in WAL mode writers
go on meanwhile (a copy in several steps would restart at every write of another connection
and might never finish under steady writes). The copy is checked with ``PRAGMA
integrity_check``, switched to a rollback journal (one self-contained file) and moved into
place atomically.

``restore`` checks a backup (integrity, an Alembic revision this code knows), then puts it in
place of the database atomically: a copy in a temporary file in the same directory, stale
``-wal``/``-shm`` files of the old database removed, then ``os.replace``. Stop the service
first: a running process keeps the old file open and would go on writing to it.

PostgreSQL has its own tools; both commands refuse and print the ``pg_dump`` /
``pg_restore`` command to use instead.
"""

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url

__all__ = ["BackupError", "BackupInfo", "backup", "restore", "sqlite_path"]

ROOT = Path(__file__).resolve().parents[1]


class BackupError(Exception):
    """A refusal, with the message to show the user."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    size_bytes: int
    revision: str | None  # the Alembic revision in the copy
    at_head: bool


def _postgres_hint(url: URL, action: str) -> str:
    plain = url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)
    if action == "backup":
        command = f"pg_dump --format=custom --file PATH '{plain}'"
    else:
        command = f"pg_restore --clean --if-exists --no-owner --dbname '{plain}' PATH"
    return (
        f"{action} works on a SQLite database only; DATABASE_URL is {url.get_backend_name()}. "
        f"Use instead (password from PGPASSWORD or ~/.pgpass):\n  {command}"
    )


def sqlite_path(database_url: str, action: str) -> Path:
    """The file of a SQLite DATABASE_URL; refuses other databases with the command to use."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(_postgres_hint(url, action))
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(f"{action} needs a SQLite file, not {database_url!r}")
    return Path(url.database)


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(ROOT / "migrations"))


def _check(connection: sqlite3.Connection, name: str) -> tuple[str | None, bool]:
    """Refuse a damaged copy or one at a revision this code does not know."""
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{name} is not a readable SQLite database: {exc}") from None
    if problems != ["ok"]:
        raise BackupError(f"{name} fails the integrity check: " + "; ".join(problems[:5]))
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise BackupError(f"{name} is not a Temu Dagang database (no alembic_version)") from None
    revision = row[0] if row else None
    scripts = _scripts()
    if revision is not None:
        try:
            scripts.get_revision(revision)
        except Exception:
            raise BackupError(
                f"{name} is at Alembic revision {revision}, which this version does not know"
            ) from None
    return revision, revision == scripts.get_current_head()


def _copy_beside(
    source: sqlite3.Connection, target: Path, name: str
) -> tuple[Path, str | None, bool]:
    """Copy `source` into a temporary file beside `target` and check the copy."""
    fd, name_of_copy = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(name_of_copy)
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            source.backup(copy)  # pages=-1: everything in one step, so one consistent snapshot
            # One self-contained file: no -wal beside it to forget when it is moved or copied.
            copy.execute("PRAGMA journal_mode=DELETE")
            revision, at_head = _check(copy, name)
        finally:
            copy.close()
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary, revision, at_head


def backup(*, database_url: str, target: Path, force: bool = False) -> BackupInfo:
    """Copy the database at `database_url` to `target`, consistently, while writes go on."""
    source_path = sqlite_path(database_url, "backup")
    if not source_path.exists():
        raise BackupError(f"there is no database at {source_path}")
    if target.exists() and not force:
        raise BackupError(f"{target} exists; pass --force to overwrite it")
    if target.resolve() == source_path.resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    source = sqlite3.connect(source_path)
    try:
        temporary, revision, at_head = _copy_beside(source, target, "the backup")
    finally:
        source.close()
    os.replace(temporary, target)
    return BackupInfo(target, target.stat().st_size, revision, at_head)


def restore(*, database_url: str, source: Path, force: bool = False) -> BackupInfo:
    """Put the backup `source` in place of the database at `database_url`."""
    target = sqlite_path(database_url, "restore")
    if not source.is_file():
        raise BackupError(f"there is no backup at {source}")
    if target.exists() and not force:
        raise BackupError(
            f"{target} exists; stop the service and pass --force to replace it with {source}"
        )
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("the backup is the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    backup_file = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check(backup_file, str(source))
        temporary, revision, at_head = _copy_beside(backup_file, target, str(source))
    finally:
        backup_file.close()
    # Only now touch the database. A -wal left by the old one would be replayed onto the
    # restored file, so it goes first.
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, target)
    return BackupInfo(target, target.stat().st_size, revision, at_head)
