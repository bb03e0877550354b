"""The demo's payments world: Port Said merchants with a terminal each, cards, money to spend.

Every step finds what an earlier run made before making anything, so a second run (or a run on
a database built before payments existed) adds only what is missing:

* merchants are found by kind and Arabic name in Port Said;
* a terminal's secret is shown once, so the caller hands back the secrets it kept; a terminal
  whose kept secret is missing or no longer matches gets a new one (rotated, and audited);
* card numbers are derived from the citizen's national ID, so a card is found by its number;
* the opening deposit goes through the authorization engine with a fixed idempotency key, so
  a later run gets the first answer replayed instead of a second deposit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from unicard.domain.cards.demo_cards import demo_pin
from unicard.domain.merchants import MerchantKind, TerminalStatus
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.domain.payments.types import CardService, TransactionType
from unicard.domain.policy.book import PolicyBook
from unicard.domain.registry.household import Relation
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.money import Money
from unicard.domain.shared.pan import Pan
from unicard.services import grocers, merchants, policies, terminals
from unicard.services.cards import registration as cards
from unicard.services.cards.security.pins import set_pin
from unicard.services.cards.security.ports import CardKeys
from unicard.services.demo import DEMO_ACTOR, DemoSamples, DemoUnitOfWork
from unicard.services.merchant_ports import MerchantQuery
from unicard.services.payments.engine import Submission
from unicard.services.payments.requests import Answer, AuthorizationRequest
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock
from unicard.services.terminal_auth import TerminalSecrets

PORT_SAID = "03"
DEMO_BIN = "507803"
CARD_YEARS = 5
OPENING_DEPOSIT = Money(20_000)  # EGP 200
CARD_SERVICES = frozenset({CardService.PAYMENTS, CardService.SUPPLY, CardService.HEALTH})
#: The demo acts as an administrator of every governorate; its audit records say ``demo``.
DEMO_OPERATOR = Operator.create(
    username=DEMO_ACTOR,
    display_name="unicard demo",
    roles=frozenset({Role.ADMIN}),
    governorates=frozenset({ALL_GOVERNORATES}),
)


@dataclass(frozen=True, slots=True)
class DemoMerchant:
    key: str  # how the welcome panel and the credentials file name it
    kind: MerchantKind
    name_ar: str
    name_en: str


DEMO_MERCHANTS = (
    DemoMerchant("bakery", MerchantKind.BAKERY, "مخبز النصر البلدي", "Al-Nasr baladi bakery"),
    DemoMerchant("bakery-2", MerchantKind.BAKERY, "مخبز الشرق البلدي", "Al-Sharq baladi bakery"),
    DemoMerchant("grocer", MerchantKind.GROCER, "بقالة الأمل التموينية", "Al-Amal ration grocer"),
    DemoMerchant("grocer-2", MerchantKind.GROCER, "بقالة السلام التموينية", "Al-Salam ration grocer"),
    DemoMerchant("shop", MerchantKind.RETAIL, "سوبر ماركت القناة", "Canal supermarket"),
    DemoMerchant(
        "post", MerchantKind.POST_COUNTER, "مكتب بريد بورسعيد الرئيسي", "Port Said main post office"
    ),
    DemoMerchant("clinic", MerchantKind.HEALTH_PROVIDER, "عيادة الزهور الصحية", "Al-Zohour health clinic"),
)


@dataclass(frozen=True, slots=True)
class DemoTerminal:
    key: str
    kind: MerchantKind
    merchant_id: str
    merchant_name: str
    terminal_id: str
    secret: str

    def __repr__(self) -> str:
        return f"DemoTerminal({self.key!r}, {self.terminal_id!r}, secret=<hidden>)"


@dataclass(frozen=True, slots=True)
class DemoCard:
    pan: str
    national_id: str
    who: str  # "head", "spouse", "no household"
    household: str | None
    expires_on: dt.date


@dataclass(frozen=True, slots=True)
class SampleHolder:
    """A citizen to give a card to, and the household (if any) to assign to the demo grocer."""

    national_id: str
    who: str
    household: str | None


@dataclass(frozen=True, slots=True)
class DemoPayments:
    terminals: tuple[DemoTerminal, ...]
    cards: tuple[DemoCard, ...]
    ration_item: str  # a catalog code a grocer sells, for the example basket
    created: bool  # whether this call created or rotated anything (the kept file needs rewriting)
    declined_deposits: tuple[str, ...] = ()  # national IDs whose opening deposit was declined

    def terminal(self, key: str) -> DemoTerminal:
        return next(terminal for terminal in self.terminals if terminal.key == key)


Authorize = Callable[[Submission], Answer]
UnitOfWorkFactory = Callable[[], PaymentsUnitOfWork]


def demo_pan(national_id: str) -> Pan:
    """The demo card number of a citizen: the same on every run, so a run finds the last one's."""
    account = int(hashlib.sha256(national_id.encode()).hexdigest(), 16) % 10**8
    return Pan.issue(DEMO_BIN, f"9{account:08d}")


