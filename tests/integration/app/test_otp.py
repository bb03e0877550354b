"""One-time codes through the use cases, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests import factories
from tests.fakes import FakeSmsGateway, FixedClock
from tests.otp_inbox import codes_sent_to, last_code_sent_to
from unicard.adapters.db.tables_app import otp_codes
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.otp_codes import HmacCodeKeeper
from unicard.domain.app.otp import DAILY_LIMIT, LIFETIME, MAX_ATTEMPTS, REISSUE_INTERVAL, OtpPurpose
from unicard.domain.operators.operator import Role
from unicard.domain.registry.citizen import Citizen
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict, DomainError, InvalidValue, NotFound
from unicard.services import citizens
from unicard.services.app.otp import issue_code, verify_code
from unicard.services.notifications.dispatch import dispatch_due

LOGIN, PICKUP = OtpPurpose.APP_LOGIN, OtpPurpose.PICKUP
ADMIN = factories.operator(Role.ADMIN)


@pytest.fixture
def keeper() -> HmacCodeKeeper:
    return HmacCodeKeeper(b"test-otp-key-" * 3)


def register(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, *, with_mobile: bool = True) -> Citizen:
    details = factories.citizen_details(with_mobile=with_mobile)
    return citizens.register_citizen(uow_factory(), clock, ADMIN, details)


class Setup:
    def __init__(self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, keeper: HmacCodeKeeper) -> None:
        self.uow_factory, self.clock, self.keeper = uow_factory, clock, keeper
        self.citizen = register(uow_factory, clock)
        assert self.citizen.mobile is not None
        self.nid, self.mobile = self.citizen.national_id.value, self.citizen.mobile.e164

    def issue(self, purpose: OtpPurpose = LOGIN, nid: str | None = None) -> str:
        issue_code(self.uow_factory(), self.clock, self.keeper, national_id=nid or self.nid, purpose=purpose)
        return last_code_sent_to(self.uow_factory, self.mobile)

    def verify(self, code: str, purpose: OtpPurpose = LOGIN) -> None:
        verify_code(
            self.uow_factory(), self.clock, self.keeper, national_id=self.nid, purpose=purpose, code=code
        )

    def refusal(self, code: str, purpose: OtpPurpose = LOGIN) -> DomainError:
        with pytest.raises(DomainError) as refused:
            self.verify(code, purpose)
        return refused.value

    def wait_out_reissue(self) -> None:
        self.clock.advance(REISSUE_INTERVAL)


@pytest.fixture
def it(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, keeper: HmacCodeKeeper) -> Setup:
    return Setup(uow_factory, clock, keeper)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


class TestIssue:
    def test_texts_a_six_digit_code_in_arabic_to_the_registered_mobile(self, it: Setup) -> None:
        issued = issue_code(it.uow_factory(), it.clock, it.keeper, national_id=it.nid, purpose=LOGIN)
        with it.uow_factory() as uow:
            [sms] = uow.outbox.find(f"otp:{issued.id}:")
        assert sms.notification.channel == "sms"
        assert sms.notification.recipient == it.mobile
        assert sms.notification.language == "ar"
        assert issued.sent_to == it.mobile[:6] + "*****" + it.mobile[-2:]
        assert issued.expires_at == it.clock.now() + LIFETIME
        code = last_code_sent_to(it.uow_factory, it.mobile)
        assert len(code) == 6
        assert code.isdigit()

    def test_stores_only_a_keyed_digest(self, it: Setup, uow_factory: SqlUnitOfWorkFactory) -> None:
        code = it.issue()
        with uow_factory() as uow:
            row = uow.connection.execute(select(otp_codes)).one()
        assert code not in "".join(str(value) for value in row)
        assert row.digest == it.keeper.digest(code, national_id=it.nid, purpose=LOGIN)

    def test_no_app_event_carries_the_code(self, it: Setup) -> None:
        it.issue()
        with it.uow_factory() as uow:
            assert [row.notification.channel for row in uow.outbox.find("otp:")] == ["sms"]

    def test_unknown_citizen_is_refused(self, it: Setup) -> None:
        with pytest.raises(NotFound, match=r"citizen\.not_found"):
            it.issue(nid=factories.national_id())

    def test_citizen_without_mobile_is_refused(self, it: Setup) -> None:
        silent = register(it.uow_factory, it.clock, with_mobile=False)
        with pytest.raises(Conflict, match=r"otp\.not_reachable"):
            it.issue(nid=silent.national_id.value)

    def test_deceased_citizen_is_refused(self, it: Setup) -> None:
        citizens.mark_deceased(it.uow_factory(), it.clock, ADMIN, it.nid, cairo_date(it.clock.now()), "death")
        with pytest.raises(Conflict, match=r"otp\.not_reachable"):
            it.issue()


class TestReissue:
    def test_a_new_code_kills_the_old_one(self, it: Setup) -> None:
        first = it.issue()
        it.wait_out_reissue()
        second = it.issue()
        if first == second:
            pytest.skip("the same six digits twice (one in a million)")
        assert it.refusal(first).code == "otp.wrong_code"
        it.verify(second)

    def test_one_live_code_per_purpose(self, it: Setup, uow_factory: SqlUnitOfWorkFactory) -> None:
        it.issue()
        it.wait_out_reissue()
        it.issue()
        pickup = it.issue(PICKUP)
        with uow_factory() as uow:
            states = uow.connection.execute(
                select(otp_codes.c.purpose, otp_codes.c.state).order_by(otp_codes.c.id)
            ).all()
        assert [tuple(row) for row in states] == [
            ("app_login", "dead"),
            ("app_login", "live"),
            ("pickup", "live"),
        ]
        it.verify(pickup, PICKUP)

    def test_too_soon_is_refused_and_sends_nothing(self, it: Setup) -> None:
        it.issue()
        it.clock.advance(dt.timedelta(seconds=20))
        with pytest.raises(Conflict) as refused:
            it.issue()
        assert (refused.value.code, refused.value.params["seconds"]) == ("otp.too_soon", 40)
        assert len(codes_sent_to(it.uow_factory, it.mobile)) == 1

    def test_at_most_the_daily_limit(self, it: Setup) -> None:
        for _ in range(DAILY_LIMIT):
            it.issue()
            it.wait_out_reissue()
        with pytest.raises(Conflict, match=r"otp\.daily_limit"):
            it.issue()
        it.clock.advance(dt.timedelta(days=1))
        it.issue()


class TestVerify:
    def test_the_right_code_is_accepted_once(self, it: Setup) -> None:
        code = it.issue()
        it.verify(code)
        assert it.refusal(code).code == "otp.no_live_code"

    def test_arabic_digits_are_accepted(self, it: Setup) -> None:
        code = it.issue()
        it.verify(code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))

    def test_a_wrong_code_says_how_many_tries_are_left(self, it: Setup) -> None:
        code = it.issue()
        refused = it.refusal(wrong(code))
        assert (refused.code, refused.params["attempts_left"]) == ("otp.wrong_code", MAX_ATTEMPTS - 1)
        it.verify(code)

    def test_five_wrong_tries_kill_the_code(self, it: Setup) -> None:
        code = it.issue()
        codes = [it.refusal(wrong(code)).code for _ in range(MAX_ATTEMPTS)]
        assert codes == ["otp.wrong_code"] * (MAX_ATTEMPTS - 1) + ["otp.attempts_exhausted"]
        assert it.refusal(code).code == "otp.no_live_code"

    def test_an_expired_code_is_refused(self, it: Setup) -> None:
        code = it.issue()
        it.clock.advance(LIFETIME)
        assert it.refusal(code).code == "otp.expired"
        assert it.refusal(code).code == "otp.no_live_code"

    def test_a_code_for_another_purpose_is_refused(self, it: Setup) -> None:
        code = it.issue(PICKUP)
        assert it.refusal(code, LOGIN).code == "otp.no_live_code"
        it.verify(code, PICKUP)

    def test_a_malformed_code_costs_no_try(self, it: Setup) -> None:
        code = it.issue()
        for _ in range(MAX_ATTEMPTS + 1):
            with pytest.raises(InvalidValue, match=r"otp\.code_format"):
                it.verify("12ab")
        it.verify(code)

    def test_without_a_code_sent_nothing_matches(self, it: Setup) -> None:
        assert it.refusal("123456").code == "otp.no_live_code"


class TestDelivery:
    def test_the_sms_arrives_in_arabic_and_the_outbox_forgets_the_code(self, it: Setup) -> None:
        code = it.issue()
        gateway = FakeSmsGateway()
        assert dispatch_due(it.uow_factory, gateway, it.clock).sent == 1
        [text] = gateway.sent[it.mobile]
        assert "رمز الدخول إلى التطبيق" in text
        assert code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in text
        assert codes_sent_to(it.uow_factory, it.mobile) == ["******"]
