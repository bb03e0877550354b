"""What a channel asks the engine, after it has parsed the wire format, and what it gets back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from unicard.domain.payments.bread import PayWith
from unicard.domain.payments.ration import BasketLine
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    type: TransactionType
    pan: str | None = None
    loaves: int | None = None
    pay_with: PayWith = PayWith.CASH
    basket: tuple[BasketLine, ...] = ()
    amount: Money | None = None
    use_wallet: bool = False  # ration: the citizen agrees to pay a remainder from the wallet
    bill_reference: str | None = None
    visit_type: str | None = None
    original_transaction_id: str | None = None
    cardholder: Mapping[str, str] = field(default_factory=dict)  # evidence for the verifier
    legacy_card: str | None = None  # an old ration card's number, instead of a PAN

    def fingerprint(self) -> str:
        """Same request, same fingerprint: what an idempotency key is bound to."""
        # The fields one level deep, as dataclasses.asdict gave them when keys were first bound
        # (without its deep copies, which cost more than the rest of the fingerprint).
        plain = {name: getattr(self, name) for name in _REQUEST_FIELDS}
        plain["basket"] = [{"item": line.item, "quantity": line.quantity} for line in self.basket]
        plain["amount"] = self.amount.piasters if self.amount else None
        plain["cardholder"] = dict(self.cardholder)
        if self.legacy_card is None:
            del plain["legacy_card"]  # requests from before legacy cards keep their fingerprint
        encoded = json.dumps(plain, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()


_REQUEST_FIELDS = tuple(f.name for f in fields(AuthorizationRequest))


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's answer, as stored and as replayed for a retry with the same key."""

    transaction_id: str
    response: ResponseCode
    reason: str | None
    reason_params: Mapping[str, object]
    receipt: Mapping[str, object]
    policy_version: str | None
    replayed: bool = False
    #: EMV tag 91 for the card (ARPC and ARC or CSU), when the request carried its genuine ARQC.
    issuer_authentication: bytes | None = None

    @property
    def approved(self) -> bool:
        return self.response.approved

    def to_plain(self) -> dict[str, object]:
        return {
            "transaction_id": self.transaction_id,
            "response": self.response.value,
            "reason": self.reason,
            "reason_params": {key: _plain(value) for key, value in self.reason_params.items()},
            "receipt": {key: _plain(value) for key, value in self.receipt.items()},
            "policy_version": self.policy_version,
            # Kept with the answer: a retry with the same key gets the same tag 91.
            "issuer_authentication": self.issuer_authentication.hex() if self.issuer_authentication else None,
        }

    @classmethod
    def from_plain(cls, plain: Mapping[str, object], *, replayed: bool) -> Answer:
        return cls(
            transaction_id=str(plain["transaction_id"]),
            response=ResponseCode(str(plain["response"])),
            reason=plain["reason"] if isinstance(plain["reason"], str) else None,
            reason_params=dict(plain["reason_params"]),  # type: ignore[call-overload]
            receipt=dict(plain["receipt"]),  # type: ignore[call-overload]
            policy_version=plain["policy_version"] if isinstance(plain["policy_version"], str) else None,
            replayed=replayed,
            issuer_authentication=bytes.fromhex(tag)
            if isinstance(tag := plain.get("issuer_authentication"), str)
            else None,
        )


def _plain(value: object) -> object:
    return value.piasters if isinstance(value, Money) else value
