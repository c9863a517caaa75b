"""`temu-dagang import FILE --kind KIND [--dry-run]` and `keys create --role admin`."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from app import cli, db
from app.demo import DEMO_OFFICE, load_demo_data
from app.models import Account, Office, Umkm
from app.services.offices import default_office_id
from tests.conftest import TODAY, migrated_engine_at

REGISTER = (
    "Kode;Nama UMKM;Kabupaten/Kota;No. HP\n"
    "KT-1;Amplang Bu Sri;Kab. Kutai Timur;0812 5555 0102\n"
    "KT-2;Madu Hutan;Kutai Barat;0812 5555 0103\n"
)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker]:  # type: ignore[type-arg]
    """A database of its own (the command line commits)."""
    engine = migrated_engine_at(f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setattr(db, "SessionFactory", sessionmaker(bind=engine, expire_on_commit=False))
    yield db.SessionFactory
    engine.dispose()


def test_import_from_the_command_line(
    database: sessionmaker,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[type-arg]
) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text(REGISTER, encoding="utf-8")
    office = "Dinas Perdagangan Kabupaten Kutai Timur (CLI test)"
    assert cli.main(["import", str(path), "--kind", "umkm", "--dry-run", "--office", office]) == 0
    out = capsys.readouterr()
    assert "checked: 2 new, 0 update, 0 unchanged, 0 invalid" in out.out
    assert "[##############################] 2/2" in out.err  # the progress bar
    assert cli.main(["import", str(path), "--kind", "umkm", "--office", office]) == 0
    assert "done: 2 new" in capsys.readouterr().out
    assert cli.main(["import", str(path), "--kind", "umkm", "--office", office]) == 0
    assert "done: 0 new, 0 update, 2 unchanged" in capsys.readouterr().out
    with database() as session:
        office_id = session.scalar(select(Office.id).where(Office.name == office))
        names = session.scalars(select(Umkm.name).where(Umkm.office_id == office_id)).all()
        assert sorted(names) == ["Amplang Bu Sri", "Madu Hutan"]

    path.write_text(REGISTER + "KT-3;Kopi;Atlantis;\n", encoding="utf-8")
    assert cli.main(["import", str(path), "--kind", "umkm", "--office", office]) == 1
    out = capsys.readouterr().out
    assert "refused" in out and "baris/row 4, Kabupaten/Kota" in out
    with database() as session:
        assert session.scalar(select(func.count()).where(Umkm.office_id == office_id)) == 2


def test_the_first_admin_key_comes_from_the_command_line(
    database: sessionmaker,
    capsys: pytest.CaptureFixture[str],  # type: ignore[type-arg]
) -> None:
    assert cli.main(["keys", "create", "--role", "admin", "--name", "kemendag"]) == 0
    assert "admin key for account" in capsys.readouterr().out
    with database() as session:
        admin = session.scalar(select(Account).where(Account.name == "kemendag"))
        assert admin is not None and admin.role == "admin" and admin.office_id is None


def test_demo_data_and_the_make_run_key_share_the_demo_office(
    database: sessionmaker,  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    with database() as session, session.begin():
        load_demo_data(session=session, today=TODAY)
    role, name = "staff", "local staff (make run)"
    assert (
        cli.main(["keys", "create", "--role", role, "--name", name, "--office", DEMO_OFFICE]) == 0
    )
    capsys.readouterr()
    with database() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        assert office is not None and office.id == default_office_id(session)
        staff = session.scalar(select(Account).where(Account.name == name))
        assert staff is not None and staff.office_id == office.id
        owners = set(session.scalars(select(Umkm.office_id)))
        assert owners == {office.id}