def sample_holders(uow: DemoUnitOfWork, found: DemoSamples, more: int = 3) -> list[SampleHolder]:
    """Who gets a demo card: the heads of the welcome panel's households and of ``more`` others,
    the first spouse among them, and the adult on no ration card."""
    with uow:
        numbers: list[str] = []
        for national_id in (found.big_family_head, found.widow):
            number = uow.households.number_of_active_member(national_id) if national_id else None
            if number and number not in numbers:
                numbers.append(number)
        others = [n for n in uow.population.first_households(len(numbers) + more) if n not in numbers]
        holders: list[SampleHolder] = []
        for number in numbers + others[:more]:
            household = uow.households.get(number)
            if household is None:
                continue
            members = sorted(household.members.items())
            holders += [SampleHolder(nid, "head", number) for nid, rel in members if rel is Relation.HEAD]
            if not any(holder.who == "spouse" for holder in holders):
                spouses = [nid for nid, rel in members if rel is Relation.SPOUSE]
                holders += [SampleHolder(nid, "spouse", number) for nid in spouses[:1]]
    if found.without_household:
        holders.append(SampleHolder(found.without_household, "no household", None))
    return holders


def ensure_demo_payments(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    secrets: TerminalSecrets,
    authorize: Authorize,
    shipped: PolicyBook,
    holders: Sequence[SampleHolder],
    kept: Mapping[str, str],
    card_keys: CardKeys | None = None,
) -> DemoPayments:
    """Make whatever of the demo's payments world is missing; ``kept`` maps terminal id → secret.

    With ``card_keys``, a new card gets its demo PIN (``unicard card list --demo`` shows it).
    """
    policies.ensure_policy_seeded(uow_factory(), clock, shipped)
    made: list[DemoTerminal] = []
    changed = False
    for spec in DEMO_MERCHANTS:
        terminal, new = _terminal(uow_factory, clock, secrets, spec, kept)
        made.append(terminal)
        changed = changed or new
    by_key = {terminal.key: terminal for terminal in made}
    for holder in holders:
        if holder.household is not None:
            changed = _assign(uow_factory, clock, holder.household, by_key["grocer"].merchant_id) or changed
    expires_on = _years_later(cairo_date(clock.now()), CARD_YEARS)
    issued: list[DemoCard] = []
    declined: list[str] = []
    for holder in holders:
        card, new = _card(uow_factory, clock, holder, expires_on)
        changed = changed or new
        if new and card_keys is not None:
            pin = demo_pin(card.pan)
            set_pin(uow_factory(), clock, card_keys, actor=DEMO_ACTOR, pan=card.pan, pin=pin)
        answer = _deposit(authorize, by_key["post"], card)
        if not answer.approved:
            declined.append(holder.national_id)
        issued.append(card)
    return DemoPayments(
        tuple(made), tuple(issued), _ration_item(uow_factory, clock), changed, tuple(declined)
    )


