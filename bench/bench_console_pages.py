"""Server time of the console's mission, directory, report and import pages on the demo data.

    .venv/bin/python bench/bench_console_pages.py [--runs 20]

Builds a fresh SQLite file with the demo data and a staff account of the demo office, signs
in through the sign-in form, then asks each page `runs` times in-process (TestClient: no
network, no browser) and prints the median and worst time per page and its size. The
import row checks a 200-row UMKM register (dry run: nothing is written).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs

    import os

    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    url = f"sqlite:///{folder / 'demo.db'}"
    os.environ["DATABASE_URL"] = url
    from fastapi.testclient import TestClient
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.models import Mission, Umkm
    from tests.browser.conftest import PASSWORD, STAFF_EMAIL, prepare_database
    from tests.web.helpers import csrf_of

    prepare_database(folder / "demo.db")
    from app.db import engine
    from app.main import create_app

    with Session(engine) as session:
        missions = {m.name: m.id for m in session.scalars(select(Mission))}
        umkm_id = session.scalars(select(Umkm.id).order_by(Umkm.id)).first()
    planned = next(i for n, i in missions.items() if "Jawa Timur" in n)
    past = next(i for n, i in missions.items() if "Kalimantan Selatan" in n)
    register = "Kode;Nama UMKM;Kabupaten/Kota;No. HP;Pernah Ekspor\n" + "".join(
        f"BP-{n:03};UMKM Bench {n};Kota Balikpapan;0812 5555 {n:04};tidak\n" for n in range(200)
    )
    with TestClient(create_app()) as client:
        token = csrf_of(client.get("/sign-in").text)
        client.post(
            "/sign-in", data={"login": STAFF_EMAIL, "password": PASSWORD, "csrf_token": token}
        )
        csrf = csrf_of(client.get("/console/imports").text)
        pages = {
            "missions list": lambda: client.get("/console/missions"),
            "mission (planned, 11 participants)": lambda: client.get(
                f"/console/missions/{planned}"
            ),
            "agendas (planned)": lambda: client.get(f"/console/missions/{planned}/agenda"),
            "mission report (past)": lambda: client.get(f"/console/missions/{past}/report"),
            "UMKM directory, regency 'Kutai Timur'": lambda: client.get(
                "/console/umkm", params={"regency": "Kutai Timur"}
            ),
            "UMKM page (readiness, charts)": lambda: client.get(f"/console/umkm/{umkm_id}"),
            "supply-gap report (12 months)": lambda: client.get("/console/reports/supply-gap"),
            "import check, 200 rows": lambda: client.post(
                "/console/imports",
                data={"kind": "umkm", "action": "check", "csrf_token": csrf},
                files={"file": ("bench.csv", register.encode())},
            ),
        }
        print(f"{'page':42} {'median ms':>10} {'worst ms':>10} {'kB':>6}")
        for name, ask in pages.items():
            answer = ask()
            assert answer.status_code == 200, (name, answer.status_code, answer.text[:300])
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                ask()
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"{name:42} {statistics.median(times):10.1f} {max(times):10.1f} "
                f"{len(answer.content) / 1024:6.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
