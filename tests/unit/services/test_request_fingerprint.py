"""A request's fingerprint binds its idempotency key: it must never change for a stored request."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from unicard.domain.payments.bread import PayWith
from unicard.domain.payments.ration import BasketLine
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.money import Money
from unicard.services.payments.requests import AuthorizationRequest

_text = st.text(max_size=12)
requests = st.builds(
    AuthorizationRequest,
    type=st.sampled_from(TransactionType),
    pan=st.none() | st.text(alphabet="0123456789", min_size=16, max_size=19),
    loaves=st.none() | st.integers(-5, 200),
    pay_with=st.sampled_from(PayWith),
    basket=st.lists(st.builds(BasketLine, _text, st.integers(-3, 50)), max_size=4).map(tuple),
    amount=st.none() | st.integers(1, 10**9).map(Money),
    use_wallet=st.booleans(),
    bill_reference=st.none() | _text,
    visit_type=st.none() | _text,
    original_transaction_id=st.none() | _text,
    cardholder=st.dictionaries(_text, _text, max_size=3),
    legacy_card=st.none() | _text,
)


def fingerprint_as_first_bound(request: AuthorizationRequest) -> str:
    """The fingerprint as stored keys were bound to it (through ``dataclasses.asdict``)."""
    plain = asdict(request)
    plain["amount"] = request.amount.piasters if request.amount else None
    plain["cardholder"] = dict(request.cardholder)
    if request.legacy_card is None:
        del plain["legacy_card"]
    encoded = json.dumps(plain, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


@given(requests)
def test_the_fingerprint_is_the_one_stored_keys_were_bound_to(request: AuthorizationRequest) -> None:
    assert request.fingerprint() == fingerprint_as_first_bound(request)


def test_a_bread_purchase_keeps_its_fingerprint() -> None:
    bread = AuthorizationRequest(TransactionType.BREAD_PURCHASE, pan="5078030000000001", loaves=5)
    assert bread.fingerprint() == fingerprint_as_first_bound(bread)
    assert bread.fingerprint() != AuthorizationRequest(**{**asdict(bread), "loaves": 4}).fingerprint()
