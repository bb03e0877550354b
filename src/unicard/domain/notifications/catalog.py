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
_OFFICE = 48  # characters of a post office's name in the pickup notice


class TemplateId(enum.StrEnum):
    WALLET_DEBIT = "wallet_debit"
    WALLET_CREDIT = "wallet_credit"
    BREAD_PURCHASE = "bread_purchase"
    RATION_REDEMPTION = "ration_redemption"
    ENTITLEMENT_CREDITED = "entitlement_credited"
    SERVICE_MESSAGE = "service_message"
    CARD_PICKUP = "card_pickup"
    CARD_BLOCKED = "card_blocked"
    CARD_BLOCK_HELP = "card_block_help"
    ONE_TIME_CODE = "one_time_code"
    WALLET_OPENED = "wallet_opened"
    APPEAL_OPENED = "appeal_opened"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REJECTED = "appeal_rejected"
    ELIGIBILITY_EXCLUDED = "eligibility_excluded"
    ELIGIBILITY_RESTORED = "eligibility_restored"
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
    Template(
        id=TemplateId.CARD_PICKUP,
        ar="استلم بطاقتك من {office} من {window}",
        en="Collect your unified card at {office}, {window}",
        # Post office names are long ("مكتب بريد بورسعيد الرئيسي" is 25): the holder must be able
        # to find the office, and two UCS-2 parts still hold the longest rendering.
        params=(_name("office", max_length=_OFFICE), _name("window", max_length=30)),
        channels=_BOTH,
        max_parts=2,
    ),
    Template(
        id=TemplateId.CARD_BLOCKED,
        ar="أُوقفت بطاقتك المنتهية بـ {ending}، وتصلك رسالة لاستلام البديلة",
        en="Your card ending {ending} is blocked; an SMS will tell you where to collect the new one",
        params=(_name("ending", max_length=4),),
        channels=_BOTH,
        max_parts=2,
    ),
    # SMS only: the answer to an inbound SMS that was not the keyword, from a registered mobile.
    Template(
        id=TemplateId.CARD_BLOCK_HELP,
        ar="لإيقاف بطاقتك المفقودة أرسل كلمة: ايقاف",
        en="To block your lost card, text: STOP CARD",
        params=(),
        channels=(Channel.SMS,),
        max_parts=1,
    ),
    # SMS only: the code must not outlive its delivery in the citizen's app event stream. The
    # code is Bilingual: Arabic-Indic digits in Arabic, ASCII in English (both are accepted back).
    Template(
        id=TemplateId.ONE_TIME_CODE,
        ar="رمز {purpose}: {code} صالح {minutes} دقائق، لا تعطه لأحد",
        en="Your {purpose} code: {code}. Valid {minutes} minutes. Do not share it",
        params=(_name("code", max_length=6), _name("purpose", max_length=24), _count("minutes")),
        channels=(Channel.SMS,),
        max_parts=2,
    ),
    Template(
        id=TemplateId.WALLET_OPENED,
        ar="فُتح حساب محفظتك الشخصي لدى البريد المصري. رصيدك {balance}",
        en="Your personal Egypt Post wallet account is open. Balance {balance}",
        params=(_money("balance"),),
        channels=_BOTH,
        max_parts=2,
    ),
    # The reasons are the rule set's own words for the criteria that held; the app event carries
    # the same message, and the household's page explains each criterion in full.
    Template(
        id=TemplateId.ELIGIBILITY_EXCLUDED,
        ar="توقف تموينك من {month}: {reasons}. لك حق التظلم",
        en="Your ration credit stops from {month}: {reasons}. You may appeal",
        params=(Param("month", ParamKind.MONTH), _name("reasons", max_length=100)),
        channels=_BOTH,
        max_parts=3,
    ),
    Template(
        id=TemplateId.ELIGIBILITY_RESTORED,
        ar="يعود تموينك من {month} لاستيفاء شروط الاستحقاق",
        en="Your ration credit resumes from {month}: your household meets the criteria",
        params=(Param("month", ParamKind.MONTH),),
        channels=_BOTH,
        max_parts=1,
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

_APPEAL = Param("appeal", ParamKind.REFERENCE)
_APPEAL_TEMPLATES = (
    Template(
        id=TemplateId.APPEAL_OPENED,
        ar="استلمنا تظلمك رقم {appeal}، وسنبلغك بالقرار فور صدوره",
        en="We received your appeal no. {appeal}. We will tell you the decision",
        params=(_APPEAL,),
        channels=_BOTH,
        max_parts=1,
    ),
    Template(
        id=TemplateId.APPEAL_UPHELD,
        ar="قُبل تظلمك رقم {appeal}؛ يعود صرف التموين لأسرتك من {month}",
        en="Appeal no. {appeal} upheld: your household's rations resume from {month}",
        params=(_APPEAL, Param("month", ParamKind.MONTH)),
        channels=_BOTH,
        max_parts=1,
    ),
    Template(
        id=TemplateId.APPEAL_REJECTED,
        ar="رُفض تظلمك رقم {appeal}. السبب: {reason}",
        en="Appeal no. {appeal} rejected. Reason: {reason}",
        params=(_APPEAL, _name("reason", max_length=80)),
        channels=_BOTH,
        max_parts=2,
    ),
)

TEMPLATES: dict[str, Template] = {template.id: template for template in (*_TEMPLATES, *_APPEAL_TEMPLATES)}


def template(template_id: str) -> Template:
    found = TEMPLATES.get(template_id)
    if found is None:
        raise InvalidValue("notification.unknown_template", field="template", value=template_id)
    return found
