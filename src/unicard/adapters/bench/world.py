"""A throw-away Port Said world for the authorization benchmark, bulk-loaded.

The registry (citizens, households, members) goes in through the demo's own loader
(``load_families``: ``COPY`` on PostgreSQL, ``executemany`` on SQLite); cards, merchants,
terminals and grocer assignments are written here the same way, in one transaction, with every
constraint on. The policy is seeded through its use case. Nothing else is created up front:
ledger accounts and entitlement periods open on first use, as in production.

The database is fresh: a ``bench_<random>`` schema on PostgreSQL (reached through
``search_path``, dropped at the end; ``public`` is never touched) or a SQLite file in a
temporary directory.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import psycopg
from sqlalchemy import Connection, Engine, create_engine, insert, literal, select, text
from sqlalchemy.engine import make_url

from unicard.adapters.clock import SystemClock
from unicard.adapters.db.cards import pan_lookup_hash
from unicard.adapters.db.ledger_accounts import create_accounts
from unicard.adapters.db.population_loader import load_families
from unicard.adapters.db.tables_card_security import card_security as card_security_rows
from unicard.adapters.db.tables_payments import cards, merchants, terminals
from unicard.adapters.db.types import UtcDateTime
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.policy_files import load_shipped_book
from unicard.adapters.population import PopulationSpec, generate
from unicard.domain.merchants import MerchantKind
from unicard.domain.merchants.ids import merchant_id, terminal_id
from unicard.domain.payments.types import CardService
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.pan import Pan
from unicard.services import policies
from unicard.services.payments.accounts import merchant_accounts
from unicard.services.ports import ChangeNote

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PORT_SAID_GOVERNORATE = "03"
#: The pilot population's residents per ration household (500,000 / 42,000).
CITIZENS_PER_HOUSEHOLD = 500_000 / 42_000
_BIN = "507803"
_SERVICES = ",".join(sorted(CardService))
CARDS_EXPIRE_ON = dt.date(2031, 12, 31)
_ACTOR = "bench"


@dataclass(frozen=True, slots=True)
class BenchHousehold:
    number: str
    pans: tuple[str, ...]  # the members' cards
    grocer_terminal: str  # the terminal of the grocer the household is assigned to


@dataclass(frozen=True, slots=True)
class BenchWorld:
    households: Sequence[BenchHousehold]
    bakery_terminals: Sequence[str]
    grocer_terminals: Sequence[str]
    secret: str  # every bench terminal's secret (one secret, many terminals)
    citizens: int
    cards: int


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """A fresh, empty database for ``url``'s server: the URL to reach it, gone afterwards.

    PostgreSQL: a new ``bench_<random>`` schema through ``search_path``. SQLite: a new file in a
    temporary directory, whatever path the URL names (an existing database is never reused).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="unicard-bench-"))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(parsed)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        scoped = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield scoped.render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def seed_world(
    uow_factory: SqlUnitOfWorkFactory,
    secret_hash: str,
    secret: str,
    *,
    households: int,
    bakeries: int,
    grocers: int,
    seed: int = 42,
    card_security: bool = False,
    say: Callable[[str], None] = lambda _line: None,
) -> BenchWorld:
    """Load the world into ``uow_factory``'s empty, migrated database; cards are hashed with its
    card lookup key, so its authorization engine finds them. ``card_security``: every card has
    its security row (no ATC seen yet), as a card in use has had since its PIN was set."""
    if households < 1 or bakeries < 1 or grocers < 1:
        raise ValueError("need at least one household, bakery and grocer")
    engine, clock = uow_factory.engine, SystemClock()
    now = clock.now()
    policies.ensure_policy_seeded(uow_factory(), clock, load_shipped_book())
    citizens = max(households, round(households * CITIZENS_PER_HOUSEHOLD))
    spec = PopulationSpec(citizens, households, seed=seed, today=cairo_date(now))
    with engine.begin() as connection:
        say(f"loading {citizens:,} citizens in {households:,} households…")
        load_families(connection, generate(spec), ChangeNote(_ACTOR, now, "benchmark population"))
        say(f"{bakeries:,} bakeries and {grocers:,} grocers, one terminal each…")
        bakery_ids = _add_merchants(connection, MerchantKind.BAKERY, bakeries, secret_hash, now)
        grocer_ids = _add_merchants(connection, MerchantKind.GROCER, grocers, secret_hash, now)
        _assign_grocers(connection, grocers)
        # Merchants that have traded before: their accounts exist (a first sale ever goes alone).
        create_accounts(
            connection,
            merchant_accounts(
                [(MerchantKind.BAKERY, bakery) for bakery in bakery_ids]
                + [(MerchantKind.GROCER, grocer) for grocer in grocer_ids]
            ),
        )
        members = _members(connection)
        say(f"{len(members):,} cards…")
        card_count = _add_cards(connection, members, uow_factory.card_lookup_key, now)
        if card_security:
            columns = ["card_token", "updated_at"]
            connection.execute(
                insert(card_security_rows).from_select(
                    columns, select(cards.c.token, literal(now, UtcDateTime()))
                )
            )
    refresh_statistics(engine)
    grouped: dict[str, list[str]] = {}
    grocer_of: dict[str, str] = {}
    for citizen_id, number, grocer in members:
        grouped.setdefault(number, []).append(_pan(citizen_id))
        grocer_of[number] = grocer
    return BenchWorld(
        households=[
            BenchHousehold(number, tuple(pans), terminal_id(grocer_of[number], 1))
            for number, pans in grouped.items()
        ],
        bakery_terminals=[terminal_id(merchant, 1) for merchant in bakery_ids],
        grocer_terminals=[terminal_id(merchant, 1) for merchant in grocer_ids],
        secret=secret,
        citizens=citizens,
        cards=card_count,
    )


