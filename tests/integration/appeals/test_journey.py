"""End to end: a real rule set excludes a household for a car it no longer has; the citizen
appeals in the app (OTP session) with the corrected fact; a Port Said supply officer reviews,
corrects the fact with its evidence and upholds; the household is eligible from the next month,
the citizen hears of each step in Arabic, and the audit log is intact. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from tests.fakes import FakeSmsGateway, FixedClock
from tests.integration.appeals.citizens import APP_APPEALS, app_session
from tests.integration.appeals.world import APPEALS, messages, register
from tests.integration.http.conftest import Headers, SignIn, TestClient
from unicard.adapters.db.tables_feeds import citizen_fact_history, citizen_facts
from unicard.adapters.policy_files import load_shipped_book
from unicard.adapters.rule_files import parse_rule_set, shipped_rule_texts
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role
from unicard.domain.shared.clock import CAIRO
from unicard.services import policies
from unicard.services.eligibility import rule_sets, taking_effect
from unicard.services.notifications import dispatch_due

OCTOBER = dt.datetime(2026, 10, 20, 9, 0, tzinfo=CAIRO)
NOVEMBER = dt.datetime(2026, 11, 22, 9, 0, tzinfo=CAIRO)
DECEMBER = dt.datetime(2026, 12, 2, 9, 0, tzinfo=CAIRO)
AS_OF = dt.date(2026, 10, 1)
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def agency_fact(container: Container, national_id: str, fact: str, value: int) -> None:
    with container.uow_factory() as uow:
        uow.facts.correct_fact(
            national_id, fact, value=value, as_of=AS_OF, source="traffic", note="feed", recorded_at=OCTOBER
        )
        uow.commit()


def apply_round_2019(container: Container) -> None:
    """Drafted by an analyst, approved by another person (from 1 November), applied."""
    uow, clock = container.uow_factory, container.clock
    text = shipped_rule_texts()["round-2019.toml"]
    rule_sets.draft(uow(), clock, parse_rule_set, actor="analyst", document=text, file="round-2019")
    rule_sets.approve(uow(), clock, actor="approver", name="round-2019")
    taking_effect.apply(uow(), clock, parse_rule_set, actor="approver", name="round-2019")


def ration_credit(client: TestClient, headers: Headers, number: str) -> int:
    response = client.get(f"/api/v1/households/{number}/entitlements", headers=headers)
    assert response.status_code == 200, response.text
    piasters: int = response.json()["ration_credit_granted"]["piasters"]
    return piasters


def test_citizen_appeals_officer_corrects_and_upholds(
    client: TestClient, container: Container, clock: FixedClock, sign_in: SignIn
) -> None:
    clock.instant = OCTOBER
    policies.ensure_policy_seeded(container.uow_factory(), clock, load_shipped_book())
    clerk = sign_in(Role.ADMIN)
    (head, mobile), (wife, _) = register(client, clerk), register(client, clerk, "F")
    members = [{"national_id": wife, "relation": "spouse"}]
    body = {"number": "7000000001", "governorate": "03", "head": head, "members": members}
    assert client.post("/api/v1/households", json=body, headers=clerk).status_code == 201
    agency_fact(container, head, "newest_vehicle_year", 2020)  # sold in 2023, still on file
    agency_fact(container, head, "electricity_kwh_month", 300)
    apply_round_2019(container)

    clock.instant = NOVEMBER
    officer = sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))
    assert ration_credit(client, officer, "7000000001") == 0  # excluded from 1 November
    citizen = app_session(client, container, head, mobile)
    wrong_fact = {"national_id": head, "fact": "newest_vehicle_year", "value": 2012, "evidence": "عقد بيع ٥٥"}
    opened = client.post(
        APP_APPEALS,
        json={"reason": "بعنا السيارة موديل ٢٠٢٠ في ٢٠٢٣", "corrected_facts": [wrong_fact]},
        headers=citizen,
    )
    assert opened.status_code == 201, opened.text
    appeal: dict[str, Any] = opened.json()
    number = str(appeal["id"]).translate(ARABIC)
    assert (appeal["status"], appeal["opened_via"], appeal["household_number"]) == (
        "opened",
        "app",
        "7000000001",
    )
    assert messages(container, "appeal_opened") == [
        ("sms", mobile, f"استلمنا تظلمك رقم {number}، وسنبلغك بالقرار فور صدوره"),
        ("app", head, f"استلمنا تظلمك رقم {number}، وسنبلغك بالقرار فور صدوره"),
    ]

    waiting = client.get(APPEALS, params={"status": "opened"}, headers=officer).json()["items"]
    assert [item["id"] for item in waiting] == [appeal["id"]]
    url = f"{APPEALS}/{appeal['id']}"
    assert client.post(f"{url}/review", headers=officer).json()["status"] == "under_review"
    evidence = "عقد بيع مسجل رقم ٥٥ لسنة ٢٠٢٣ وشهادة من المرور"
    correction = {"national_id": head, "fact": "newest_vehicle_year", "value": 2012, "evidence": evidence}
    assert client.post(f"{url}/facts", json=correction, headers=officer).status_code == 200
    decided = client.post(
        f"{url}/decision", json={"outcome": "upheld", "reason": "السيارة مباعة"}, headers=officer
    )
    assert decided.status_code == 200, decided.text
    assert (decided.json()["status"], decided.json()["eligible_from"]) == ("upheld", "2026-12-01")

    # The corrected fact is the head's fact now, its evidence in the history, and the rules read it.
    with container.engine.connect() as connection:
        fact = connection.execute(
            select(citizen_facts).where(
                citizen_facts.c.national_id == head, citizen_facts.c.fact == "newest_vehicle_year"
            )
        ).one()
        notes = connection.execute(
            select(citizen_fact_history.c.note).order_by(citizen_fact_history.c.id)
        ).scalars()
        assert (fact.value, fact.source) == (2012, f"appeal:{appeal['id']}")
        assert list(notes)[-1] == evidence
    explained = client.get(
        "/api/v1/households/7000000001/eligibility", params={"rule_set": "round-2019"}, headers=officer
    )
    assert explained.json()["outcome"] == "eligible"

    upheld_text = f"قُبل تظلمك رقم {number}؛ يعود صرف التموين لأسرتك من ديسمبر ٢٠٢٦"
    assert messages(container, "appeal_upheld") == [("sms", mobile, upheld_text), ("app", head, upheld_text)]
    seen = client.get(APP_APPEALS, headers=citizen).json()
    assert [(a["status"], [e["kind"] for e in a["timeline"]]) for a in seen] == [
        ("upheld", ["opened", "review_started", "fact_corrected", "upheld"])
    ]
    assert seen[0]["decided_by"] == "supply_office"  # the citizen sees the office, not a username

    assert ration_credit(client, officer, "7000000001") == 0  # November stays as decided
    clock.instant = DECEMBER
    officer = sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))
    assert ration_credit(client, officer, "7000000001") > 0  # eligible from the next month
    report = client.get("/api/v1/audit/verify", headers=sign_in(Role.AUDITOR)).json()
    assert report["intact"] is True, report

    # The dispatcher delivers them: the SMS to the registered mobile, the events to the app.
    gateway = FakeSmsGateway()
    dispatch_due(container.uow_factory, gateway, clock)
    texts = gateway.sent[mobile]
    assert texts.index(upheld_text) > texts.index(f"استلمنا تظلمك رقم {number}، وسنبلغك بالقرار فور صدوره")
    with container.uow_factory() as uow:
        kinds = [event.kind for event in uow.citizen_events.after(head, 0, 50)]
    assert {"appeal_opened", "appeal_upheld"} <= set(kinds)
