"""The templates unicard sends, as data. Arabic first, short, and within a declared SMS budget.

Budgets are UCS-2 parts (70 characters alone, 67 per part of a longer message): each template's
test renders a typical and a longest case in both languages and checks they fit. Names are cut
to their ``max_length`` so that no merchant can push a message over. Numbers agree with their
nouns in Arabic only in awkward ways (٣ أرغفة but ١١ رغيفًا), so counts follow a label instead
("عدد الأرغفة ٥").
"""

from __future__ import annotations

import enum

from unicard.domain.notifications.params import Param, ParamKind
from unicard.domain.notifications.templates import Channel, Template
from unicard.domain.shared.errors import InvalidValue

_BOTH = (Channel.SMS, Channel.APP)
_NAME = 24  # characters of a merchant's or a source's name that an SMS shows


class TemplateId(enum.StrEnum):
    WALLET_DEBIT = "wallet_debit"
    WALLET_CREDIT = "wallet_credit"
    BREAD_PURCHASE = "bread_purchase"
    RATION_REDEMPTION = "ration_redemption"
    ENTITLEMENT_CREDITED = "entitlement_credited"
    SERVICE_MESSAGE = "service_message"
    SERVICE_SWITCHED_ON = "service_switched_on"


def _money(name: str) -> Param:
    return Param(name, ParamKind.MONEY)


def _count(name: str) -> Param:
    return Param(name, ParamKind.COUNT)


def _name(name: str, max_length: int = _NAME) -> Param:
    return Param(name, ParamKind.TEXT, max_length)


_TEMPLATES = (
    Template(
        id=TemplateId.WALLET_DEBIT,
        ar="خصم {amount} من محفظتك لدى {merchant}. رصيدك {balance}",
        en="{amount} paid from your wallet at {merchant}. Balance {balance}",
        params=(_money("amount"), _name("merchant"), _money("balance")),
        channels=_BOTH,
        max_parts=2,
    ),
    Template(
        id=TemplateId.WALLET_CREDIT,
        ar="إضافة {amount} إلى محفظتك من {source}. رصيدك {balance}",
        en="{amount} added to your wallet from {source}. Balance {balance}",
        params=(_money("amount"), _name("source"), _money("balance")),
        channels=_BOTH,
        max_parts=2,
    ),
    Template(
        id=TemplateId.BREAD_PURCHASE,
        ar="خبز من {bakery}، عدد الأرغفة {loaves}. الباقي اليوم {left_today} وهذا الشهر {left_month}",
        en="{loaves} loaves from {bakery}. Left today {left_today}, this month {left_month}",
        params=(_count("loaves"), _name("bakery"), _count("left_today"), _count("left_month")),
        channels=_BOTH,
        max_parts=2,
    ),
    Template(
        id=TemplateId.RATION_REDEMPTION,
        ar="صرف تموين بقيمة {amount} من {grocer}. المتبقي {credit_left}",
        en="Rations worth {amount} from {grocer}. Ration credit left {credit_left}",
        params=(_money("amount"), _name("grocer"), _money("credit_left")),
        channels=_BOTH,
        max_parts=2,
    ),
    Template(
        id=TemplateId.ENTITLEMENT_CREDITED,
        ar="مقررات {month}: رصيد تموين {ration_credit}، وعدد الأرغفة يوميًا {loaves_per_day}",
        en="{month}: ration credit {ration_credit}, bread {loaves_per_day} loaves a day",
        params=(Param("month", ParamKind.MONTH), _money("ration_credit"), _count("loaves_per_day")),
        channels=_BOTH,
        max_parts=2,
    ),
    Template(
        id=TemplateId.SERVICE_MESSAGE,
        ar="{text}",
        en="{text}",
        params=(_name("text", max_length=2 * 67),),
        channels=_BOTH,
        max_parts=2,
    ),
    # Sent once per citizen and service when the rollout schedule reaches their governorate.
    Template(
        id=TemplateId.SERVICE_SWITCHED_ON,
        ar="تم تفعيل خدمة {service} على كارتك الموحد في {governorate}",
        en="Your unified card's {service} service is now on in {governorate}",
        params=(_name("service"), _name("governorate")),
        channels=_BOTH,
        max_parts=2,
    ),
)

TEMPLATES: dict[str, Template] = {template.id: template for template in _TEMPLATES}


def template(template_id: str) -> Template:
    found = TEMPLATES.get(template_id)
    if found is None:
        raise InvalidValue("notification.unknown_template", field="template", value=template_id)
    return found