def _add_merchants(
    connection: Connection, kind: MerchantKind, count: int, secret_hash: str, now: dt.datetime
) -> list[str]:
    label = "مخبز" if kind is MerchantKind.BAKERY else "بقالة تموينية"
    ids = [merchant_id(kind, PORT_SAID_GOVERNORATE, serial) for serial in range(1, count + 1)]
    connection.execute(
        insert(merchants),
        [
            {
                "id": merchant,
                "kind": kind.value,
                "name_ar": f"{label} {serial}",
                "name_en": f"Bench {kind.value} {serial}",
                "governorate": PORT_SAID_GOVERNORATE,
                "status": "active",
                "created_at": now,
            }
            for serial, merchant in enumerate(ids, start=1)
        ],
    )
    connection.execute(
        insert(terminals),
        [
            {
                "id": terminal_id(merchant, 1),
                "merchant_id": merchant,
                "secret_hash": secret_hash,
                "status": "active",
                "created_at": now,
            }
            for merchant in ids
        ],
    )
    return ids


def _assign_grocers(connection: Connection, grocers: int) -> None:
    """Household ``id`` gets grocer serial ``(id - 1) % grocers + 1``, all in Port Said."""
    prefix = f"{MerchantKind.GROCER.prefix}-{PORT_SAID_GOVERNORATE}-"
    if connection.dialect.name == "postgresql":
        serial = "lpad((((id - 1) % :grocers) + 1)::text, 6, '0')"
    else:
        serial = "substr('000000' || (((id - 1) % :grocers) + 1), -6, 6)"
    connection.execute(
        text(f"UPDATE households SET grocer_id = :prefix || {serial}"),
        {"prefix": prefix, "grocers": grocers},
    )


def _members(connection: Connection) -> list[tuple[int, str, str]]:
    """(citizen id, household number, grocer id) of every open membership, household by household."""
    rows = connection.execute(
        text(
            "SELECT m.citizen_id, h.number, h.grocer_id FROM household_members AS m"
            " JOIN households AS h ON h.id = m.household_id"
            " WHERE m.left_at IS NULL ORDER BY m.household_id, m.id"
        )
    )
    return [(int(row[0]), str(row[1]), str(row[2])) for row in rows]


def _pan(citizen_id: int) -> str:
    return Pan.issue(_BIN, str(citizen_id)).value


def _add_cards(
    connection: Connection, members: list[tuple[int, str, str]], key: bytes, now: dt.datetime
) -> int:
    columns = (
        "token",
        "pan_hmac",
        "last4",
        "citizen_id",
        "sequence_number",
        "expires_on",
        "status",
        "services",
        "created_at",
        "activated_at",
    )

    def rows() -> Iterator[tuple[object, ...]]:
        for citizen_id, _number, _grocer in members:
            pan = _pan(citizen_id)
            yield (
                secrets.token_hex(16),
                pan_lookup_hash(key, pan),
                pan[-4:],
                citizen_id,
                0,
                CARDS_EXPIRE_ON,
                "active",
                _SERVICES,
                now,
                now,
            )

    if connection.dialect.name == "postgresql":
        raw = cast("psycopg.Connection[Any]", connection.connection.driver_connection)
        with raw.cursor() as cursor, cursor.copy(f"COPY cards ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows():
                copy.write_row(row)
    else:
        connection.execute(insert(cards), [dict(zip(columns, row, strict=True)) for row in rows()])
    return len(members)


def refresh_statistics(engine: Engine) -> None:
    """PostgreSQL: ANALYZE the bench schema's tables that have rows, as autovacuum would have on
    a server that grew to this size (a table filled seconds ago is planned as nearly empty
    otherwise). An empty table is left unanalyzed: analyzed empty, it would be planned as empty
    while the run fills it (sequential scans for every foreign-key check of the postings)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        tables = connection.exec_driver_sql(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()"
        ).scalars()
        filled = [
            table
            for table in tables
            if connection.exec_driver_sql(f"SELECT EXISTS (SELECT FROM {table})").scalar()
        ]
        if filled:
            connection.exec_driver_sql(f"ANALYZE {', '.join(filled)}")
