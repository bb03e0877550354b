"""Values that identify a person or an account: national ID, mobile, amount, card number.

Digit positions count from 1 at the left, as printed on the ID card. Arabic avoids putting a
number before a counted noun ("عدد أرقامه 9") so one template is grammatical for any count.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- national ID (الرقم القومي) ------------------------------------------------------------
    "national_id.not_digits": (
        "يجب أن يتكون الرقم القومي من أرقام فقط، والقيمة المُدخلة «{value}» تحتوي على رموز أخرى",
        "the national ID must contain digits only, but “{value}” contains other characters",
    ),
    "national_id.wrong_length": (
        "يجب أن يتكون الرقم القومي من 14 رقمًا، والرقم المُدخل عدد أرقامه {length}",
        "the national ID must have 14 digits; the number entered has {length}",
    ),
    "national_id.century": (
        "الرقم الأول في الرقم القومي {value} هو {digit}، ويجب أن يكون 2 لمواليد 1900–1999"
        " أو 3 لمواليد 2000–2099",
        "the first digit of the national ID {value} is {digit}; it must be 2 for people born"
        " 1900–1999 or 3 for people born 2000–2099",
    ),
    "national_id.birth_date": (
        "تاريخ الميلاد {date} في الأرقام من 2 إلى 7 غير موجود",
        "the birth date {date} in digits 2–7 does not exist",
    ),
    "national_id.birth_in_future": (
        "تاريخ الميلاد {date} في الأرقام من 2 إلى 7 يقع في المستقبل",
        "the birth date {date} in digits 2–7 is in the future",
    ),
    "national_id.governorate": (
        "رمز المحافظة {code} في الرقمين 8 و9 لا يطابق أي محافظة",
        "the governorate code {code} in digits 8–9 is not a known governorate",
    ),
    # -- mobile (رقم المحمول) ------------------------------------------------------------------
    "mobile.unreadable": (
        "تعذّرت قراءة «{value}» على أنه رقم هاتف",
        "“{value}” cannot be read as a phone number",
    ),
    "mobile.not_egyptian": (
        "الرقم {value} يحمل رمز الدولة +{country_code}، ولا تُقبل إلا أرقام المحمول المصرية (+20)",
        "{value} is a +{country_code} number; only Egyptian mobile numbers (+20) are accepted",
    ),
    "mobile.not_mobile": (
        "الرقم {value} ليس رقم محمول مصريًا: رقم المحمول يتكون من 11 رقمًا ويبدأ بـ 010 أو 011 أو 012 أو 015",
        "{value} is not an Egyptian mobile number: a mobile number has 11 digits"
        " and starts with 010, 011, 012 or 015",
    ),
    "mobile.unknown_operator": (
        "الرقم {value} يبدأ بـ {prefix}، وهي بادئة لا تستخدمها أي شركة محمول مصرية"
        " (البادئات المعتمدة 010 و011 و012 و015)",
        "{value} starts with {prefix}, which no Egyptian mobile operator uses"
        " (the prefixes are 010, 011, 012 and 015)",
    ),
    # -- money (المبالغ) ------------------------------------------------------------------------
    "money.unreadable": (
        "تعذّرت قراءة «{value}» على أنه مبلغ؛ اكتب المبلغ بالجنيه مثل 1,250.50"
        " وبحد أقصى رقمين بعد العلامة العشرية",
        "“{value}” cannot be read as an amount; write pounds like 1,250.50"
        " with at most two digits after the decimal point",
    ),
    "money.not_integer": (
        "القيمة {value} ليست عددًا صحيحًا، إذ تُحسب المبالغ بعدد صحيح من القروش",
        "{value} is not a whole number; amounts are counted in whole piasters",
    ),
    # -- card number (رقم البطاقة) -------------------------------------------------------------
    "pan.not_digits": (
        "يجب أن يتكون رقم البطاقة من أرقام فقط",
        "the card number must contain digits only",
    ),
    "pan.wrong_length": (
        "عدد أرقام رقم البطاقة {length}، ويجب أن يكون من 12 إلى 19 رقمًا",
        "the card number has {length} digits; it must have 12 to 19",
    ),
    "pan.luhn": (
        "رقم البطاقة {value} به خطأ في الكتابة: رقم التحقق (الرقم الأخير) لا يتفق مع باقي الأرقام",
        "the card number {value} is mistyped: its check digit (the last one) does not match the others",
    ),
    "pan.account_number": (
        "رقم الحساب أطول مما يتسع له رقم بطاقة من 16 رقمًا يبدأ بـ {bin}؛"
        " يجب ألا يزيد عدد أرقامه على {digits}",
        "the account number is too long for a 16-digit card number starting {bin};"
        " it may have at most {digits} digits",
    ),
}
