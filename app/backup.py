"""Back up and restore the SQLite database while the service runs.

``backup`` uses SQLite's online backup API in a single step: it copies every page inside
one read transaction, so the copy is the database as of one commit, and in WAL mode writers
go on meanwhile (a copy in several steps would restart at every write of another connection
and might never finish under steady writes). The copy is checked with ``PRAGMA
integrity_check``, switched to a rollback journal (one self-contained file) and moved into
place atomically.

``restore`` checks a backup (integrity, an Alembic revision this code knows), then puts it in
place of the database atomically: a copy in a temporary file in the same directory, stale
``-wal``/``-shm`` files of the old database removed, then ``os.replace``. A running server
keeps the old file open and would go on writing to it, so the service must be stopped first:
while it runs it holds a shared ``flock`` on ``<database>.lock`` (``server_lock``, taken in
the app's lifespan, so every worker holds it however it was started), and ``restore`` refuses
unless it gets that lock exclusively; it
holds it until the new file is in place, so a server starting meanwhile waits.

``backup`` never writes over a database: not the live one, not its ``-wal``/``-shm``/
``-journal``/lock files, and not any other SQLite file in WAL mode or with such files beside
it (an earlier backup, a one-file rollback-journal database, may be replaced with --force).
Both commands give the file they write the mode of the database it copies or replaces,
not the 0600 of a temporary file.

PostgreSQL has its own tools; both commands refuse and print the ``pg_dump`` /
``pg_restore`` command to use instead.
"""

import fcntl
import logging
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url

__all__ = ["BackupError", "BackupInfo", "backup", "restore", "server_lock", "sqlite_path"]

ROOT = Path(__file__).resolve().parents[1]
logger = logging.getLogger(__name__)
# Files SQLite keeps beside a database, and the lock file of a running server.
SIDE_FILES = ("-wal", "-shm", "-journal", ".lock")
SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


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


def lock_path(database: Path) -> Path:
    return Path(f"{database}.lock")


def _open_lock(database: Path) -> IO[bytes]:
    return open(lock_path(database), "ab")  # noqa: SIM115 (held open while locked)


@contextmanager
def server_lock(database_url: str) -> Iterator[None]:
    """While the block runs, hold a shared lock that tells `restore` a server uses the SQLite
    database of `database_url` (several workers share it). Nothing for other databases, or
    for a file that does not exist yet."""
    url = make_url(database_url)
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database.startswith(":memory:"):
        yield
        return
    path = Path(database)
    if database.startswith("file:") or not path.is_file():
        yield
        return
    try:
        lock = _open_lock(path)
    except OSError as exc:  # a read-only folder: serve anyway, unguarded
        logger.warning(
            "cannot hold %s (%s); restore cannot tell that this server runs", lock_path(path), exc
        )
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_SH)  # waits while a restore holds it exclusively
        yield


@contextmanager
def _no_server(database: Path) -> Iterator[None]:
    """Hold the server lock of `database` exclusively, or refuse: a server is running."""
    if not database.parent.is_dir():
        yield
        return
    with _open_lock(database) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(
                f"a server is using {database} (it holds {lock_path(database)}); "
                "stop the service, then restore"
            ) from None
        yield


def _is_database_file(path: Path) -> str | None:
    """Why writing over `path` would damage a database, or None."""
    if path.name.endswith(SIDE_FILES):
        return f"{path} is a file SQLite or the server keeps beside a database"
    if any(Path(f"{path}{suffix}").exists() for suffix in SIDE_FILES):
        return f"{path} is a database in use (it has -wal, -shm, -journal or .lock files)"
    try:
        with open(path, "rb") as file:
            head = file.read(100)
    except OSError:
        return None
    if head[:4] in WAL_MAGIC:
        return f"{path} is a SQLite write-ahead log"
    if head.startswith(SQLITE_HEADER) and head[18:20] == b"\x02\x02":
        return f"{path} is a SQLite database in WAL mode, not a backup"
    return None


def _folder_of(target: Path) -> Path:
    folder = target.parent
    if not folder.is_dir():
        raise BackupError(f"the folder {folder} does not exist; create it first")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the path of a file in it")
    return folder


def _mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


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
    source: sqlite3.Connection, target: Path, name: str, mode: int
) -> tuple[Path, str | None, bool]:
    """Copy `source` into a temporary file beside `target` with `mode`, and check the copy."""
    fd, name_of_copy = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=_folder_of(target)
    )
    os.close(fd)
    temporary = Path(name_of_copy)
    try:
        os.chmod(temporary, mode)
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
    _folder_of(target)
    live = source_path.resolve()
    if target.resolve() in {live, *(Path(f"{live}{suffix}") for suffix in SIDE_FILES)}:
        raise BackupError(f"the backup cannot overwrite the database {source_path} or its files")
    if reason := _is_database_file(target):
        raise BackupError(f"{reason}; the backup will not overwrite it, choose another path")
    if target.exists() and not force:
        raise BackupError(f"{target} exists; pass --force to overwrite it")
    try:
        source = sqlite3.connect(source_path)
        try:
            temporary, revision, at_head = _copy_beside(
                source, target, "the backup", _mode_of(source_path)
            )
        finally:
            source.close()
        os.replace(temporary, target)
        return BackupInfo(target, target.stat().st_size, revision, at_head)
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror or exc}") from None


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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_of(target if target.exists() else source)
        with _no_server(target):
            backup_file = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            try:
                _check(backup_file, str(source))
                temporary, revision, at_head = _copy_beside(backup_file, target, str(source), mode)
            finally:
                backup_file.close()
            # Only now touch the database. A -wal left by the old one would be replayed onto
            # the restored file, so it goes first.
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(temporary, target)
        return BackupInfo(target, target.stat().st_size, revision, at_head)
    except OSError as exc:
        raise BackupError(f"cannot restore to {target}: {exc.strerror or exc}") from None
