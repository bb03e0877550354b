"""Words for card security: EMV cryptograms and their data, PIN blocks, the issuer key store."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- EMV data and keys ------------------------------------------------------------------------
    "emv.key_length": (
        "طول المفتاح في {field} هو {length} بايت، والمطلوب {expected}",
        "the key in {field} is {length} bytes long; {expected} bytes are needed",
    ),
    "emv.block_length": (
        "طول البيانات في {field} ({length} بايت) ليس من مضاعفات {block}",
        "the data in {field} ({length} bytes) is not a whole number of {block}-byte blocks",
    ),
    "emv.field_length": (
        "طول الحقل {field} هو {length} بايت، والمطلوب {expected}",
        "{field} is {length} bytes long; {expected} bytes are needed",
    ),
    "emv.pan": (
        "رقم الكارت في {field} يجب أن يكون من 12 إلى 19 رقمًا (طوله {length})",
        "the card number in {field} must be 12 to 19 digits (it has {length})",
    ),
    "emv.psn": (
        "الرقم التسلسلي للكارت ({value}) يجب أن يكون رقمين",
        "the PAN sequence number ({value}) must be two digits",
    ),
    "emv.atc_range": (
        "عداد العمليات {value} في {field} خارج المدى من 0 إلى 65535",
        "the transaction counter {value} in {field} is outside 0 to 65535",
    ),
    "emv.amount": (
        "المبلغ {value} في {field} يجب أن يكون من 0 إلى 12 رقمًا",
        "the amount {value} in {field} must be 0 to 12 digits",
    ),
    "emv.transaction_type": (
        "نوع العملية {value} في {field} يجب أن يكون بايت واحد",
        "the transaction type {value} in {field} must fit in one byte",
    ),
    "emv.bcd": (
        "الحقل {field} يجب أن يحتوي أرقامًا فقط، ووجدنا {value}",
        "{field} must hold decimal digits only; it holds {value}",
    ),
    "emv.date": (
        "تاريخ العملية في {field} غير صحيح: {value}",
        "the transaction date in {field} is not a date: {value}",
    ),
    "emv.cryptogram_version": (
        "إصدار التشفير {value} في {field} غير معروف",
        "cryptogram version {value} in {field} is not one this issuer uses",
    ),
    "emv.atc_exhausted": (
        "عداد عمليات الكارت وصل إلى الحد الأقصى ({value}): يجب استبدال الكارت",
        "the card's transaction counter reached its maximum ({value}): the card must be replaced",
    ),
    "emv.cvr": (
        "نتيجة التحقق على الكارت في {field} غير مفهومة: {value}",
        "the card verification results in {field} cannot be read: {value}",
    ),
    # -- PIN -----------------------------------------------------------------------------------------
    "response.81": ("خطأ في تشفير الرقم السري", "PIN cryptographic error"),
    "pin.digits": (
        "الرقم السري يجب أن يكون من 4 إلى 12 رقمًا (طوله {length})",
        "a PIN must be 4 to 12 digits (this one has {length})",
    ),
    "pin.block_format": (
        "كتلة الرقم السري في {field} ليست بالصيغة المتفق عليها ({reason})",
        "the PIN block in {field} is not a well-formed block of the agreed format ({reason})",
    ),
    "pin.incorrect": ("الرقم السري غير صحيح", "the PIN is incorrect"),
    "pin.locked": (
        "الرقم السري موقوف بعد محاولات خاطئة متتالية؛ يفتحه موظف مكتب البريد",
        "the PIN is locked after too many wrong tries; a post office clerk can unlock it",
    ),
    "pin.not_set": ("لم يتم تعيين رقم سري لهذا الكارت", "no PIN has been set for this card"),
    # -- the issuer key file ----------------------------------------------------------------------
    "keys.unreadable": (
        "ملف مفاتيح الجهة المصدرة ({field}) ليس كائن JSON",
        "the issuer key file ({field}) is not a JSON object of key name to hexadecimal key",
    ),
    "keys.unknown": ("مفاتيح غير معروفة في ملف المفاتيح: {field}", "unknown keys in the key file: {field}"),
    "keys.missing": (
        "المفتاح {field} غير موجود في ملف المفاتيح",
        "the key {field} is missing from the key file",
    ),
    "keys.not_hex": (
        "المفتاح {field} ليس مكتوبًا بالنظام السداسي عشر",
        "the key {field} is not written in hexadecimal",
    ),
    "keys.length": (
        "طول المفتاح {field} هو {length} بايت، والمطلوب {expected}",
        "the key {field} is {length} bytes long; {expected} bytes are needed",
    ),
    # -- the host's card authentication ---------------------------------------------------------
    "emv.cryptogram_missing": (
        "لم ترسل الماكينة شفرة الكارت (ARQC وبيانات CDOL1)",
        "the terminal sent no card cryptogram (ARQC and CDOL1 data)",
    ),
    "emv.cryptogram_invalid": (
        "شفرة الكارت غير صحيحة: الكارت أو البيانات ليست كما أصدرناها",
        "the card cryptogram is not genuine: the card or its data is not as issued",
    ),
    "emv.atc_replayed": (
        "شفرة مكررة: عداد العمليات {atc} ليس أكبر من آخر عداد {last}",
        "a replayed cryptogram: transaction counter {atc} is not above the last one seen, {last}",
    ),
    "emv.amount_mismatch": (
        "المبلغ الذي وقّعه الكارت ({signed} قرش) غير المبلغ المطلوب ({asked})",
        "the amount the card signed ({signed} piasters) is not the amount asked ({asked})",
    ),
    "emv.evidence": (
        "بيانات التحقق في {field} ليست بالنظام السداسي عشر أو غير معروفة",
        "the verification data in {field} is not hexadecimal or not a known value",
    ),
    "cvm.required": (
        "يلزم التحقق من حامل الكارت لهذه العملية بإحدى الطرق: {methods}",
        "this transaction needs the cardholder verified by one of: {methods}",
    ),
    "pin.policy_length": (
        "الرقم السري يجب أن يكون من {minimum} إلى {maximum} أرقام",
        "the PIN must be {minimum} to {maximum} digits",
    ),
}
