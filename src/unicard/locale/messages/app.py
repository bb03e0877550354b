"""The citizen app: one-time codes, the app session, and wallet account opening."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the app session (جلسة التطبيق) ------------------------------------------------------
    "app.code_requested": (
        "إذا كانت البيانات مطابقة لمواطن مسجل فسيصلك رمز التحقق في رسالة على المحمول المسجل باسمك",
        "if these details match a registered citizen, a verification code is on its way by SMS"
        " to the mobile registered in that name",
    ),
    "auth.citizen_inactive": (
        "لم يعد حساب المواطن صالحًا للدخول إلى التطبيق",
        "this citizen can no longer sign in to the app",
    ),
    # -- one-time codes (رمز التحقق) ---------------------------------------------------------
    "otp.code_format": (
        "رمز التحقق يتكون من {length} أرقام؛ اكتبه كما وصلك في الرسالة",
        "the verification code has {length} digits; enter it as the SMS shows it",
    ),
    "otp.purpose": (
        "الغرض «{value}» ليس من أغراض رموز التحقق المعروفة",
        "“{value}” is not a known purpose for a verification code",
    ),
    "otp.no_live_code": (
        "لا يوجد رمز تحقق صالح لهذا الطلب؛ اطلب رمزًا جديدًا",
        "there is no valid verification code for this request; ask for a new code",
    ),
    "otp.expired": (
        "انتهت صلاحية رمز التحقق (صالح {minutes} دقائق فقط)؛ اطلب رمزًا جديدًا",
        "the verification code has expired (it is valid for {minutes} minutes); ask for a new code",
    ),
    "otp.wrong_code": (
        "رمز التحقق غير صحيح؛ المحاولات المتبقية {attempts_left}",
        "the verification code is wrong; tries left: {attempts_left}",
    ),
    "otp.attempts_exhausted": (
        "رمز التحقق غير صحيح، واستُنفدت المحاولات المسموح بها فأُلغي الرمز؛ اطلب رمزًا جديدًا",
        "the verification code is wrong and no tries are left, so the code is cancelled; ask for a new code",
    ),
    "otp.not_reachable": (
        "لا يمكن إرسال رمز تحقق للرقم القومي {national_id}: لا يوجد رقم محمول مسجل باسمه في السجل"
        " أو أنه متوفى",
        "no verification code can be sent for national ID {national_id}: the registry holds no"
        " mobile in this name, or records a death",
    ),
    "otp.too_soon": (
        "أُرسل رمز تحقق منذ قليل؛ انتظر {seconds} ثانية قبل طلب رمز جديد",
        "a verification code was sent moments ago; wait {seconds} seconds before asking for another",
    ),
    "otp.daily_limit": (
        "بلغت الحد اليومي لرموز التحقق ({limit} رموز)؛ حاول مرة أخرى غدًا",
        "the daily limit of verification codes ({limit}) is reached; try again tomorrow",
    ),
}
