"""An appeal's states, and who may move it: the supply officer of the household's governorate."""

from __future__ import annotations

import datetime as dt

import pytest

from unicard.domain.appeals import Appeal, AppealStatus, EventKind, FactCorrection, Opener, ProposedFact
from unicard.domain.appeals.appeal import next_period_start
from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.errors import Conflict, Forbidden, InvalidValue

AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
CITIZEN = "28503140300137"


def officer(
    name: str = "sara.officer", *, governorates: str = "03", role: Role = Role.SUPPLY_OFFICER
) -> Operator:
    return Operator.create(
        username=name, display_name=name, roles=frozenset({role}), governorates=frozenset({governorates})
    )


def opened(opener: Opener | None = None, by: Operator | None = None, outcome: str = "excluded") -> Appeal:
    appeal, _ = Appeal.open(
        decision_id=7,
        decision_outcome=outcome,
        household_number="1000000001",
        governorate="03",
        reason="  we sold the car in 2023  ",
        opener=opener or Opener.citizen(CITIZEN),
        appellant=CITIZEN,
        officer=by,
        at=AT,
    )
    return appeal


def reviewing(appeal: Appeal | None = None, by: Operator | None = None) -> Appeal:
    after, _ = (appeal or opened()).take_for_review(by or officer(), AT)
    return after


class TestOpening:
    def test_a_citizen_opens_an_appeal_on_an_exclusion(self) -> None:
        appeal, event = Appeal.open(
            decision_id=7,
            decision_outcome="excluded",
            household_number="1000000001",
            governorate="03",
            reason="we sold the car",
            opener=Opener.citizen(CITIZEN),
            at=AT,
            proposed=(ProposedFact.create(national_id=CITIZEN, fact="vehicles", value=0),),
        )
        assert appeal.status is AppealStatus.OPENED
        assert (event.kind, event.actor, event.note) == (
            EventKind.OPENED,
            f"citizen:{CITIZEN}",
            "we sold the car",
        )
        assert event.details == {"decision_id": 7, "via": "app", "facts": 1}

    def test_the_reason_is_cleaned_and_required(self) -> None:
        assert opened().reason == "we sold the car in 2023"
        with pytest.raises(InvalidValue) as caught:
            Appeal.open(
                decision_id=7,
                decision_outcome="excluded",
                household_number="1",
                governorate="03",
                reason="   ",
                opener=Opener.citizen(CITIZEN),
                at=AT,
            )
        assert (caught.value.code, caught.value.params["field"]) == ("appeal.reason_missing", "reason")

    def test_an_eligible_decision_cannot_be_appealed(self) -> None:
        with pytest.raises(Conflict) as caught:
            opened(outcome="eligible")
        assert caught.value.code == "appeal.decision_not_adverse"

    def test_a_decision_needing_review_can(self) -> None:
        assert opened(outcome="needs_review").status is AppealStatus.OPENED

    def test_a_supply_office_of_the_governorate_opens_on_the_citizens_behalf(self) -> None:
        clerk = officer("mona.office")
        assert opened(Opener.office(clerk), clerk).opener.actor == "mona.office"

    def test_an_office_of_another_governorate_may_not(self) -> None:
        cairo = officer("cairo.office", governorates="01")
        with pytest.raises(Forbidden) as caught:
            opened(Opener.office(cairo), cairo)
        assert caught.value.code == "appeal.out_of_scope"


