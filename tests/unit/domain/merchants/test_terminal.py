"""Terminals: numbered within their merchant, suspended or retired, and who may transact."""

from __future__ import annotations

import pytest

from unicard.domain.merchants import (
    Merchant,
    MerchantKind,
    MerchantStatus,
    Terminal,
    TerminalRefused,
    TerminalStatus,
    check_may_transact,
    parse_terminal_status,
)
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.shared.errors import Conflict, InvalidValue

BAKERY = Merchant.create(id="BKR-03-000001", kind=MerchantKind.BAKERY, name_ar="مخبز الأمل", governorate="03")


class TestInstall:
    def test_a_terminal_is_numbered_within_its_merchant(self) -> None:
        terminal = Terminal.install(BAKERY, 3)
        assert (terminal.id, terminal.merchant_id, terminal.number) == ("T-BKR-03-000001-03", BAKERY.id, 3)
        assert terminal.status is TerminalStatus.ACTIVE

    def test_a_closed_merchant_gets_none(self) -> None:
        with pytest.raises(Conflict, match=r"merchant\.closed"):
            Terminal.install(BAKERY.with_status(MerchantStatus.CLOSED), 1)

    def test_a_suspended_merchant_may_get_one_ready_for_its_return(self) -> None:
        assert (
            Terminal.install(BAKERY.with_status(MerchantStatus.SUSPENDED), 1).status is TerminalStatus.ACTIVE
        )


class TestStatus:
    def test_suspends_and_reactivates(self) -> None:
        suspended = Terminal.install(BAKERY, 1).with_status(TerminalStatus.SUSPENDED)
        assert suspended.with_status(TerminalStatus.ACTIVE).status is TerminalStatus.ACTIVE

    def test_retiring_is_for_good(self) -> None:
        retired = Terminal.install(BAKERY, 1).with_status(TerminalStatus.RETIRED)
        with pytest.raises(Conflict, match=r"terminal\.retired_for_good"):
            retired.with_status(TerminalStatus.ACTIVE)

    def test_parses_a_status(self) -> None:
        assert parse_terminal_status(" Retired") is TerminalStatus.RETIRED
        with pytest.raises(InvalidValue, match=r"terminal\.status"):
            parse_terminal_status("lost")


class TestMayTransact:
    def test_an_active_terminal_of_an_active_merchant_may(self) -> None:
        check_may_transact(Terminal.install(BAKERY, 1), BAKERY)

    @pytest.mark.parametrize(
        ("terminal_status", "merchant_status", "code"),
        [
            (TerminalStatus.SUSPENDED, MerchantStatus.ACTIVE, "terminal.suspended"),
            (TerminalStatus.RETIRED, MerchantStatus.ACTIVE, "terminal.retired"),
            (TerminalStatus.ACTIVE, MerchantStatus.SUSPENDED, "terminal.merchant_suspended"),
            (TerminalStatus.ACTIVE, MerchantStatus.CLOSED, "terminal.merchant_closed"),
            # The terminal's own state is named first: that is what its operator can act on.
            (TerminalStatus.RETIRED, MerchantStatus.CLOSED, "terminal.retired"),
        ],
    )
    def test_each_refusal_has_its_own_code(
        self, terminal_status: TerminalStatus, merchant_status: MerchantStatus, code: str
    ) -> None:
        terminal = Terminal.install(BAKERY, 1).with_status(terminal_status)
        with pytest.raises(TerminalRefused) as refused:
            check_may_transact(terminal, BAKERY.with_status(merchant_status))
        assert refused.value.code == code
        assert refused.value.response is ResponseCode.NOT_PERMITTED_TO_TERMINAL
