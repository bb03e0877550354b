"""The eligibility API: drafting (a bad rule file names its line), four-eyes approval, a
household's decision explained in Arabic and English, the dry run as CSV, applying."""

from __future__ import annotations

import csv
import io

from starlette.testclient import TestClient

from tests.fakes import FixedClock
from tests.integration.eligibility.world import FRESH, home
from tests.integration.http.conftest import SignIn
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.rule_files import shipped_rule_texts
from unicard.domain.operators.operator import Role

BASE = "/api/v1/eligibility/rule-sets"
ROUND_2019 = shipped_rule_texts()["round-2019.toml"]


def test_a_bad_rule_file_is_refused_naming_its_line(client: TestClient, sign_in: SignIn) -> None:
    analyst = sign_in(Role.RULES_ANALYST)
    bad = ROUND_2019.replace('operator = ">="', 'operator = "≥"')
    response = client.post(BASE, json={"document": bad, "file": "2019.toml"}, headers=analyst)
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "eligibility.rule.unknown_operator"
    line = bad.splitlines().index('operator = "≥"') + 1
    assert (
        f"line {line}"
        in client.post(BASE, json={"document": bad}, headers={**analyst, "Accept-Language": "en"}).json()[
            "detail"
        ]
    )
    assert client.get(BASE, headers=analyst).json()["items"] == []


def test_draft_approve_explain_dry_run_apply(
    client: TestClient, sign_in: SignIn, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    analyst, approver, officer = (
        sign_in(Role.RULES_ANALYST),
        sign_in(Role.RULES_APPROVER),
        sign_in(Role.SUPPLY_OFFICER),
    )
    both = sign_in(Role.RULES_ANALYST, Role.RULES_APPROVER)
    rich = home(uow_factory, clock, size=2, facts=[[("electricity_kwh_month", 800, FRESH)]])

    drafted = client.post(BASE, json={"document": ROUND_2019}, headers=both)
    assert drafted.status_code == 201, drafted.text
    assert drafted.json()["status"] == "draft"
    own = client.post(f"{BASE}/round-2019/approve", headers=both)
    assert (own.status_code, own.json()["code"]) == (403, "eligibility.rule_set.self_approval")
    assert client.post(f"{BASE}/round-2019/approve", headers=analyst).status_code == 403

    explained = client.get(
        f"/api/v1/households/{rich.number}/eligibility", params={"rule_set": "round-2019"}, headers=officer
    ).json()
    assert (explained["outcome"], explained["outcome_en"]) == ("excluded", "excluded from the ration")
    electricity = next(r for r in explained["reasons"] if r["criterion"] == "electricity")
    assert (electricity["result"], electricity["value"], electricity["national_id"]) == (
        "held",
        800,
        rich.members[0],
    )
    assert electricity["en"].startswith("holds: electricity above 650 kWh a month — value 800 kWh")
    assert electricity["ar"].startswith("ينطبق: استهلاك كهرباء يزيد على 650")
    car = next(r for r in explained["reasons"] if r["criterion"] == "new_car")
    assert car["result"] == "not_held"
    assert "reported nothing" in car["en"]

    report = client.get(f"{BASE}/round-2019/dry-run", params={"format": "csv"}, headers=analyst)
    assert report.status_code == 200
    rows = list(csv.DictReader(io.StringIO(report.text)))
    total = next(r for r in rows if r["governorate"] == "ALL" and r["criterion"] == "*")
    assert (total["would_exclude_households"], total["would_exclude_people"]) == ("1", "2")

    approved = client.post(f"{BASE}/round-2019/approve", headers=approver)
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["effective_from"]) == ("approved", "2026-12-01")
    applied = client.post(f"{BASE}/round-2019/apply", headers=approver)
    assert applied.status_code == 200, applied.text
    assert (applied.json()["excluded"], applied.json()["restored"]) == (1, 0)
    listed = client.get(BASE, headers=officer).json()["items"]
    assert [(r["name"], r["status"], r["drafted_by"] != r["approved_by"]) for r in listed] == [
        ("round-2019", "effective", True)
    ]


def test_an_unknown_household_or_rule_set_is_404(client: TestClient, sign_in: SignIn) -> None:
    officer = sign_in(Role.SUPPLY_OFFICER)
    missing = client.get(
        "/api/v1/households/1234567890/eligibility", params={"rule_set": "x"}, headers=officer
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "eligibility.rule_set.not_found")
