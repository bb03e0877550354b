"""Rollout schedule, service switch-on and legacy ration card messages."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "rollout.unknown_governorate": (
        "رمز المحافظة {value} غير معروف",
        "governorate code {value} is unknown",
    ),
    "rollout.unknown_service": (
        "الخدمة {value} غير معروفة (الخدمات: {known})",
        "service {value} is unknown (services: {known})",
    ),
    "rollout.date_passed": (
        "لا يمكن تغيير موعد بدء خدمة {service} في المحافظة {governorate}: بدأت بالفعل في {starts_on}",
        "{service} in governorate {governorate} already began on {starts_on}; that date cannot change",
    ),
    "rollout.date_in_past": (
        "موعد البدء {value} قبل اليوم ({today})؛ لا يمكن تفعيل خدمة بأثر رجعي",
        "start date {value} is before today ({today}); a service cannot be switched on retroactively",
    ),
    "rollout.date_format": (
        "التاريخ {value} غير صالح؛ اكتبه بالشكل YYYY-MM-DD",
        "date {value} is not valid; write it as YYYY-MM-DD",
    ),
    "rollout.not_started": (
        "خدمة {service} لم تبدأ بعد في محافظتك؛ تبدأ يوم {starts_on}",
        "the {service} service has not started in your governorate yet; it starts on {starts_on}",
    ),
    "rollout.not_announced": (
        "لم يُعلن بعد عن موعد بدء خدمة {service} في محافظتك",
        "the {service} service has not been announced in your governorate yet",
    ),
    "rollout.announced": (
        "تم إرسال {notifications} إشعارًا إلى {citizens} مواطنًا",
        "{notifications} notifications queued for {citizens} citizens",
    ),
    "rollout.set_done": (
        "تبدأ خدمة {service} في المحافظة {governorate} يوم {starts_on}",
        "{service} starts in governorate {governorate} on {starts_on}",
    ),
}

MESSAGES.update(
    {
        "legacy.card_number": (
            "رقم بطاقة التموين القديمة «{value}» غير صحيح: يجب أن يتكون من 6 إلى 20 رقمًا",
            "the legacy ration card number “{value}” is not valid: it must have 6 to 20 digits",
        ),
        "legacy.unknown": (
            "بطاقة التموين القديمة المنتهية بـ {last4} غير مسجلة",
            "the legacy ration card ending {last4} is not registered",
        ),
        "legacy.two_credentials": (
            "أرسل رقم الكارت الموحد أو رقم بطاقة التموين القديمة، لا الاثنين",
            "send the unified card or the legacy ration card, not both",
        ),
        "legacy.not_allowed": (
            "بطاقة التموين القديمة تصلح للخبز والمقررات التموينية فقط",
            "a legacy ration card can only draw bread and rations",
        ),
        "legacy.no_wallet": (
            "بطاقة التموين القديمة لا تدفع من المحفظة؛ ادفع نقدًا",
            "a legacy ration card cannot pay from a wallet; pay in cash",
        ),
        "legacy.use_new_card": (
            "تم تفعيل التموين على الكارت الموحد لأسرتك؛ استخدم الكارت الجديد بدلًا من بطاقة التموين القديمة",
            "supply is now on your family's unified card; use the new card instead of the old ration card",
        ),
    }
)

MESSAGES.update(
    {
        "import.legacy_number_repeated": (
            "رقم بطاقة التموين القديمة هذا مذكور بالفعل في الصف {first_row} من الملف نفسه",
            "this legacy card number is already on row {first_row} of the same file",
        ),
        "import.legacy_household_unknown": (
            "لا توجد أسرة مسجلة بهذا الرقم؛ سجّل الأسر أولًا (import households)",
            "no household is registered with this number; import the households first",
        ),
        "import.legacy_household_closed": (
            "هذه الأسرة مغلقة ولا تصرف مقررات",
            "this household is closed and draws no rations",
        ),
        "import.legacy_number_taken": (
            "بطاقة التموين القديمة هذه مسجلة بالفعل للأسرة {household}",
            "this legacy card is already registered to household {household}",
        ),
        "legacy.imported": (
            "تم تسجيل {added} بطاقة تموين قديمة ({present} مسجلة من قبل، {rows} صف)",
            "{added} legacy ration cards registered ({present} already present, {rows} rows)",
        ),
    }
)
