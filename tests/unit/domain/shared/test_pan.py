from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.pan import Pan, luhn_check_digit

DEMO_BIN = "507803"

# Published test card numbers, all Luhn-valid.
KNOWN_VALID = [
    "4111111111111111",  # Visa
    "4012888888881881",  # Visa
    "5555555555554444",  # Mastercard
    "5105105105105100",  # Mastercard
    "378282246310005",  # American Express, 15 digits
    "6011111111111117",  # Discover
    "3530111333300000",  # JCB
    "30569309025904",  # Diners Club, 14 digits
]


def rejection(raw: str) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        Pan.parse(raw)
    assert caught.value.params["field"] == "pan"
    return caught.value


payloads = st.text(alphabet="0123456789", min_size=11, max_size=18)


class TestLuhn:
    def test_check_digit_of_the_textbook_example(self) -> None:
        assert luhn_check_digit("7992739871") == "3"

    @pytest.mark.parametrize("number", KNOWN_VALID)
    def test_check_digit_of_known_numbers(self, number: str) -> None:
        assert luhn_check_digit(number[:-1]) == number[-1]

    @pytest.mark.parametrize("number", KNOWN_VALID)
    def test_accepts_known_valid_numbers(self, number: str) -> None:
        assert Pan.parse(number).value == number

    @given(payloads)
    def test_payload_with_its_check_digit_is_accepted(self, payload: str) -> None:
        assert Pan.parse(payload + luhn_check_digit(payload)).value.startswith(payload)

    @given(payloads, st.data())
    def test_detects_any_single_digit_change(self, payload: str, data: st.DataObject) -> None:
        valid = payload + luhn_check_digit(payload)
        position = data.draw(st.integers(min_value=0, max_value=len(valid) - 1))
        digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != valid[position]))
        changed = valid[:position] + digit + valid[position + 1 :]
        assert rejection(changed).code == "pan.luhn"

    def test_rejects_a_wrong_check_digit_with_the_number_masked(self) -> None:
        error = rejection("4111111111111112")
        assert error.code == "pan.luhn"
        assert error.params["value"] == "411111******1112"
        assert "111111111111" not in str(error)


class TestShape:
    def test_accepts_spaces_and_dashes(self) -> None:
        assert Pan.parse(" 4111 1111-1111 1111 ").value == "4111111111111111"

    @pytest.mark.parametrize("length", [12, 19])
    def test_accepts_12_to_19_digits(self, length: int) -> None:
        payload = "5" * (length - 1)
        assert len(Pan.parse(payload + luhn_check_digit(payload)).value) == length

    @pytest.mark.parametrize("length", [0, 1, 11, 20, 25])
    def test_rejects_other_lengths_naming_the_length(self, length: int) -> None:
        payload = "5" * max(length - 1, 0)
        raw = payload + luhn_check_digit(payload) if length else ""
        error = rejection(raw)
        assert error.code == "pan.wrong_length"
        assert error.params["length"] == length

    @pytest.mark.parametrize("raw", ["4111a11111111111", "4111.1111.1111.1111", "٤١١١١١١١١١١١١١١١"])
    def test_rejects_non_digits(self, raw: str) -> None:
        assert rejection(raw).code == "pan.not_digits"


class TestIssue:
    def test_issues_a_16_digit_luhn_valid_pan_under_the_bin(self) -> None:
        pan = Pan.issue(DEMO_BIN, "1")
        assert pan.value == "507803000000001" + luhn_check_digit("507803000000001")
        assert Pan.parse(pan.value) == pan

    @given(st.integers(min_value=0, max_value=10**9 - 1))
    def test_every_account_number_gives_a_valid_pan(self, account: int) -> None:
        pan = Pan.issue(DEMO_BIN, str(account))
        assert len(pan.value) == 16
        assert pan.value.startswith(DEMO_BIN)
        assert int(pan.value[6:15]) == account
        assert Pan.parse(pan.value) == pan

    def test_distinct_accounts_give_distinct_pans(self) -> None:
        assert Pan.issue(DEMO_BIN, "41") != Pan.issue(DEMO_BIN, "42")

    def test_rejects_an_account_number_too_long_for_the_bin(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Pan.issue(DEMO_BIN, "1234567890")
        assert caught.value.code == "pan.account_number"
        assert caught.value.params["digits"] == 9
        assert "1234567890" not in str(caught.value)


class TestMasking:
    pan = Pan.issue(DEMO_BIN, "987654321")
    middle = pan.value[6:-4]

    def test_masked_shows_the_bin_and_last_four(self) -> None:
        assert self.pan.masked() == DEMO_BIN + "******" + self.pan.value[-4:]

    def test_last4(self) -> None:
        assert self.pan.last4 == self.pan.value[-4:]

    @pytest.mark.parametrize("show", [repr, str, Pan.masked, "{}".format, "{!r}".format])
    def test_never_shows_the_middle_digits(self, show: Callable[[Pan], str]) -> None:
        shown = show(self.pan)
        assert self.middle not in shown
        assert "*" * len(self.middle) in shown

    def test_repr_in_a_container_stays_masked(self) -> None:
        assert self.middle not in repr([self.pan, {"pan": self.pan}])
