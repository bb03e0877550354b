"""What ``unicard demo`` prints before serving: where to go, how to sign in, whom to look up."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from sqlalchemy.engine import make_url

from unicard.config import Settings
from unicard.domain.operators.operator import ALL_GOVERNORATES
from unicard.services.demo import DEMO_LOGINS, DemoLogin, DemoPopulation, DemoSamples
from unicard.services.demo_payments import OPENING_DEPOSIT, DemoPayments

_ANY_ADDRESS = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}  # listening everywhere: show a local URL


@dataclass(frozen=True, slots=True)
class Welcome:
    settings: Settings
    host: str
    port: int
    population: DemoPopulation | None
    created: list[DemoLogin]  # the demo operators created by this run
    samples: DemoSamples
    payments: DemoPayments | None = None  # merchants, terminals and cards to try payments with

    @property
    def base_url(self) -> str:
        host = _ANY_ADDRESS.get(self.host, f"[{self.host}]" if ":" in self.host else self.host)
        return f"http://{host}:{self.port}"


def show(console: Console, welcome: Welcome) -> None:
    console.print(
        Panel(
            Group(
                _about(welcome),
                "",
                _urls(welcome),
                "",
                _logins(welcome),
                "",
                _samples(welcome),
                *_payments(welcome.payments),
            ),
            title="unicard demo",
            border_style="green",
        )
    )
    # Outside the panel and never wrapped, so they can be copied and pasted as they are.
    console.print("Get a token, then look someone up:", soft_wrap=True)
    for command in _curl(welcome):
        console.print(command, soft_wrap=True, markup=False, highlight=False)
    if welcome.payments is not None:
        console.print("Pay at a terminal (each request needs a new Idempotency-Key):", soft_wrap=True)
        for command in _terminal_curl(welcome.base_url, welcome.payments):
            console.print(command, soft_wrap=True, markup=False, highlight=False)


def _about(welcome: Welcome) -> str:
    database = make_url(welcome.settings.database_url).render_as_string(hide_password=True)
    held = welcome.population
    if held is None:
        return f"Database: {database}"
    counts = held.counts
    return (
        f"Port Said, {held.size} population (seed {held.seed}, ages as of {held.today}): "
        f"{counts.citizens:,} citizens, {counts.households:,} ration households, "
        f"{counts.members:,} members\nDatabase: {database}"
    )


def _urls(welcome: Welcome) -> Table:
    table = Table.grid(padding=(0, 2))
    base = welcome.base_url
    for label, path in (
        ("API docs", "/docs"),
        ("OpenAPI", "/openapi.json"),
        ("Liveness", "/healthz"),
        ("Readiness", "/readyz"),
        ("Metrics", "/metrics"),
    ):
        table.add_row(label, f"[link={base}{path}]{base}{path}[/link]")
    return table


def _logins(welcome: Welcome) -> Group:
    # A grid, not a boxed table: on an 80-column terminal a box would cut the passwords short.
    table = Table.grid(padding=(0, 2))
    for _ in range(3):
        table.add_column(no_wrap=True)
    table.add_row("[bold]username", "[bold]password", "[bold]role, governorates")
    for login in DEMO_LOGINS:
        scope = "all" if login.governorate == ALL_GOVERNORATES else login.governorate
        table.add_row(login.username, login.password, f"{login.role.value}, {scope}")
    created = "; created just now" if welcome.created else ""
    return Group(f"[bold]Demo logins[/] (fixed passwords: this is a demo{created})", table)


def _samples(welcome: Welcome) -> Group:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    found = welcome.samples
    for national_id, who in (
        (found.big_family_head, f"head of a ration household of {found.big_family_size}"),
        (found.widow, "a woman heading a household with no husband: a widow"),
        (found.without_household, "an adult on no ration card"),
    ):
        if national_id:
            table.add_row(national_id, who)
    return Group("[bold]National IDs to look up", table)


def _curl(welcome: Welcome) -> list[str]:
    login = DEMO_LOGINS[1]  # the supply officer: sees full national IDs in Port Said
    body = json.dumps({"username": login.username, "password": login.password})
    token = (
        f"TOKEN=$(curl -s -X POST {welcome.base_url}/api/v1/auth/token "
        f"-H 'Content-Type: application/json' -d {shlex.quote(body)} "
        """| python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"""
    )
    someone = welcome.samples.big_family_head or "<national ID>"
    lookup = f'curl -s {welcome.base_url}/api/v1/citizens/{someone} -H "Authorization: Bearer $TOKEN"'
    return [token, lookup]


def _payments(payments: DemoPayments | None) -> list[RenderableType]:
    if payments is None:
        return []
    # No merchant id nor kind: the terminal id holds both, and the secret must fit 80 columns.
    terminals = Table.grid(padding=(0, 2))
    for _ in range(3):
        terminals.add_column(no_wrap=True)
    terminals.add_row("[bold]where", "[bold]terminal id", "[bold]terminal secret")
    for terminal in payments.terminals:
        terminals.add_row(terminal.key, terminal.terminal_id, terminal.secret)
    cards = Table.grid(padding=(0, 2))
    for _ in range(3):
        cards.add_column(no_wrap=True)
    cards.add_row("[bold]card number", "[bold]national ID", "[bold]holder")
    for card in payments.cards:
        household = f" of household {card.household}" if card.household else ""
        cards.add_row(card.pan, card.national_id, f"{card.who}{household}")
    grocer = payments.terminal("grocer").merchant_id
    return [
        "",
        Group("[bold]Demo terminals[/] (Port Said; HTTP Basic: terminal id and secret)", terminals),
        "",
        Group(
            f"[bold]Demo cards[/] (payments, supply, health; {OPENING_DEPOSIT} in each wallet; "
            f"households assigned to grocer {grocer})",
            cards,
        ),
    ]


def _terminal_curl(base_url: str, payments: DemoPayments) -> list[str]:
    if not payments.cards:
        return []
    pan = payments.cards[0].pan
    examples = (
        ("bakery", {"type": "bread_purchase", "card": {"pan": pan}, "loaves": 5}),
        (
            "grocer",
            {
                "type": "ration_redemption",
                "card": {"pan": pan},
                "basket": [{"item": payments.ration_item, "quantity": 1}],
            },
        ),
        ("shop", {"type": "purchase", "card": {"pan": pan}, "amount": 2_500}),
    )
    commands = []
    for key, body in examples:
        terminal = payments.terminal(key)
        commands.append(
            f"curl -s -X POST {base_url}/api/v1/terminal/transactions "
            f"-u {shlex.quote(f'{terminal.terminal_id}:{terminal.secret}')} "
            '-H "Idempotency-Key: demo-$RANDOM$RANDOM" '
            f"-H 'Content-Type: application/json' -d {shlex.quote(json.dumps(body))}"
        )
    return commands
