"""The SMPP adapter's pure parts: what a text becomes on the wire, addresses, statuses, settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from unicard.adapters.sms import smpp_config_from
from unicard.adapters.sms.smpp import SmppConfig, SmppSmsGateway, provider_ref, status_name
from unicard.adapters.sms.smpp import _addresses as addresses
from unicard.adapters.sms.smpp_parts import concatenation_reference, parts_of
from unicard.config import Settings
from unicard.services.notifications import SmsPermanentFailure

ARABIC_LETTER = "ب"
EMOJI = "🙂"  # outside the BMP: a UTF-16 surrogate pair


class TestParts:
    def test_gsm7_is_one_septet_per_octet_and_extensions_are_escaped(self) -> None:
        [part] = parts_of("Hi [€]", reference="1")
        assert (part.data_coding, part.esm_class) == (0x00, 0x00)
        assert part.short_message == b"Hi \x1b<\x1be\x1b>"

    def test_an_extension_character_costs_two_septets(self) -> None:
        assert len(parts_of("€" * 80, reference="1")) == 1  # 160 septets
        parts = parts_of("€" * 81, reference="1")  # 162: two parts, no escape cut from its code
        assert len(parts) == 2
        assert all(part.short_message[6:].count(b"\x1b") * 2 == len(part.short_message[6:]) for part in parts)

    def test_ucs2_is_big_endian_utf16(self) -> None:
        [part] = parts_of("سلام", reference="1")
        assert (part.data_coding, part.short_message) == (0x08, "سلام".encode("utf-16-be"))

    def test_70_arabic_letters_are_one_part_and_71_are_two(self) -> None:
        assert len(parts_of(ARABIC_LETTER * 70, reference="1")) == 1
        first, second = parts_of(ARABIC_LETTER * 71, reference="1")
        assert first.short_message[:6] == bytes((5, 0, 3, concatenation_reference("1"), 2, 1))
        assert second.short_message[:6] == bytes((5, 0, 3, concatenation_reference("1"), 2, 2))
        assert (len(first.short_message), len(second.short_message)) == (6 + 67 * 2, 6 + 4 * 2)

    def test_a_surrogate_pair_is_never_cut(self) -> None:
        text = ARABIC_LETTER * 66 + EMOJI + ARABIC_LETTER * 10
        parts = parts_of(text, reference="9")
        decoded = [part.short_message[6:].decode("utf-16-be") for part in parts]  # each part whole
        assert "".join(decoded) == text
        assert decoded[0] == ARABIC_LETTER * 66

    def test_the_concatenation_reference_follows_the_outbox_id(self) -> None:
        assert concatenation_reference("1234") == concatenation_reference("1234")
        assert len({concatenation_reference(str(n)) for n in range(1000)}) > 200  # spread over 0–255

    def test_more_than_255_parts_is_refused_for_good(self) -> None:
        with pytest.raises(ValueError, match="255"):
            parts_of(ARABIC_LETTER * (67 * 255 + 1), reference="1")
        gateway = SmppSmsGateway(SmppConfig("127.0.0.1", 9, "unicard", "pw"))  # never reached
        try:
            with pytest.raises(SmsPermanentFailure, match="255"):
                gateway.send("+201012345678", ARABIC_LETTER * (67 * 255 + 1), reference="1")
        finally:
            gateway.close()


class TestWire:
    def test_addresses(self) -> None:
        assert addresses("UNICARD", "+201012345678") == {
            "source_addr_ton": 5,
            "source_addr_npi": 0,
            "source_addr": "UNICARD",
            "dest_addr_ton": 1,
            "dest_addr_npi": 1,
            "destination_addr": "201012345678",
        }
        assert addresses("+20225555555", "+2010")["source_addr_ton"] == 1
        assert addresses("15999", "+2010")["source_addr_ton"] == 0

    def test_provider_ref_fits_the_outbox_column(self) -> None:
        assert provider_ref(["a", "b"]) == "a,b"
        long = provider_ref([f"{n:030d}" for n in range(5)])
        assert len(long) <= 64
        assert long.endswith("+4 parts")

    def test_statuses_are_named(self) -> None:
        assert status_name(0x58) == "ESME_RTHROTTLED (0x00000058)"
        assert status_name(0x12345) == "0x00012345"


class TestSettings:
    def test_smpp_needs_a_system_id(self) -> None:
        with pytest.raises(ValidationError, match="UNICARD_SMPP_SYSTEM_ID must be set"):
            Settings(environment="test", sms_gateway="smpp")

    def test_a_sender_name_has_11_characters_at_most(self) -> None:
        with pytest.raises(ValidationError, match="11 characters"):
            Settings(
                environment="test", sms_gateway="smpp", smpp_system_id="u", smpp_source_addr="UNICARD-EGYPT"
            )
        Settings(
            environment="test", sms_gateway="smpp", smpp_system_id="u", smpp_source_addr="+201234567890123"
        )

    def test_the_settings_become_the_gateways_config_with_the_password_hidden(self) -> None:
        settings = Settings(
            environment="test",
            sms_gateway="smpp",
            smpp_host="smsc.example",
            smpp_port=2776,
            smpp_system_id="unicard",
            smpp_password="hunter2",
            smpp_throttle_retries=2,
        )
        config = smpp_config_from(settings)
        assert (config.host, config.port, config.system_id, config.password) == (
            "smsc.example",
            2776,
            "unicard",
            "hunter2",
        )
        assert config.throttle_retries == 2
        assert "hunter2" not in repr(settings)
        assert "hunter2" not in repr(config)
