import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.mobile import MobileNumber, MobileOperator


def rejection(raw: str) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        MobileNumber.parse(raw)
    assert caught.value.params["field"] == "mobile"
    assert caught.value.params["value"] == raw
    return caught.value


class TestOperator:
    @pytest.mark.parametrize(
        ("raw", "operator"),
        [
            ("01012345678", MobileOperator.VODAFONE),
            ("01112345678", MobileOperator.ETISALAT),
            ("01212345678", MobileOperator.ORANGE),
            ("01512345678", MobileOperator.WE),
        ],
    )
    def test_prefix_names_the_operator(self, raw: str, operator: MobileOperator) -> None:
        mobile = MobileNumber.parse(raw)
        assert mobile.operator is operator
        assert mobile.e164 == "+2" + raw

    @pytest.mark.parametrize("prefix", ["013", "014", "016", "017", "018", "019"])
    def test_rejects_a_prefix_no_operator_uses_naming_it(self, prefix: str) -> None:
        error = rejection(prefix + "12345678")
        assert error.code == "mobile.unknown_operator"
        assert error.params["prefix"] == prefix

    def test_unknown_prefix_is_named_in_the_international_form_too(self) -> None:
        error = rejection("+201312345678")
        assert error.code == "mobile.unknown_operator"
        assert error.params["prefix"] == "013"


class TestForms:
    @pytest.mark.parametrize(
        "raw",
        [
            "01012345678",
            " 01012345678 ",
            "010 1234 5678",
            "010-1234-5678",
            "+201012345678",
            "+20 101 234 5678",
            "+20 10 1234 5678",
            "00201012345678",
            "0020 101 234 5678",
            "201012345678",
            "20 101 234 5678",
            "٠١٠١٢٣٤٥٦٧٨",  # Arabic-Indic digits
            "+٢٠١٠١٢٣٤٥٦٧٨",
            "٠٠٢٠١٠١٢٣٤٥٦٧٨",
            "٢٠١٠١٢٣٤٥٦٧٨",
        ],
    )
    def test_every_form_is_stored_in_e164(self, raw: str) -> None:
        mobile = MobileNumber.parse(raw)
        assert mobile.e164 == "+201012345678"
        assert mobile.operator is MobileOperator.VODAFONE

    def test_forms_of_one_number_are_equal(self) -> None:
        assert MobileNumber.parse("٠١٥١٢٣٤٥٦٧٨") == MobileNumber.parse("+20 15 1234 5678")


class TestRejects:
    @pytest.mark.parametrize(
        "raw",
        [
            "0223456789",  # Cairo landline
            "+20223456789",
            "0403456789",  # Tanta landline
            "0101234567",  # one digit short
            "010123456789",  # one digit long
            "12",
        ],
    )
    def test_rejects_a_number_that_is_not_an_egyptian_mobile(self, raw: str) -> None:
        assert rejection(raw).code == "mobile.not_mobile"

    @pytest.mark.parametrize(
        ("raw", "country_code"),
        [
            ("+447911123456", 44),
            ("00447911123456", 44),
            ("+966501234567", 966),
            ("+1 202 555 0143", 1),
        ],
    )
    def test_rejects_a_foreign_number_naming_its_country_code(self, raw: str, country_code: int) -> None:
        error = rejection(raw)
        assert error.code == "mobile.not_egyptian"
        assert error.params["country_code"] == country_code

    @pytest.mark.parametrize("raw", ["", "   ", "hello", "call me", "+", "--"])
    def test_rejects_garbage_as_unreadable(self, raw: str) -> None:
        assert rejection(raw).code == "mobile.unreadable"


class TestPresentation:
    def test_local_is_the_eleven_digit_form(self) -> None:
        assert MobileNumber.parse("+201212345678").local == "01212345678"

    def test_str_is_e164(self) -> None:
        assert str(MobileNumber.parse("01512345678")) == "+201512345678"

    def test_masked_hides_the_subscriber_digits(self) -> None:
        masked = MobileNumber.parse("01098765432").masked()
        assert masked == "+20109*****32"
        assert "87654" not in masked
        assert len(masked) == len("+201098765432")


@given(st.sampled_from(["0", "+20", "0020", "20"]), st.sampled_from("0125"), st.integers(0, 99_999_999))
def test_fast_path_agrees_with_the_full_parser(prefix: str, operator: str, subscriber: int) -> None:
    raw = f"{prefix}1{operator}{subscriber:08d}"
    fast = MobileNumber.parse(raw)
    number = phonenumbers.parse("+20" + raw[len(prefix) :] if prefix != "0" else raw, "EG")
    assert fast.e164 == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