def _terminal(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    secrets: TerminalSecrets,
    spec: DemoMerchant,
    kept: Mapping[str, str],
) -> tuple[DemoTerminal, bool]:
    merchant_id = _find_merchant(uow_factory, spec)
    if merchant_id is None:
        details = merchants.MerchantDetails(spec.kind, spec.name_ar, PORT_SAID, name_en=spec.name_en)
        merchant_id = merchants.create_merchant(
            uow_factory(), clock, DEMO_OPERATOR, details, reason="unicard demo"
        ).id
    with uow_factory() as uow:
        active = [t for t in uow.merchants.terminals_of(merchant_id) if t.status is TerminalStatus.ACTIVE]
        for terminal in active:
            secret = kept.get(terminal.id)
            credentials = uow.merchants.credentials(terminal.id)
            if secret and credentials is not None and secrets.matches(secret, credentials.secret_hash):
                return DemoTerminal(
                    spec.key, spec.kind, merchant_id, spec.name_ar, terminal.id, secret
                ), False
    if active:  # its secret was not kept: only a new one can be shown
        issued = terminals.rotate_terminal_secret(
            uow_factory(), clock, secrets, DEMO_OPERATOR, active[0].id, "unicard demo: secret not kept"
        )
    else:
        issued = terminals.add_terminal(
            uow_factory(), clock, secrets, DEMO_OPERATOR, merchant_id, reason="unicard demo"
        )
    made = DemoTerminal(spec.key, spec.kind, merchant_id, spec.name_ar, issued.terminal.id, issued.secret)
    return made, True


def _find_merchant(uow_factory: UnitOfWorkFactory, spec: DemoMerchant) -> str | None:
    query = MerchantQuery(kinds=frozenset({spec.kind}), governorates=frozenset({PORT_SAID}), limit=200)
    with uow_factory() as uow:
        found = [m for m in uow.merchants.search(query) if m.name_ar == spec.name_ar and m.is_active]
    return min(found, key=lambda merchant: merchant.id).id if found else None


def _assign(uow_factory: UnitOfWorkFactory, clock: Clock, number: str, grocer_id: str) -> bool:
    with uow_factory() as uow:
        household = uow.households.get(number)
    if household is None or household.grocer_id is not None:
        return False  # one assigned already (by the demo or by an officer) keeps its grocer
    grocers.assign_grocer(uow_factory(), clock, DEMO_OPERATOR, number, grocer_id, "unicard demo")
    return True


def _card(
    uow_factory: UnitOfWorkFactory, clock: Clock, holder: SampleHolder, expires_on: dt.date
) -> tuple[DemoCard, bool]:
    pan = demo_pan(holder.national_id)
    with uow_factory() as uow:
        existing = uow.cards.find_by_pan(pan.value)
    card = DemoCard(pan.value, holder.national_id, holder.who, holder.household, expires_on)
    if existing is not None:
        return DemoCard(
            pan.value, holder.national_id, holder.who, holder.household, existing.expires_on
        ), False
    cards.register_card(
        uow_factory(),
        clock,
        actor=DEMO_ACTOR,
        national_id=holder.national_id,
        pan=pan.value,
        expires_on=expires_on,
        services=CARD_SERVICES,
    )
    return card, True


def _deposit(authorize: Authorize, post: DemoTerminal, card: DemoCard) -> Answer:
    """EGP 200 at the post office counter, once: later runs get the first answer replayed."""
    request = AuthorizationRequest(type=TransactionType.DEPOSIT, pan=card.pan, amount=OPENING_DEPOSIT)
    key = f"demo-opening-deposit-{card.national_id}"
    return authorize(Submission(post.terminal_id, post.secret, key, request))


def _ration_item(uow_factory: UnitOfWorkFactory, clock: Clock) -> str:
    with uow_factory() as uow:
        policy = uow.policies.book().in_force(cairo_date(clock.now()))
    codes = [item.code for item in policy.catalog]
    return "sugar" if "sugar" in codes else codes[0]


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
