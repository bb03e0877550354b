"""Benchmark: import a generated citizens.csv of N rows into a fresh database.

    .venv/bin/python benchmarks/import_citizens.py --rows 500000 --database sqlite
    .venv/bin/python benchmarks/import_citizens.py --rows 500000 --database postgresql

Generates the file to a temporary directory (streamed, valid rows: national IDs consistent with
birth date, sex and governorate; unique mobiles for adults), imports it with the same use case as
``unicard import citizens``, and prints one JSON line:
``{"rows", "seconds", "rows_per_s", "peak_rss_mb", "database"}``. ``seconds`` covers the whole
import (fingerprint, validation, staging, set-wise checks, apply, commit), not the generation.
PostgreSQL gets a throw-away schema in the database at ``--url``, dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import resource
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from unicard.adapters.clock import SystemClock
from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.db.bulk import SqlImportUnitOfWork
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.schema import upgrade
from unicard.services.imports.citizens import import_citizens
from unicard.services.imports.formats import CITIZENS

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MALE = ["محمد", "أحمد", "محمود", "مصطفى", "علي", "حسن", "إبراهيم", "خالد", "عمر", "يوسف", "طارق", "كريم"]
FEMALE = ["فاطمة", "مريم", "منى", "هبة", "سعاد", "زينب", "نورهان", "رانيا", "نادية", "جنى", "آية", "سارة"]
FAMILY = ["الشربيني", "النجار", "الجمال", "عبد الرحمن", "عبد الحميد", "كامل", "رمضان", "فؤاد", "السيد"]
BIRTH_GOVERNORATES = ["03"] * 7 + ["01", "19", "88"]
FIRST_DAY = dt.date(1940, 1, 1)
DAYS = 29_000  # birth dates span 1940–2019
ADULT_BEFORE = dt.date.today().replace(year=dt.date.today().year - 18)


def citizen_rows(count: int) -> Iterator[list[str]]:
    for i in range(count):
        # i ↦ (day, serial) is one-to-one (7919 is prime to DAYS), so every national ID is unique.
        birth = FIRST_DAY + dt.timedelta(days=(i * 7919) % DAYS)
        male = i % 2 == 0
        sex_digit = (1 + 2 * (i % 5)) if male else 2 * (i % 5)
        governorate = BIRTH_GOVERNORATES[i % len(BIRTH_GOVERNORATES)]
        century = "2" if birth.year < 2000 else "3"
        national_id = f"{century}{birth:%y%m%d}{governorate}{(i // DAYS) % 1000:03d}{sex_digit}{i % 10}"
        first = (MALE if male else FEMALE)[i % 12]
        name_ar = f"{first} {MALE[(i // 12) % 12]} {FAMILY[(i // 144) % len(FAMILY)]}"
        mobile = f"01{'0125'[i % 4]}{i:08d}" if birth < ADULT_BEFORE else ""
        yield [national_id, name_ar, birth.isoformat(), "M" if male else "F", "03", mobile]


def write_file(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["national_id", "name_ar", "birth_date", "sex", "residence_governorate", "mobile"])
        writer.writerows(citizen_rows(count))


def postgres_schema(url: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with create_engine(url).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False), schema


def run(rows: int, database: str, server: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "citizens.csv"
        write_file(path, rows)
        schema = None
        if database == "sqlite":
            url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        else:
            url, schema = postgres_schema(server)
        engine = make_engine(url)
        upgrade(engine)
        try:
            started = time.perf_counter()
            outcome = import_citizens(
                SqlImportUnitOfWork(engine), SystemClock(), CsvRecords(path, CITIZENS), "benchmark"
            )
            seconds = time.perf_counter() - started
        finally:
            engine.dispose()
            if schema:
                with create_engine(server).begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    assert outcome.accepted, outcome.errors.listed[:5]
    return {
        "rows": outcome.rows,
        "seconds": round(seconds, 1),
        "rows_per_s": round(outcome.rows / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "database": database,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--url", default=POSTGRES_URL, help="PostgreSQL server to use (a schema is made in it)"
    )
    arguments = parser.parse_args()
    print(json.dumps(run(arguments.rows, arguments.database, arguments.url)))


if __name__ == "__main__":
    main()
