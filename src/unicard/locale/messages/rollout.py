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
