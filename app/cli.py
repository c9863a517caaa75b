"""Command line: `temu-dagang migrate | demo | serve`."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config

from app.config import settings

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


def serve(host: str, port: int, reload: bool) -> None:
    import uvicorn

    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        reload=reload,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="temu-dagang", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    migrate_parser = commands.add_parser("migrate", help="upgrade the database to a revision")
    migrate_parser.add_argument("revision", nargs="?", default="head")
    commands.add_parser("demo", help="load the demo data set (idempotent)")
    serve_parser = commands.add_parser("serve", help="serve the API")
    serve_parser.add_argument("--host", default=settings.host)
    serve_parser.add_argument("--port", type=int, default=settings.port)
    serve_parser.add_argument("--reload", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        migrate(args.revision)
    elif args.command == "demo":
        load_demo()
    elif args.command == "serve":
        serve(args.host, args.port, args.reload)
    return 0


if __name__ == "__main__":
    sys.exit(main())