class TestReviewAndDecision:
    def test_review_then_uphold_makes_the_household_eligible_from_next_month(self) -> None:
        appeal = reviewing()
        assert (appeal.status, appeal.reviewer) == (AppealStatus.UNDER_REVIEW, "sara.officer")
        decided, event = appeal.decide(officer(), upheld=True, note="car sold, contract seen", at=AT)
        assert decided.status is AppealStatus.UPHELD
        assert decided.effective_from == dt.date(2026, 12, 1)
        assert (event.kind, event.details) == (EventKind.UPHELD, {"effective_from": "2026-12-01"})
        assert decided.version == 3

    def test_reject_keeps_the_reason_and_changes_no_eligibility(self) -> None:
        decided, event = reviewing().decide(officer(), upheld=False, note="car still registered", at=AT)
        assert (decided.status, decided.effective_from, event.note) == (
            AppealStatus.REJECTED,
            None,
            "car still registered",
        )

    def test_a_decision_says_why(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            reviewing().decide(officer(), upheld=False, note="", at=AT)
        assert caught.value.code == "appeal.reason_missing"

    def test_an_officer_of_another_governorate_may_not_decide(self) -> None:
        with pytest.raises(Forbidden) as caught:
            reviewing().decide(officer("cairo.officer", governorates="01"), upheld=True, note="ok", at=AT)
        assert caught.value.code == "appeal.out_of_scope"

    @pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR, Role.POST_CLERK])
    def test_only_a_supply_officer_reviews(self, role: Role) -> None:
        with pytest.raises(Forbidden) as caught:
            opened().take_for_review(officer("someone", governorates="*", role=role), AT)
        assert caught.value.code == "appeal.officer_only"

    def test_the_officer_who_opened_it_may_not_decide_it(self) -> None:
        clerk = officer("mona.office")
        appeal = reviewing(opened(Opener.office(clerk), clerk), clerk)  # reviewing is allowed
        with pytest.raises(Forbidden) as caught:
            appeal.decide(clerk, upheld=True, note="fine", at=AT)
        assert caught.value.code == "appeal.decided_by_opener"
        assert appeal.decide(officer(), upheld=True, note="fine", at=AT)[0].decided_by == "sara.officer"

    def test_who_drafted_or_approved_the_rule_set_may_not_decide(self) -> None:
        approver = officer("rules.approver")
        with pytest.raises(Forbidden) as caught:
            reviewing().decide(
                approver,
                upheld=False,
                note="no",
                at=AT,
                rule_authors=frozenset({"analyst", "rules.approver"}),
            )
        assert caught.value.code == "appeal.decided_by_rule_author"

    def test_the_officer_who_corrected_a_fact_may_decide(self) -> None:
        appeal, sara = reviewing(), officer()
        correction = FactCorrection.create(
            national_id=CITIZEN, fact="vehicles", value=0, code=None, evidence="traffic registry extract 55"
        )
        event = appeal.record_correction(sara, correction, AT)
        assert (event.kind, event.note, event.details["fact"]) == (
            EventKind.FACT_CORRECTED,
            "traffic registry extract 55",
            "vehicles",
        )
        assert appeal.decide(sara, upheld=True, note="corrected", at=AT)[0].status is AppealStatus.UPHELD

    def test_no_decision_before_review(self) -> None:
        with pytest.raises(Conflict) as caught:
            opened().decide(officer(), upheld=True, note="ok", at=AT)
        assert caught.value.code == "appeal.wrong_state"
        assert caught.value.params["action"] == "decide"

    def test_no_correction_before_review(self) -> None:
        correction = FactCorrection.create(
            national_id=CITIZEN, fact="vehicles", value=0, code=None, evidence="x"
        )
        with pytest.raises(Conflict):
            opened().record_correction(officer(), correction, AT)

    def test_a_decided_appeal_is_final(self) -> None:
        decided, _ = reviewing().decide(officer(), upheld=False, note="no", at=AT)
        for attempt in (
            lambda: decided.decide(officer(), upheld=True, note="yes", at=AT),
            lambda: decided.take_for_review(officer(), AT),
            lambda: decided.withdraw(CITIZEN, AT),
        ):
            with pytest.raises(Conflict):
                attempt()


class TestWithdrawal:
    @pytest.mark.parametrize("appeal", [opened(), reviewing()], ids=["opened", "under_review"])
    def test_the_citizen_withdraws_an_open_appeal(self, appeal: Appeal) -> None:
        after, event = appeal.withdraw(CITIZEN, AT)
        assert (after.status, event.kind, event.actor) == (
            AppealStatus.WITHDRAWN,
            EventKind.WITHDRAWN,
            f"citizen:{CITIZEN}",
        )


class TestNextPeriod:
    @pytest.mark.parametrize(
        ("at", "expected"),
        [
            (dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), dt.date(2026, 12, 1)),
            (dt.datetime(2026, 12, 31, 10, tzinfo=dt.UTC), dt.date(2027, 1, 1)),
            # 23:30 UTC on 30 November is already 1 December in Cairo: the next month is January.
            (dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC), dt.date(2027, 1, 1)),
        ],
    )
    def test_is_the_first_of_the_following_cairo_month(self, at: dt.datetime, expected: dt.date) -> None:
        assert next_period_start(at) == expected
