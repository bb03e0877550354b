"""The issuer host's card authentication, called by the authorization engine for every card.

1. The EMV cryptogram: the ARQC must be the one the card's own keys make over the CDOL1 data
   the terminal forwarded, and its ATC above every one seen for the card (a replayed or cloned
   cryptogram is declined). A genuine ATC is kept even when the request is declined later.
2. The amount the card signed is the amount asked for.
3. Cardholder verification, per the policy in force for the transaction type: the fingerprint
   matched on the card or an offline PIN verified by it (both read from the CVR, inside the
   cryptogram), or an online PIN block checked here against the PIN verification value, with
   the retry counter that locks the PIN (75) at the policy's limit.

Evidence (``request.cardholder``): ``arqc`` and ``cdol1`` in hex; ``pin_block`` in hex and
``pin_block_format`` (``iso-0`` default, ``iso-4``) when a PIN was typed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from unicard.domain.cards.card import Card
from unicard.domain.cards.emv.cdol1 import Cdol1, CryptogramVersion, Fingerprint, OfflinePin
from unicard.domain.cards.emv.profile import card_status_update
from unicard.domain.cards.pin_block import PinBlockFormat
from unicard.domain.cards.security import CardSecurity
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy.verification import Cvm, VerificationPolicy, VerifiedTransaction
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import InvalidValue
from unicard.services.cards.security.ports import CardKeys
from unicard.services.payments.requests import AuthorizationRequest
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock

_VERIFIED = {transaction.value for transaction in VerifiedTransaction}

#: Cryptograms whose verdict is kept: a request's is asked for twice (to decide, then for tag
#: 91 with the answer), and many requests are in flight at once.
VERDICTS_KEPT = 4_096


@dataclass(frozen=True, slots=True)
class Evidence:
    data: Cdol1
    arqc: bytes
    pin_block: bytes | None
    pin_block_format: PinBlockFormat

    @classmethod
    def read(cls, raw: Mapping[str, str]) -> Evidence:
        if "arqc" not in raw or "cdol1" not in raw:
            raise Declined(ResponseCode.DO_NOT_HONOUR, "emv.cryptogram_missing")
        try:
            block_format = PinBlockFormat(raw.get("pin_block_format", PinBlockFormat.ISO_0.value))
            return cls(
                Cdol1.parse(_unhex(raw, "cdol1")),
                _unhex(raw, "arqc"),
                _unhex(raw, "pin_block") if "pin_block" in raw else None,
                block_format,
            )
        except InvalidValue as error:
            raise Declined(ResponseCode.FORMAT_ERROR, error.code, **error.params) from None
        except ValueError:
            raise Declined(
                ResponseCode.FORMAT_ERROR, "emv.evidence", field="cardholder.pin_block_format"
            ) from None


def _evidence(raw: Mapping[str, str]) -> Evidence:
    """:meth:`Evidence.read`, parsed once for the request's checks and its tag 91. Evidence
    with a PIN block is not kept: the block is read once and let go."""
    if "pin_block" in raw:
        return Evidence.read(raw)
    return _read_evidence(tuple(sorted(raw.items())))


@functools.lru_cache(maxsize=VERDICTS_KEPT)
def _read_evidence(raw: tuple[tuple[str, str], ...]) -> Evidence:
    return Evidence.read(dict(raw))


def _unhex(raw: Mapping[str, str], name: str) -> bytes:
    try:
        return bytes.fromhex(raw[name])
    except ValueError:
        raise InvalidValue("emv.evidence", field=f"cardholder.{name}") from None


@dataclass(frozen=True, slots=True)
class Assessment:
    state: CardSecurity  # what to keep, whatever the answer
    declined: Declined | None


@dataclass
class EmvCardholderVerifier:
    keys: CardKeys
    clock: Clock
    _genuine: Callable[[str, str, Cdol1, bytes], bool] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The verdict is a function of the key and of what the card signed; replays are caught
        # by the ATC kept in the card's security state, not here. Parsing the evidence and
        # checking the MAC again for tag 91 cost ~80 µs a request.
        self._genuine = functools.lru_cache(maxsize=VERDICTS_KEPT)(self.keys.arqc_is_genuine)

    def verify(self, uow: PaymentsUnitOfWork, card: Card, request: AuthorizationRequest) -> None:
        assessment = self._assess(uow, card, request)
        uow.card_security.save(assessment.state, at=self.clock.now())
        if assessment.declined is not None:
            raise assessment.declined

    def settle(self, uow: PaymentsUnitOfWork, card: Card | None, request: AuthorizationRequest) -> None:
        """Keep a declined request's ATC and PIN count: the request's own changes rolled back."""
        if card is None:
            return
        try:
            assessment = self._assess(uow, card, request)
        except Declined:
            return  # unreadable evidence changes nothing
        uow.card_security.save(assessment.state, at=self.clock.now())

    def issuer_authentication(
        self, card: Card, request: AuthorizationRequest, response: ResponseCode
    ) -> bytes | None:
        """EMV tag 91 for the card, for the answer ``response``: ARPC ‖ ARC (method 1, TDES) or
        ARPC ‖ CSU (method 2, AES). None unless the request carried this card's genuine ARQC."""
        try:
            evidence = _evidence(request.cardholder)
        except Declined:
            return None
        pan, psn, data = request.pan or "", f"{card.sequence_number:02d}", evidence.data
        if not self._genuine(pan, psn, data, evidence.arqc):
            return None
        arpc = self.keys.arpc(pan, psn, data, evidence.arqc, response.value)
        if data.version is CryptogramVersion.TDES:
            return arpc + response.value.encode("ascii")
        return arpc + card_status_update(response.approved)

    def _assess(self, uow: PaymentsUnitOfWork, card: Card, request: AuthorizationRequest) -> Assessment:
        evidence = _evidence(request.cardholder)
        pan, psn, data = request.pan or "", f"{card.sequence_number:02d}", evidence.data
        state = uow.card_security.get(card.token, at=self.clock.now())
        if not self._genuine(pan, psn, data, evidence.arqc):
            return Assessment(state, Declined(ResponseCode.DO_NOT_HONOUR, "emv.cryptogram_invalid"))
        if not state.accepts_atc(data.atc):
            replayed = Declined(
                ResponseCode.DO_NOT_HONOUR, "emv.atc_replayed", atc=data.atc, last=state.last_atc
            )
            return Assessment(state, replayed)
        state = state.with_atc(data.atc)
        if request.amount is not None and request.amount.piasters != data.amount:
            mismatch = Declined(
                ResponseCode.INVALID_AMOUNT, "emv.amount_mismatch", signed=data.amount, asked=request.amount
            )
            return Assessment(state, mismatch)
        policy = uow.policies.book().in_force(cairo_date(self.clock.now())).verification
        return self._cardholder(state, evidence, pan, request, policy)

    def _cardholder(
        self,
        state: CardSecurity,
        evidence: Evidence,
        pan: str,
        request: AuthorizationRequest,
        policy: VerificationPolicy,
    ) -> Assessment:
        methods: set[Cvm] = set()
        if evidence.data.cvr.fingerprint is Fingerprint.MATCHED:
            methods.add(Cvm.FINGERPRINT)
        if evidence.data.cvr.offline_pin is OfflinePin.VERIFIED:
            methods.add(Cvm.PIN)
        if evidence.pin_block is not None:
            state, declined = self._online_pin(state, evidence, evidence.pin_block, pan, policy)
            if declined is not None:
                return Assessment(state, declined)
            methods.add(Cvm.PIN)
        if request.type.value in _VERIFIED:
            transaction = VerifiedTransaction(request.type.value)
            if policy.requires_cardholder(transaction) and not any(
                policy.accepts(transaction, method) for method in methods
            ):
                accepted = ", ".join(sorted(policy.accepted[transaction]))
                required = Declined(ResponseCode.INCORRECT_PIN, "cvm.required", methods=accepted)
                return Assessment(state, required)
        return Assessment(state, None)

    def _online_pin(
        self,
        state: CardSecurity,
        evidence: Evidence,
        block: bytes,
        pan: str,
        policy: VerificationPolicy,
    ) -> tuple[CardSecurity, Declined | None]:
        if state.pin_value is None:
            return state, Declined(ResponseCode.INCORRECT_PIN, "pin.not_set")
        if state.pin_tries.locked:
            return state, Declined(ResponseCode.PIN_TRIES_EXCEEDED, "pin.locked")
        try:
            matched = self.keys.pin_block_matches(evidence.pin_block_format, block, pan, state.pin_value)
        except InvalidValue as error:
            # A malformed block is not a wrong PIN: it counts no try (a terminal's fault, not a guess).
            return state, Declined(ResponseCode.PIN_BLOCK_ERROR, error.code, **error.params)
        check = state.pin_tries.after(matched, policy.pin)
        state = state.with_tries(check.tries)
        if check.reason is not None:
            return state, Declined(check.response, check.reason)
        return state, None
