"""A supply office opens, reviews, corrects and decides appeals over HTTP; every refusal is clear."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tests.integration.appeals.world import APPEALS, Family, make_family, messages
from tests.integration.http.conftest import PASSWORD, Headers, TestClient, bearer
from unicard.adapters.db.tables import households
from unicard.adapters.db.tables_appeals import appeal_events, appeals
from unicard.adapters.db.tables_feeds import citizen_fact_history, citizen_facts
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role
from unicard.services import operators


def open_for(client: TestClient, headers: Headers, family: Family, **more: Any) -> Any:
    body = {
        "decision_id": family.decision_id,
        "national_id": family.head,
        "reason": "we sold the car",
        **more,
    }
    return client.post(APPEALS, json=body, headers=headers)


def opened(client: TestClient, headers: Headers, family: Family, **more: Any) -> dict[str, Any]:
    response = open_for(client, headers, family, **more)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def rows(container: Container) -> tuple[int, int]:
    with container.engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(appeals)).scalar_one(),
            connection.execute(select(func.count()).select_from(appeal_events)).scalar_one(),
        )


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    assert body["detail_ar"]
    assert body["detail_en"]
    return body


class TestJourney:
    def test_open_review_correct_and_uphold(
        self,
        client: TestClient,
        container: Container,
        officer: Headers,
        second_officer: Headers,
        family: Family,
    ) -> None:
        appeal = opened(
            client,
            officer,
            family,
            corrected_facts=[
                {"national_id": family.head, "fact": "vehicles", "value": 0, "evidence": "sold 2023"}
            ],
        )
        assert (appeal["status"], appeal["opened_via"], appeal["national_id"]) == (
            "opened",
            "office",
            family.head,
        )
        assert appeal["corrected_facts"][0]["fact"] == "vehicles"
        url = f"{APPEALS}/{appeal['id']}"

        assert client.post(f"{url}/review", headers=second_officer).json()["status"] == "under_review"
        corrected = client.post(
            f"{url}/facts",
            json={
                "national_id": family.head,
                "fact": "vehicles",
                "value": 0,
                "evidence": "traffic extract 7/2023",
            },
            headers=second_officer,
        )
        assert corrected.status_code == 200, corrected.text
        decided = client.post(
            f"{url}/decision", json={"outcome": "upheld", "reason": "car sold"}, headers=second_officer
        ).json()
        assert (decided["status"], decided["eligible_from"], decided["decided_by"]) == (
            "upheld",
            "2026-12-01",
            decided["reviewer"],
        )
        assert [event["kind"] for event in decided["timeline"]] == [
            "opened",
            "review_started",
            "fact_corrected",
            "upheld",
        ]

        with container.engine.connect() as connection:
            fact = connection.execute(
                select(citizen_facts).where(citizen_facts.c.national_id == family.head)
            ).one()
            note = connection.execute(select(citizen_fact_history.c.note)).scalar_one()
            eligible = connection.execute(
                select(households.c.ration_eligible).where(households.c.number == family.number)
            ).scalar_one()
        assert (fact.fact, fact.value, fact.source) == ("vehicles", 0, f"appeal:{appeal['id']}")
        assert note == "traffic extract 7/2023"
        assert eligible is True
        assert messages(container, "appeal_upheld") == [
            (
                "sms",
                family.head_mobile,
                f"قُبل تظلمك رقم {_ar(appeal['id'])}؛ يعود صرف التموين لأسرتك من ديسمبر ٢٠٢٦",
            ),
            (
                "app",
                family.head,
                f"قُبل تظلمك رقم {_ar(appeal['id'])}؛ يعود صرف التموين لأسرتك من ديسمبر ٢٠٢٦",
            ),
        ]

    def test_a_rejection_tells_the_citizen_why(
        self,
        client: TestClient,
        container: Container,
        officer: Headers,
        second_officer: Headers,
        family: Family,
    ) -> None:
        appeal = opened(client, officer, family)
        url = f"{APPEALS}/{appeal['id']}"
        client.post(f"{url}/review", headers=second_officer)
        reason = "السيارة ما زالت مسجلة باسم رب الأسرة"
        decided = client.post(
            f"{url}/decision", json={"outcome": "rejected", "reason": reason}, headers=second_officer
        )
        assert decided.json()["status"] == "rejected"
        assert messages(container, "appeal_rejected")[0] == (
            "sms",
            family.head_mobile,
            f"رُفض تظلمك رقم {_ar(appeal['id'])}. السبب: {reason}",
        )
        assert messages(container, "appeal_opened")[0][2] == (
            f"استلمنا تظلمك رقم {_ar(appeal['id'])}، وسنبلغك بالقرار فور صدوره"
        )

    def test_list_by_status_and_stats(
        self,
        client: TestClient,
        container: Container,
        registrar: Headers,
        officer: Headers,
        second_officer: Headers,
        cairo_officer: Headers,
    ) -> None:
        first, second = (make_family(client, registrar, container.engine) for _ in range(2))
        one, _ = opened(client, officer, first), opened(client, officer, second)
        client.post(f"{APPEALS}/{one['id']}/review", headers=second_officer)
        client.post(
            f"{APPEALS}/{one['id']}/decision",
            json={"outcome": "upheld", "reason": "ok"},
            headers=second_officer,
        )

        listed = client.get(APPEALS, params={"status": "opened"}, headers=officer).json()["items"]
        assert [item["household_number"] for item in listed] == [second.number]
        assert client.get(APPEALS, headers=cairo_officer).json()["items"] == []  # another governorate's

        stats = client.get(f"{APPEALS}/stats", headers=officer).json()
        assert (stats["total"]["opened"], stats["total"]["decided"], stats["total"]["upheld_rate"]) == (
            2,
            1,
            1.0,
        )
        assert stats["total"]["median_days_to_decision"] == 0.0
        assert set(stats["by_governorate"]) == {"03"}
        assert client.get(f"{APPEALS}/stats", headers=cairo_officer).json()["total"]["opened"] == 0

    def test_every_step_is_in_an_intact_audit_log(
        self, client: TestClient, sign_in: Any, officer: Headers, second_officer: Headers, family: Family
    ) -> None:
        appeal = opened(client, officer, family)
        client.post(f"{APPEALS}/{appeal['id']}/review", headers=second_officer)
        client.post(
            f"{APPEALS}/{appeal['id']}/decision",
            json={"outcome": "rejected", "reason": "no"},
            headers=second_officer,
        )
        report = client.get("/api/v1/audit/verify", headers=sign_in(Role.AUDITOR)).json()
        assert report["intact"] is True, report


class TestOpening:
    def test_an_office_may_leave_out_the_decision_for_the_latest(
        self, client: TestClient, officer: Headers, family: Family
    ) -> None:
        body = {"national_id": family.wife, "reason": "the farmland is my brother's"}
        response = client.post(APPEALS, json=body, headers=officer)
        assert response.status_code == 201, response.text
        assert (response.json()["decision_id"], response.json()["national_id"]) == (
            family.decision_id,
            family.wife,
        )


class TestBadInput:
    def test_an_unknown_decision(
        self, client: TestClient, container: Container, officer: Headers, family: Family
    ) -> None:
        body = problem(
            open_for(client, officer, family, decision_id=987654), 404, "appeal.decision_not_found"
        )
        assert "987654" in body["detail_en"]
        assert rows(container) == (0, 0)

    def test_a_second_open_appeal_on_the_same_decision(
        self, client: TestClient, container: Container, officer: Headers, family: Family
    ) -> None:
        first = opened(client, officer, family)
        body = problem(open_for(client, officer, family), 409, "appeal.already_open")
        assert str(first["id"]) in body["detail_en"]
        assert rows(container) == (1, 1)

    def test_an_eligible_decision_is_not_appealed(
        self, client: TestClient, registrar: Headers, container: Container, officer: Headers
    ) -> None:
        family = make_family(client, registrar, container.engine, outcome="eligible")
        problem(open_for(client, officer, family), 409, "appeal.decision_not_adverse")

    def test_an_officer_of_another_governorate(
        self,
        client: TestClient,
        container: Container,
        officer: Headers,
        cairo_officer: Headers,
        family: Family,
    ) -> None:
        problem(open_for(client, cairo_officer, family), 403, "appeal.out_of_scope")
        appeal = opened(client, officer, family)
        problem(
            client.post(f"{APPEALS}/{appeal['id']}/review", headers=cairo_officer), 403, "appeal.out_of_scope"
        )
        problem(client.get(f"{APPEALS}/{appeal['id']}", headers=cairo_officer), 403, "operator.out_of_scope")

    def test_an_officer_of_another_governorate_deciding(
        self,
        client: TestClient,
        officer: Headers,
        second_officer: Headers,
        cairo_officer: Headers,
        family: Family,
    ) -> None:
        appeal = opened(client, officer, family)
        client.post(f"{APPEALS}/{appeal['id']}/review", headers=second_officer)
        decision = {"outcome": "upheld", "reason": "fine"}
        response = client.post(f"{APPEALS}/{appeal['id']}/decision", json=decision, headers=cairo_officer)
        problem(response, 403, "appeal.out_of_scope")
        assert client.get(f"{APPEALS}/{appeal['id']}", headers=officer).json()["status"] == "under_review"

    def test_a_decision_by_the_opener(self, client: TestClient, officer: Headers, family: Family) -> None:
        appeal = opened(client, officer, family)
        client.post(f"{APPEALS}/{appeal['id']}/review", headers=officer)
        response = client.post(
            f"{APPEALS}/{appeal['id']}/decision",
            json={"outcome": "upheld", "reason": "fine"},
            headers=officer,
        )
        body = problem(response, 403, "appeal.decided_by_opener")
        assert "another officer" in body["detail_en"]

    def test_a_decision_by_whoever_approved_the_rule_set(
        self, client: TestClient, container: Container, officer: Headers, family: Family
    ) -> None:
        # The test rule set was approved by "approver" (decisions.py): give that person the role.
        operators.create_operator(
            container.uow_factory(),
            container.clock,
            container.password_hasher,
            actor=operators.SYSTEM_ACTOR,
            username="approver",
            display_name="Approver and officer",
            roles=frozenset({Role.SUPPLY_OFFICER, Role.RULES_APPROVER}),
            governorates=frozenset({"03"}),
            password=PASSWORD,
        )
        approver = bearer(client, "approver")
        appeal = opened(client, officer, family)
        client.post(f"{APPEALS}/{appeal['id']}/review", headers=approver)
        response = client.post(
            f"{APPEALS}/{appeal['id']}/decision",
            json={"outcome": "rejected", "reason": "no"},
            headers=approver,
        )
        problem(response, 403, "appeal.decided_by_rule_author")

    def test_a_corrected_fact_with_an_unknown_key(
        self, client: TestClient, container: Container, officer: Headers, family: Family
    ) -> None:
        facts = [{"national_id": family.head, "fact": "yachts", "value": 1}]
        body = problem(open_for(client, officer, family, corrected_facts=facts), 422, "appeal.unknown_fact")
        assert (body["field"], "yachts" in body["detail_en"]) == ("corrected_facts.0", True)
        assert rows(container) == (0, 0)

    def test_a_corrected_fact_with_a_negative_value(
        self,
        client: TestClient,
        container: Container,
        officer: Headers,
        second_officer: Headers,
        family: Family,
    ) -> None:
        facts = [{"national_id": family.head, "fact": "electricity_kwh_month", "value": -40}]
        body = problem(open_for(client, officer, family, corrected_facts=facts), 422, "appeal.fact_negative")
        assert body["field"] == "corrected_facts.0.value"
        appeal = opened(client, officer, family)
        client.post(f"{APPEALS}/{appeal['id']}/review", headers=second_officer)
        correction = {"national_id": family.head, "fact": "vehicles", "value": -1, "evidence": "x"}
        response = client.post(f"{APPEALS}/{appeal['id']}/facts", json=correction, headers=second_officer)
        problem(response, 422, "appeal.fact_negative")
        with container.engine.connect() as connection:
            assert (
                connection.execute(select(func.count()).select_from(citizen_fact_history)).scalar_one() == 0
            )

    def test_a_correction_without_evidence_or_for_a_stranger(
        self,
        client: TestClient,
        registrar: Headers,
        container: Container,
        officer: Headers,
        second_officer: Headers,
        family: Family,
    ) -> None:
        stranger = make_family(client, registrar, container.engine).head
        appeal = opened(client, officer, family)
        url = f"{APPEALS}/{appeal['id']}/facts"
        client.post(f"{APPEALS}/{appeal['id']}/review", headers=second_officer)
        problem(
            client.post(
                url,
                json={"national_id": family.head, "fact": "vehicles", "value": 0, "evidence": " "},
                headers=second_officer,
            ),
            422,
            "appeal.evidence_missing",
        )
        problem(
            client.post(
                url,
                json={"national_id": stranger, "fact": "vehicles", "value": 0, "evidence": "x"},
                headers=second_officer,
            ),
            422,
            "appeal.not_a_member",
        )

    def test_an_appellant_outside_the_household(
        self, client: TestClient, registrar: Headers, container: Container, officer: Headers, family: Family
    ) -> None:
        stranger = make_family(client, registrar, container.engine).head
        body = problem(open_for(client, officer, family, national_id=stranger), 422, "appeal.not_a_member")
        assert body["field"] == "national_id"

    def test_an_unknown_status_filter(self, client: TestClient, officer: Headers) -> None:
        body = problem(
            client.get(APPEALS, params={"status": "pending"}, headers=officer), 422, "appeal.status_unknown"
        )
        assert "under_review" in body["detail_en"]

    def test_an_unknown_appeal(self, client: TestClient, officer: Headers) -> None:
        problem(client.post(f"{APPEALS}/424242/review", headers=officer), 404, "appeal.not_found")


def _ar(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
