"""`temu-dagang accounts set-password`: a console password from the command line."""

import io

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app import cli, db, schemas
from app.models import Account
from app.principal import SYSTEM
from app.services import accounts, web_sessions


def test_set_password_prints_the_sign_in_and_stores_a_hash(
    migrated_engine_sqlite: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    factory = sessionmaker(bind=migrated_engine_sqlite, expire_on_commit=False)
    monkeypatch.setattr(db, "SessionFactory", factory)
    with factory() as session, session.begin():
        account, _, _ = accounts.create_account(
            session=session,
            data=schemas.AccountCreate(name="Staf CLI", role=schemas.AccountRole.STAFF),
            principal=SYSTEM,
        )
    assert cli.main(["accounts", "set-password", "Staf CLI", "--generate",
                     "--email", "Staf.CLI@Example.org"]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "/sign-in" in printed and "'staf.cli@example.org'" in printed
    password = printed.split("with the password ")[1].strip().strip("'")
    with Session(migrated_engine_sqlite) as session:
        stored = session.scalar(select(Account).where(Account.id == account.id))
        assert stored is not None and stored.password_hash is not None
        assert web_sessions.password_matches(stored.password_hash, password)
        assert stored.email == "staf.cli@example.org"
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    assert cli.main(["accounts", "set-password", str(account.id), "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("abc\n"))
    assert cli.main(["accounts", "set-password", str(account.id), "--password-stdin"]) == 2
    assert "6 to 256 characters" in capsys.readouterr().err
    assert cli.main(["accounts", "set-password", "nobody", "--generate"]) == 2
