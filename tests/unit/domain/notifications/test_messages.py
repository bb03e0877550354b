"""Every code the notifications raise has Arabic and English words that its real params fill."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.domain.notifications.examples import TYPICAL
from unicard.domain import notifications as package
from unicard.domain.notifications import Recipient, TemplateId, compose, template
from unicard.domain.shared.clock import CAIRO
from unicard.domain.shared.errors import DomainError
from unicard.locale.catalog import MESSAGES, Language, describe

SOURCE = Path(package.__file__).parent
_CODE_LITERAL = re.compile(r"\w\(\s*\"(notification\.[a-z_.]+)\"")
RAISED = {code for path in SOURCE.glob("*.py") for code in _CODE_LITERAL.findall(path.read_text("utf-8"))}
LANGUAGES: tuple[Language, ...] = ("ar", "en")
AT = dt.datetime(2026, 11, 22, 9, 0, tzinfo=CAIRO)
AHMED = Recipient("28503140300137", "01012345678")
DEBIT = TYPICAL[TemplateId.WALLET_DEBIT]

PROVOKE: dict[str, Callable[[], object]] = {
    "notification.unknown_template": lambda: template("nope"),
    "notification.param_missing": lambda: template(TemplateId.WALLET_DEBIT).encode({}),
    "notification.param_unknown": lambda: template(TemplateId.WALLET_DEBIT).encode({**DEBIT, "x": 1}),
    "notification.param_type": lambda: template(TemplateId.WALLET_DEBIT).encode({**DEBIT, "amount": 5}),
    "notification.channel": lambda: compose(
        TemplateId.WALLET_DEBIT, AHMED, DEBIT, dedupe_key="k", at=AT, channels=[]
    ),
    "notification.dedupe_key": lambda: compose(
        TemplateId.WALLET_DEBIT, AHMED, DEBIT, dedupe_key="a b", at=AT
    ),
    "notification.recipient": lambda: compose(
        TemplateId.WALLET_DEBIT, Recipient("1"), DEBIT, dedupe_key="k", at=AT
    ),
}


def test_every_raised_code_can_be_provoked() -> None:
    assert set(PROVOKE) == RAISED


@pytest.mark.parametrize("code", sorted(PROVOKE))
@pytest.mark.parametrize("language", LANGUAGES)
def test_message_is_filled_from_the_real_params(code: str, language: Language) -> None:
    with pytest.raises(DomainError) as caught:
        PROVOKE[code]()
    assert caught.value.code == code
    assert code in MESSAGES
    text = describe(caught.value, language)
    assert "{" not in text, text
