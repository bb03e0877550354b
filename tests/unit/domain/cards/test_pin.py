import pytest
from hypothesis import given
from hypothesis import strategies as st
from psec import pinblock

from unicard.domain.cards.emv.ciphers import tdes_ecb_encrypt
from unicard.domain.cards.pin import PinTries, pin_matches, pin_verification_value
from unicard.domain.cards.pin_block import PinBlockFormat, decrypt_pin_block, encrypt_pin_block, format_0
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy.verification import PinPolicy, PinUnlock
from unicard.domain.shared.errors import InvalidValue

TPK = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
AES_TPK = bytes.fromhex("000102030405060708090A0B0C0D0E0F")
PAN = "5078030000000017"
POLICY = PinPolicy(min_length=4, max_length=6, tries_before_lock=3, unlock=PinUnlock.POST_OFFICE)

pins = st.from_regex(r"[0-9]{4,12}", fullmatch=True)
pans = st.from_regex(r"[0-9]{13,19}", fullmatch=True)  # format 0 uses 12 digits before the check digit


class TestFormat0:
    def test_a_worked_example(self) -> None:
        # PIN field 041234FFFFFFFFFF xor PAN field 0000111111111111 (PAN 4111111111111111).
        assert format_0("1234", "4111111111111111").hex().upper() == "041225EEEEEEEEEE"
        assert format_0("1234", "5544332211009966").hex().upper() == "041277CDDEEFF669"  # psec's

    @given(pin=pins, pan=pans)
    def test_equals_psec(self, pin: str, pan: str) -> None:
        assert format_0(pin, pan) == pinblock.encode_pinblock_iso_0(pin, pan)
        assert pinblock.decode_pinblock_iso_0(format_0(pin, pan), pan) == pin

    @given(pin=pins, pan=pans)
    def test_round_trips_under_the_tpk(self, pin: str, pan: str) -> None:
        encrypted = encrypt_pin_block(PinBlockFormat.ISO_0, TPK, pin, pan)
        assert decrypt_pin_block(PinBlockFormat.ISO_0, TPK, encrypted, pan) == pin


class TestFormat4:
    @given(pin=pins, pan=pans, fill=st.binary(min_size=8, max_size=8))
    def test_psec_reads_ours_and_we_read_psecs(self, pin: str, pan: str, fill: bytes) -> None:
        ours = encrypt_pin_block(PinBlockFormat.ISO_4, AES_TPK, pin, pan, fill)
        assert pinblock.decipher_pinblock_iso_4(AES_TPK, ours, pan) == pin
        theirs = pinblock.encipher_pinblock_iso_4(AES_TPK, pin, pan)
        assert decrypt_pin_block(PinBlockFormat.ISO_4, AES_TPK, theirs, pan) == pin


class TestMalformedBlocks:
    def reason(self, block_format: PinBlockFormat, key: bytes, encrypted: bytes, pan: str = PAN) -> str:
        with pytest.raises(InvalidValue) as caught:
            decrypt_pin_block(block_format, key, encrypted, pan)
        assert caught.value.code == "pin.block_format"
        assert "1234" not in str(caught.value)  # the PIN never reaches an error
        return str(caught.value.params["reason"])

    def test_a_format_1_block_is_refused(self) -> None:
        # Format 1: control nibble 1, PIN, then transaction-unique fill (no PAN binding).
        clear = bytes.fromhex("141234" + "A1B2C3D4E5")
        assert self.reason(PinBlockFormat.ISO_0, TPK, tdes_ecb_encrypt(TPK, clear)) == "control"

    def test_a_format_4_block_sent_as_format_0_is_refused(self) -> None:
        block = encrypt_pin_block(PinBlockFormat.ISO_4, AES_TPK, "1234", PAN, bytes(8))
        assert self.reason(PinBlockFormat.ISO_0, TPK, block) == "length"

    def test_the_wrong_terminal_key_breaks_the_layout(self) -> None:
        block = encrypt_pin_block(PinBlockFormat.ISO_0, TPK, "1234", PAN)
        other = bytes.fromhex("FEDCBA98765432100123456789ABCDEF")
        with pytest.raises(InvalidValue, match=r"pin\.block_format"):
            decrypt_pin_block(PinBlockFormat.ISO_0, other, block, PAN)

    def test_a_bad_fill_is_refused(self) -> None:
        clear = bytes.fromhex("041234FFFFFFFFF0")
        pan_field = bytes.fromhex("0000" + PAN[:-1][-12:])
        block = tdes_ecb_encrypt(TPK, bytes(a ^ b for a, b in zip(clear, pan_field, strict=True)))
        assert self.reason(PinBlockFormat.ISO_0, TPK, block) == "fill"

    def test_a_pin_of_three_digits_cannot_be_encoded(self) -> None:
        with pytest.raises(InvalidValue, match=r"pin\.digits"):
            format_0("123", PAN)


class TestVerificationValue:
    def test_matches_only_the_right_pin_and_card(self) -> None:
        key = b"k" * 32
        stored = pin_verification_value(key, PAN, "1234")
        assert "1234" not in stored
        assert pin_matches(key, PAN, "1234", stored)
        assert not pin_matches(key, PAN, "1235", stored)
        assert not pin_matches(key, "5078030000000025", "1234", stored)
        assert not pin_matches(b"j" * 32, PAN, "1234", stored)


class TestRetryCounter:
    def test_three_wrong_pins_lock_and_the_third_is_75(self) -> None:
        tries = PinTries()
        answers = []
        for _ in range(3):
            check = tries.after(False, POLICY)
            tries, answers = check.tries, [*answers, check.response]
        assert answers == [
            ResponseCode.INCORRECT_PIN,
            ResponseCode.INCORRECT_PIN,
            ResponseCode.PIN_TRIES_EXCEEDED,
        ]
        assert tries.locked

    def test_a_locked_pin_refuses_even_the_right_one(self) -> None:
        check = PinTries(3, locked=True).after(True, POLICY)
        assert (check.response, check.reason, check.tries.locked) == (
            ResponseCode.PIN_TRIES_EXCEEDED,
            "pin.locked",
            True,
        )

    def test_the_right_pin_resets_the_count(self) -> None:
        check = PinTries(2).after(True, POLICY)
        assert check.matched
        assert check.tries == PinTries()

    def test_a_clerk_unlocks(self) -> None:
        assert PinTries(3, locked=True).unlocked().after(True, POLICY).matched
