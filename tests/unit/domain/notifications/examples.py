"""Params for each template: what a day brings, and the longest a template may have to carry."""

from __future__ import annotations

import datetime as dt

from unicard.domain.notifications import Bilingual, TemplateId
from unicard.domain.shared.money import Money

AL_AMAL = Bilingual("مخبز الأمل", "Al Amal Bakery")
AL_NOUR = Bilingual("بقالة النور", "Al Nour Grocery")
TAKAFUL = Bilingual("تكافل وكرامة", "Takaful and Karama")

TYPICAL: dict[str, dict[str, object]] = {
    TemplateId.WALLET_DEBIT: {
        "amount": Money.pounds(50),
        "merchant": AL_AMAL,
        "balance": Money.pounds(1250, 50),
    },
    TemplateId.WALLET_CREDIT: {
        "amount": Money.pounds(400),
        "source": TAKAFUL,
        "balance": Money.pounds(1650, 50),
    },
    TemplateId.BREAD_PURCHASE: {"loaves": 20, "bakery": AL_AMAL, "left_today": 5, "left_month": 580},
    TemplateId.RATION_REDEMPTION: {
        "amount": Money.pounds(125, 75),
        "grocer": AL_NOUR,
        "credit_left": Money.pounds(74, 25),
    },
    TemplateId.ENTITLEMENT_CREDITED: {
        "month": dt.date(2026, 11, 1),
        "ration_credit": Money.pounds(175),
        "loaves_per_day": 25,
    },
    TemplateId.SERVICE_MESSAGE: {
        "text": Bilingual(
            "استلم بطاقتك من مكتب بريد بورسعيد الرئيسي من ٢٣ إلى ٣٠ نوفمبر",
            "Collect your card at Port Said main post office, 23-30 November",
        )
    },
    TemplateId.APPEAL_OPENED: {"appeal": 1207},
    TemplateId.APPEAL_UPHELD: {"appeal": 1207, "month": dt.date(2026, 12, 1)},
    TemplateId.APPEAL_REJECTED: {
        "appeal": 1207,
        "reason": Bilingual(
            "السيارة ما زالت مسجلة باسم رب الأسرة", "the car is still registered to the head"
        ),
    },
    TemplateId.CARD_PICKUP: {
        "office": Bilingual("مكتب بريد بورسعيد الرئيسي", "Port Said main post office"),
        "window": Bilingual("٥ ديسمبر إلى ٣ يناير", "5 December to 3 January"),
    },
    TemplateId.CARD_BLOCKED: {"ending": Bilingual("٤٨٢١", "4821")},
    TemplateId.ONE_TIME_CODE: {
        "code": Bilingual("٠٤٢٩١٧", "042917"),
        "purpose": Bilingual("الدخول إلى التطبيق", "app sign-in"),
        "minutes": 5,
    },
    TemplateId.WALLET_OPENED: {"balance": Money.pounds(400)},
    TemplateId.ELIGIBILITY_EXCLUDED: {
        "month": dt.date(2027, 1, 1),
        "reasons": Bilingual("سيارة موديل ما بعد ٢٠١٤", "a car made after 2014"),
    },
    TemplateId.ELIGIBILITY_RESTORED: {"month": dt.date(2027, 1, 1)},
    TemplateId.CARD_BLOCK_HELP: {},
    TemplateId.SERVICE_SWITCHED_ON: {
        "service": Bilingual("التموين", "supply"),
        "governorate": Bilingual("بورسعيد", "Port Said"),
    },
}

# Arabic-only names (so English goes out as UCS-2 too), far past any name's cut, and amounts of
# a hundred thousand pounds less a piaster: more than any wallet limit in the policy allows.
_LONG_NAME = "مخبز " + "السلام البلدي " * 6
_MOST = Money.pounds(99_999, 99)

LONGEST: dict[str, dict[str, object]] = {
    TemplateId.WALLET_DEBIT: {"amount": _MOST, "merchant": _LONG_NAME, "balance": _MOST},
    TemplateId.WALLET_CREDIT: {"amount": _MOST, "source": _LONG_NAME, "balance": _MOST},
    TemplateId.BREAD_PURCHASE: {
        "loaves": 9_999,
        "bakery": _LONG_NAME,
        "left_today": 9_999,
        "left_month": 99_999,
    },
    TemplateId.RATION_REDEMPTION: {"amount": _MOST, "grocer": _LONG_NAME, "credit_left": _MOST},
    TemplateId.ENTITLEMENT_CREDITED: {"month": "2026-09", "ration_credit": _MOST, "loaves_per_day": 9_999},
    TemplateId.SERVICE_MESSAGE: {"text": "ا" * 500},
    TemplateId.CARD_PICKUP: {"office": _LONG_NAME, "window": "٢٨ ديسمبر إلى ٢٦ يناير" + "ا" * 40},
    TemplateId.CARD_BLOCKED: {"ending": "٤٨٢١٩٩٩٩"},
    TemplateId.ONE_TIME_CODE: {"code": "٩٩٩٩٩٩", "purpose": "ا" * 100, "minutes": 60},
    TemplateId.WALLET_OPENED: {"balance": _MOST},
    TemplateId.APPEAL_OPENED: {"appeal": 10**12 - 1},
    TemplateId.APPEAL_UPHELD: {"appeal": 10**12 - 1, "month": "2026-09"},
    TemplateId.APPEAL_REJECTED: {"appeal": 10**12 - 1, "reason": _LONG_NAME * 3},
    TemplateId.ELIGIBILITY_EXCLUDED: {"month": "2027-09", "reasons": "ا" * 500},
    TemplateId.ELIGIBILITY_RESTORED: {"month": "2027-09"},
    TemplateId.CARD_BLOCK_HELP: {},
    TemplateId.SERVICE_SWITCHED_ON: {"service": _LONG_NAME, "governorate": _LONG_NAME},
}
