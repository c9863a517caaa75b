"""Command line: `temu-dagang migrate | demo | keys | accounts | import | serve | backup |
restore`."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config

from app.config import settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]


def migrate(revision: str = "head") -> None:
    config = Config(str(ROOT / "alembic.ini"))
    command.upgrade(config, revision)


def load_demo() -> None:
    from app.db import SessionFactory
    from app.demo import load_demo_data

    with SessionFactory() as session, session.begin():
        summary = load_demo_data(session=session)
    print(
        "demo data: "
        + ", ".join(f"{count} {name}" for name, count in summary.items())
        + f" ({settings.database_url})"
    )


def create_key(
    role: str, name: str, umkm_id: int | None, revoke_others: bool, office: str | None = None
) -> None:
    """Create (or reuse, by name and role) an account and print a new key for it, once.
    `office`: the id or name of the office of a staff (or admin) account; a name not yet
    known makes the office."""
    from sqlalchemy import select

    from app import schemas
    from app.db import SessionFactory
    from app.models import Account, ApiKey
    from app.principal import Principal
    from app.services import accounts

    cli = Principal(name="command line", role=None)
    with SessionFactory() as session, session.begin():
        office_id = _office_id(session, office) if office else None
        account = session.scalar(
            select(Account).where(
                Account.name == name, Account.role == role, Account.disabled_at.is_(None)
            )
        )
        if account is None:
            account, key, token = accounts.create_account(
                session=session,
                data=schemas.AccountCreate(
                    name=name, role=schemas.AccountRole(role), umkm_id=umkm_id, office_id=office_id
                ),
                principal=cli,
            )
        else:
            if revoke_others:
                for old in session.scalars(
                    select(ApiKey).where(
                        ApiKey.account_id == account.id, ApiKey.revoked_at.is_(None)
                    )
                ):
                    accounts.revoke_key(session=session, key_id=old.id, principal=cli)
            key, token = accounts.create_key(
                session=session, account_id=account.id, name="command line", principal=cli
            )
    print(f"{role} key for account {account.id} ({name}), shown once:\n{token}")


def set_password(account: str, email: str | None, generate: bool, password_stdin: bool) -> int:
    """Give an account (id, or exact name) a console password; print where to sign in."""
    import getpass
    import secrets

    from email_validator import EmailNotValidError, validate_email
    from sqlalchemy import select

    from app.db import SessionFactory
    from app.errors import AppError
    from app.models import Account
    from app.principal import Principal
    from app.services import web_sessions

    if email is not None:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            print(f"not an e-mail address: {exc}", file=sys.stderr)
            return 2
    if generate:
        password = secrets.token_urlsafe(9)
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("new password: ")
        if getpass.getpass("again: ") != password:
            print("the two passwords differ", file=sys.stderr)
            return 2
    cli = Principal(name="command line", role=None)
    with SessionFactory() as session, session.begin():
        if account.isdigit():
            found = [session.get(Account, int(account))]
        else:
            found = list(
                session.scalars(
                    select(Account).where(Account.name == account, Account.disabled_at.is_(None))
                )
            )
        if len(found) != 1 or found[0] is None:
            print(
                f"{len(found) if found != [None] else 0} accounts match {account!r}: "
                "name exactly one (by id when names repeat)",
                file=sys.stderr,
            )
            return 2
        try:
            changed = web_sessions.set_password(
                session=session,
                account_id=found[0].id,
                password=password,
                principal=cli,
                email=email,
            )
        except AppError as exc:
            print(f"refused: {exc.detail}", file=sys.stderr)
            return 2
        login = changed.email or changed.name
    print(f"console: http://{settings.host}:{settings.port}/sign-in")
    if generate:
        print(f"  sign in as {login!r} with the password {password!r}")
    else:
        print(f"  {login!r} may now sign in with the new password")
    return 0


def _office_id(session: "Session", office: str) -> int:
    from sqlalchemy import select

    from app.models import Office
    from app.services.offices import ensure_office

    if office.isdigit():
        found = session.get(Office, int(office))
        if found is None:
            raise SystemExit(f"no office {office}")
        return found.id
    existing = session.scalar(select(Office).where(Office.name == office))
    return (existing or ensure_office(session, name=office, province_code=None)).id


def import_file(path: Path, kind: str, dry_run: bool, office: str | None) -> int:
    """`POST /imports` from the command line, with a progress bar on stderr."""
    from app.db import SessionFactory
    from app.errors import AppError
    from app.importing import ImportKind
    from app.principal import Principal
    from app.services import imports
    from app.services.offices import default_office_id

    def bar(phase: str, done: int, total: int) -> None:
        if done != total and done % 200:
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{phase:9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    with SessionFactory() as session, session.begin():
        office_id = _office_id(session, office) if office else default_office_id(session)
        principal = Principal(name="command line import", role=None, office_id=office_id)
        try:
            job = imports.run_import(
                session=session,
                principal=principal,
                kind=ImportKind(kind),
                filename=path.name,
                data=path.read_bytes(),
                dry_run=dry_run,
                progress=bar,
            )
        except AppError as exc:
            print(f"import refused: {exc.detail}", file=sys.stderr)
            return 2
        counts = ", ".join(f"{n} {status}" for status, n in job.counts.items())
        print(f"import {job.id} ({job.kind}, office {office_id}): {job.status}: {counts}")
        for row in job.rows:
            for error in row.get("errors", ()):
                print(f"  baris/row {row['row']}, {error['column']}: {error['id']} / {error['en']}")
    return 1 if job.counts["invalid"] else 0


def serve(host: str, port: int, reload: bool, workers: int = 1) -> None:
    """Serve the API with `workers` processes on one socket (uvicorn's supervisor restarts
    a worker that dies). Each worker builds its own supply index at start and reads the
    supply change log before every match, so a write through one worker is in the next match
    through every other (app.services.matching); several workers want PostgreSQL, as several
    hosts do."""
    import os
    import signal
    import tempfile

    import uvicorn

    from app.observability import logging_config

    if workers > 1 and reload:
        raise SystemExit("serve: --reload and --workers cannot be combined")
    metrics_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics there and /metrics adds them up (app.observability);
        # the workers inherit the variable.
        metrics_dir = tempfile.TemporaryDirectory(prefix="temu-dagang-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir.name
    # uvicorn finishes the requests in flight on SIGTERM, then raises the signal again; exit 0
    # then, as after Ctrl-C, rather than die of it (a supervisor would count that a crash).
    # With several workers uvicorn's own supervisor takes SIGTERM, stops them and returns.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(
            "app.main:app",
            host=host,
            port=port,
            reload=reload,
            workers=workers,
            # X-Forwarded-For / -Proto only from the proxies in FORWARDED_ALLOW_IPS (none
            # unless set): uvicorn's own default would trust any peer on 127.0.0.1.
            proxy_headers=bool(settings.forwarded_allow_ips),
            forwarded_allow_ips=settings.forwarded_allow_ips or None,
            timeout_graceful_shutdown=10,
            # A worker building a large index at start answers the supervisor's health
            # check late; give it time rather than have it killed mid-build.
            timeout_worker_healthcheck=60,
            # One JSON line per request on stdout comes from app.observability instead.
            log_config=logging_config(),
            access_log=False,
        )
    finally:
        if metrics_dir is not None:
            metrics_dir.cleanup()


def backup_database(path: Path, force: bool) -> int:
    from app.backup import BackupError, backup

    try:
        info = backup(database_url=settings.database_url, target=path, force=force)
    except BackupError as exc:
        print(f"backup refused: {exc}", file=sys.stderr)
        return 2
    print(f"backup: {info.path} ({info.size_bytes} bytes, Alembic revision {info.revision})")
    return 0


def restore_database(path: Path, force: bool) -> int:
    from app.backup import BackupError, restore

    try:
        info = restore(database_url=settings.database_url, source=path, force=force)
    except BackupError as exc:
        print(f"restore refused: {exc}", file=sys.stderr)
        return 2
    print(f"restored {path} to {info.path} (Alembic revision {info.revision})")
    if not info.at_head:
        print("the backup is older than this version: run `temu-dagang migrate` next")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="temu-dagang", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    migrate_parser = commands.add_parser("migrate", help="upgrade the database to a revision")
    migrate_parser.add_argument("revision", nargs="?", default="head")
    commands.add_parser("demo", help="load the demo data set (idempotent)")
    keys_parser = commands.add_parser("keys", help="API keys")
    keys_commands = keys_parser.add_subparsers(dest="keys_command", required=True)
    create_parser = keys_commands.add_parser("create", help="create a key and print it once")
    create_parser.add_argument(
        "--role", required=True, choices=["staff", "umkm", "client", "admin"]
    )
    create_parser.add_argument("--name", required=True)
    create_parser.add_argument("--umkm-id", type=int, help="the UMKM an umkm account belongs to")
    create_parser.add_argument(
        "--office", help="id or name of the office of a staff or admin account"
    )
    create_parser.add_argument(
        "--revoke-others", action="store_true", help="revoke the account's earlier keys"
    )
    accounts_parser = commands.add_parser("accounts", help="accounts: console passwords")
    accounts_commands = accounts_parser.add_subparsers(dest="accounts_command", required=True)
    password_parser = accounts_commands.add_parser(
        "set-password",
        help="give an account a password for the console (its web sessions end)",
    )
    password_parser.add_argument("account", help="the account's id or exact name")
    password_parser.add_argument("--email", help="also sign in with this e-mail")
    source = password_parser.add_mutually_exclusive_group()
    source.add_argument(
        "--generate", action="store_true", help="make a random password and print it"
    )
    source.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    import_parser = commands.add_parser(
        "import", help="import a spreadsheet (.xlsx or .csv) into an office's register"
    )
    import_parser.add_argument("file", type=Path)
    import_parser.add_argument(
        "--kind", required=True, choices=["umkm", "products", "capacity", "certificates"]
    )
    import_parser.add_argument(
        "--dry-run", action="store_true", help="report row by row, write nothing"
    )
    import_parser.add_argument("--office", help="office id or name (default: the first office)")
    serve_parser = commands.add_parser("serve", help="serve the API")
    serve_parser.add_argument("--host", default=settings.host)
    serve_parser.add_argument("--port", type=int, default=settings.port)
    serve_parser.add_argument("--reload", action="store_true")
    serve_parser.add_argument(
        "--workers",
        type=int,
        default=1,
        choices=range(1, 65),
        metavar="N",
        help="worker processes on one socket (1-64; several want PostgreSQL)",
    )
    backup_parser = commands.add_parser(
        "backup", help="copy the SQLite database consistently while the service runs"
    )
    backup_parser.add_argument("path", type=Path, help="the backup file to write")
    backup_parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    restore_parser = commands.add_parser(
        "restore", help="replace the SQLite database with a backup (stop the service first)"
    )
    restore_parser.add_argument("path", type=Path, help="the backup file to restore")
    restore_parser.add_argument(
        "--force", action="store_true", help="replace the database when it exists"
    )
    args = parser.parse_args(argv)
    if args.command == "migrate":
        migrate(args.revision)
    elif args.command == "demo":
        load_demo()
    elif args.command == "keys":
        create_key(args.role, args.name, args.umkm_id, args.revoke_others, args.office)
    elif args.command == "accounts":
        return set_password(args.account, args.email, args.generate, args.password_stdin)
    elif args.command == "import":
        return import_file(args.file, args.kind, args.dry_run, args.office)
    elif args.command == "serve":
        serve(args.host, args.port, args.reload, args.workers)
    elif args.command == "backup":
        return backup_database(args.path, args.force)
    elif args.command == "restore":
        return restore_database(args.path, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
