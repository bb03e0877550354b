"""Card production batches, the pickup desk and card blocks: what an admin, a clerk or a citizen reads.

"Card" is البطاقة الموحدة; "batch" is دفعة البطاقات; "post office" is مكتب البريد.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- production batches -----------------------------------------------------------------------
    "batch.nobody": (
        "لا يوجد في المحافظة {governorate} مواطن بالغ له موبايل مسجل وليست له بطاقة سارية",
        "no adult citizen of governorate {governorate} with a registered mobile is without a live card",
    ),
    "batch.limit": (
        "الحد الأقصى لعدد البطاقات {value} غير صحيح؛ يجب أن يكون ١ أو أكثر",
        "the card limit {value} is invalid; it must be 1 or more",
    ),
    "batch.office_kind": (
        "التاجر {merchant_id} ليس مكتب بريد عاملًا؛ تُسلَّم البطاقات من شباك البريد فقط",
        "merchant {merchant_id} is not an active post office; cards are handed out at post counters only",
    ),
    "batch.office_governorate": (
        "مكتب البريد {merchant_id} ليس في المحافظة {governorate}",
        "post office {merchant_id} is not in governorate {governorate}",
    ),
    "batch.office_missing": (
        "حدد مكتب البريد الذي تُستلم منه البطاقة البديلة",
        "name the post office where the replacement card is to be collected",
    ),
    "batch.not_found": ("لا توجد دفعة بطاقات رقم {batch}", "there is no card batch {batch}"),
    "batch.status": (
        "الدفعة {batch} حالتها «{status}» ولا يمكن نقلها إلى «{wanted}»؛"
        " الترتيب: أُنتجت ثم أُرسلت ثم وصلت المكتب",
        "batch {batch} is “{status}” and cannot become “{wanted}”;"
        " the order is produced, dispatched, at_office",
    ),
    "batch.governorate_scope": (
        "لا تملك صلاحية على المحافظة {governorate}",
        "you have no rights over governorate {governorate}",
    ),
    "batch.bin": (
        "رقم تعريف الجهة المصدرة (BIN) «{value}» غير صحيح؛ يجب أن يكون من ٦ إلى ٨ أرقام",
        "the issuer BIN “{value}” is invalid; it must be 6 to 8 digits",
    ),
    # -- the pickup desk --------------------------------------------------------------------------
    "pickup.none": (
        "لا توجد بطاقة في انتظار الاستلام لصاحب الرقم القومي {national_id}",
        "no card is waiting to be collected for national ID {national_id}",
    ),
    "pickup.not_arrived": (
        "البطاقة المنتهية بـ {last4} لم تصل مكتب البريد بعد؛ لا يمكن تسليمها قبل وصول دفعتها",
        "the card ending {last4} has not reached the post office yet;"
        " it cannot be handed over before its batch arrives",
    ),
    "pickup.not_awaiting": (
        "البطاقة المنتهية بـ {last4} حالتها «{status}» وليست في انتظار الاستلام",
        "the card ending {last4} is “{status}”, not waiting to be collected",
    ),
    "pickup.not_holder": (
        "البطاقة المنتهية بـ {last4} ليست باسم صاحب هذا الرقم القومي؛ لا تُسلَّم إلا لصاحبها",
        "the card ending {last4} is not in the name of this national ID; it is handed only to its holder",
    ),
    "pickup.mobile_mismatch": (
        "رقم الموبايل المقدم لا يطابق الموبايل المسجل باسم صاحب البطاقة في السجل",
        "the mobile number given does not match the one registered to the cardholder",
    ),
    "pickup.card_mismatch": (
        "البطاقة الموجودة في القارئ ليست البطاقة المنتهية بالأرقام {last4} التي تُسلَّم الآن",
        "the card in the reader is not the card ending {last4} being handed over",
    ),
    "pickup.office_scope": (
        "البطاقة المنتهية بـ {last4} تُستلم من مكتب في المحافظة {governorate} ولا تملك صلاحية عليها",
        "the card ending {last4} is collected in governorate {governorate}, which you have no rights over",
    ),
    "pickup.fingerprint_ref": (
        "مرجع البصمة غير صحيح (الطول {length})؛ يُرسل مرجع القالب أو بصمته الرقمية فقط"
        " (١٦ إلى ١٢٨ حرفًا)، لا صورة البصمة",
        "the fingerprint reference is invalid (length {length}); send the template's reference or hash"
        " (16 to 128 characters), never the fingerprint image",
    ),
    "pickup.pin_format": (
        "الرقم السري يجب أن يكون من ٤ إلى ٦ أرقام",
        "the PIN must be 4 to 6 digits",
    ),
    # -- blocks -----------------------------------------------------------------------------------
    "batch.card_not_found": ("لا توجد بطاقة بهذا المعرّف", "there is no card with this token"),
    "block.not_yours": (
        "لا توجد بطاقة سارية بهذا المعرّف باسمك",
        "you have no live card with this token",
    ),
    "block.none_live": (
        "لا توجد بطاقة سارية لصاحب الرقم القومي {national_id}",
        "national ID {national_id} has no live card",
    ),
    "block.not_blockable": (
        "البطاقة المنتهية بـ {last4} حالتها «{status}» بالفعل",
        "the card ending {last4} is already “{status}”",
    ),
    "block.governorate_scope": (
        "صاحب البطاقة المنتهية بـ {last4} في محافظة لا تملك صلاحية عليها",
        "the holder of the card ending {last4} lives in a governorate you have no rights over",
    ),
    "batch.replace_not_blocked": (
        "البطاقة المنتهية بـ {last4} حالتها «{status}»؛ تُستبدل البطاقة الموقوفة فقط",
        "the card ending {last4} is “{status}”; only a blocked card is replaced",
    ),
    # -- inbound SMS (the gateway's webhook) ------------------------------------------------------
    "sms_inbound.not_configured": (
        "استقبال الرسائل النصية غير مُعدّ على هذا الخادم (UNICARD_SMS_INBOUND_SECRET)",
        "inbound SMS is not configured on this server (UNICARD_SMS_INBOUND_SECRET)",
    ),
    "sms_inbound.bad_signature": (
        "توقيع الرسالة الواردة غير صحيح",
        "the inbound SMS signature is missing or wrong",
    ),
    "sms_inbound.stale": (
        "توقيت الرسالة الواردة خارج المهلة المسموح بها ({seconds} ثانية)",
        "the inbound SMS timestamp is missing or more than {seconds} seconds from now",
    ),
}
