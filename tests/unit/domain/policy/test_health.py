import pytest

from tests.unit.domain.policy.examples import COPAYMENTS, health
from unicard.domain.policy import Copayment, ExemptCategory, VisitType
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money


class TestCopayment:
    def test_a_flat_fee(self) -> None:
        assert health().copayment(VisitType.HOME_VISIT, Money.pounds(400)) == Money.pounds(100)

    def test_a_share_of_the_cost(self) -> None:
        assert health().copayment(VisitType.MEDICINES, Money.pounds(250)) == Money.pounds(25)

    def test_the_share_stops_at_the_cap(self) -> None:
        assert health().copayment(VisitType.MEDICINES, Money.pounds(50_000)) == Money.pounds(1000)

    def test_no_cap_means_the_whole_share(self) -> None:
        assert health().copayment(VisitType.IMAGING, Money.pounds(50_000)) == Money.pounds(5000)

    def test_half_a_piaster_rounds_up(self) -> None:
        assert Copayment(Money(0), 1000).amount(Money(5)) == Money(1)  # 0.5 piaster
        assert Copayment(Money(0), 1000).amount(Money(4)) == Money(0)  # 0.4 piaster

    def test_exempt_categories_pay_nothing(self) -> None:
        exempt = frozenset({ExemptCategory.UNABLE_TO_PAY})
        assert health().copayment(VisitType.HOME_VISIT, Money.pounds(400), exempt) == Money(0)

    def test_a_category_not_exempt_pays(self) -> None:
        minor = frozenset({ExemptCategory.MINOR})
        assert health().copayment(VisitType.HOME_VISIT, Money(0), minor) == Money.pounds(100)

    def test_exempting_minors_is_a_policy_choice(self) -> None:
        rules = health(exempt=frozenset({ExemptCategory.MINOR, ExemptCategory.PENSIONER}))
        assert rules.copayment(VisitType.HOME_VISIT, Money(0), frozenset({ExemptCategory.MINOR})) == Money(0)

    def test_refuses_a_negative_cost(self) -> None:
        with pytest.raises(InvalidValue, match="cost"):
            health().copayment(VisitType.MEDICINES, Money(-1))


class TestHealthValidation:
    def test_refuses_a_visit_type_left_out(self) -> None:
        copayments = {key: value for key, value in COPAYMENTS.items() if key is not VisitType.IMAGING}
        with pytest.raises(InvalidValue) as caught:
            health(copayments=copayments)
        assert caught.value.params["field"] == "health.copayments.imaging"

    @pytest.mark.parametrize(
        ("copayment", "code", "field"),
        [
            (Copayment(Money(-100)), "policy.negative", "health.copayments.specialist.flat"),
            (
                Copayment(Money(0), 10_001),
                "policy.out_of_range",
                "health.copayments.specialist.rate_basis_points",
            ),
            (
                Copayment(Money(0), -1),
                "policy.out_of_range",
                "health.copayments.specialist.rate_basis_points",
            ),
            (Copayment(Money(500), 0, Money(100)), "policy.below", "health.copayments.specialist.cap"),
        ],
    )
    def test_refuses_nonsense_naming_the_key(self, copayment: Copayment, code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            health(copayments=COPAYMENTS | {VisitType.SPECIALIST: copayment})
        assert (caught.value.code, caught.value.params["field"]) == (code, field)

    def test_refuses_an_impossible_age_of_majority(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            health(minor_below_age=0)
        assert caught.value.params["field"] == "health.minor_below_age"
